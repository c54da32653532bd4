import { sendHtml } from '../http/http-io.ts';
import type { Exchange, Route } from './exchange.ts';
import { readFormBody } from './form-body.ts';
import { paymentLinkHtml } from './payment-link-html.ts';
import { messageHtml, paymentResultHtml } from './payment-page-html.ts';
import { type DigitalSession, isTerminal } from './payment-session.ts';

/** The customer-facing link a digital session answers with (VCC's "digital URL"). */
export const paymentLinkUrl = (baseUrl: string, session: DigitalSession): string => `${baseUrl}/pay/${session.providerSessionGuid}`;

/**
 * The customer's page behind a payment link, opened from an SMS with a plain GET. It takes no
 * tokens: as with any link sent by SMS, the unguessable providerSessionGuid in it is the
 * credential. Checks run in this order: link known (404), form encoding (415, decisions only),
 * link still usable (409 paid, 410 expired), decision (400).
 */
async function openPaymentLink(exchange: Exchange): Promise<void> {
  const session = linkedSession(exchange);
  if (!session || refuseIfUsedUp(exchange, session)) return;
  exchange.sim.sessions.markPageOpened(session);
  sendHtml(exchange.res, 200, paymentLinkHtml(session));
}

async function decide(exchange: Exchange): Promise<void> {
  const session = linkedSession(exchange);
  if (!session) return;
  const form = await readFormBody(exchange);
  if (!form || refuseIfUsedUp(exchange, session)) return;
  const decision = form.get('decision');
  // Abandon is the agent's button: a customer who does not pay just leaves the link to expire.
  if (decision !== 'approve' && decision !== 'decline') {
    return sendHtml(exchange.res, 400, messageHtml('Bad request', 'decision must be approve or decline.'));
  }
  exchange.sim.sessions.complete(session, decision);
  sendHtml(exchange.res, 200, paymentResultHtml(decision));
}

/** An agent assist session's id is no payment link: its page needs the agent's tokens. */
function linkedSession(exchange: Exchange): DigitalSession | undefined {
  const session = exchange.sim.sessions.findByProviderGuid(exchange.params[0] ?? '');
  if (session?.kind === 'digital') return session;
  sendHtml(exchange.res, 404, messageHtml('Not found', 'No payment link with this id.'));
  return undefined;
}

/** The lookup has applied the link's lifetime, so an unused link past it is already expired here. */
function refuseIfUsedUp(exchange: Exchange, session: DigitalSession): boolean {
  if (!isTerminal(session.state)) return false;
  if (session.state === 'Finished') {
    sendHtml(exchange.res, 409, messageHtml('Payment already finished', 'This payment has already finished. You can close this window.'));
  } else {
    sendHtml(exchange.res, 410, messageHtml('Payment link expired', 'This payment link has expired. Ask for a new one.'));
  }
  return true;
}

async function mustPost(exchange: Exchange): Promise<void> {
  sendHtml(exchange.res, 405, messageHtml('Method not allowed', 'Choose Pay or Decline on the payment page; a decision cannot be sent with GET.'), {
    allow: 'POST',
  });
}

export const paymentLinkRoutes: Route[] = [
  { method: 'GET', path: /^\/pay\/([^/]+)$/, handle: openPaymentLink },
  { method: 'POST', path: /^\/pay\/([^/]+)\/decision$/, handle: decide },
  { method: 'GET', path: /^\/pay\/([^/]+)\/decision$/, handle: mustPost },
];
