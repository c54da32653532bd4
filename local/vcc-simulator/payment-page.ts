import { sendHtml } from '../http/http-io.ts';
import type { Exchange, Route } from './exchange.ts';
import { readFormBody } from './form-body.ts';
import { messageHtml, paymentPageHtml, paymentResultHtml } from './payment-page-html.ts';
import { type AgentAssistSession, isSessionOutcome, isTerminal, type PaymentSession } from './payment-session.ts';

const BEARER_FIELD = 'X-BEARER-TOKEN';
const REFRESH_FIELD = 'X-REFRESH-TOKEN';

/**
 * The provider's hosted page as the agent's browser reaches it: an auto-submitted form POST.
 * Checks run in this order: session known (404), form encoding (415), tokens (401), session
 * alive (403 with X-Frame-Options DENY, which a browser reports as "Refused to display ...").
 */
async function openPaymentPage(exchange: Exchange): Promise<void> {
  const found = await sessionWithForm(exchange);
  if (!found) return;
  const { form, record } = found;
  if (form.get(BEARER_FIELD) !== record.agentAccessToken || form.get(REFRESH_FIELD) !== record.agentRefreshToken) {
    return sendHtml(exchange.res, 401, messageHtml('Unauthorized', `Post ${BEARER_FIELD} and ${REFRESH_FIELD} from the session response.`));
  }
  if (refuseIfEnded(exchange, record)) return;
  exchange.sim.sessions.markPageOpened(record);
  sendHtml(exchange.res, 200, paymentPageHtml(record));
}

async function decide(exchange: Exchange): Promise<void> {
  const found = await sessionWithForm(exchange);
  if (!found) return;
  const { form, record } = found;
  if (form.get(BEARER_FIELD) !== record.agentAccessToken) {
    return sendHtml(exchange.res, 401, messageHtml('Unauthorized', `Post ${BEARER_FIELD} from the session response.`));
  }
  if (refuseIfEnded(exchange, record)) return;
  const outcome = form.get('decision');
  if (!isSessionOutcome(outcome)) {
    return sendHtml(exchange.res, 400, messageHtml('Bad request', 'decision must be approve, decline or abandon.'));
  }
  exchange.sim.sessions.complete(record, outcome);
  sendHtml(exchange.res, 200, paymentResultHtml(outcome));
}

/** A payment link's id is no way into the agent's page: it has no agent tokens to check. */
async function sessionWithForm(exchange: Exchange): Promise<{ record: AgentAssistSession; form: URLSearchParams } | undefined> {
  const record = exchange.sim.sessions.findByProviderGuid(exchange.params[0] ?? '');
  if (record?.kind !== 'agent-assist') {
    sendHtml(exchange.res, 404, messageHtml('Not found', 'No payment session with this id.'));
    return undefined;
  }
  const form = await readFormBody(exchange);
  return form && { record, form };
}

/** An ended session refuses to be framed, as the real provider does. */
function refuseIfEnded(exchange: Exchange, session: PaymentSession): boolean {
  if (!isTerminal(session.state)) return false;
  const reason = session.state === 'Finished' ? 'This payment session has already finished.' : `This payment session has ended (${session.state}).`;
  sendHtml(exchange.res, 403, messageHtml('Session ended', `${reason} Start a new session.`), { 'x-frame-options': 'DENY' });
  return true;
}

async function mustPost(exchange: Exchange): Promise<void> {
  sendHtml(
    exchange.res,
    405,
    messageHtml('Method not allowed', `POST this page as a form with ${BEARER_FIELD} and ${REFRESH_FIELD}; it cannot be opened with GET.`),
    {
      allow: 'POST',
    },
  );
}

export const paymentPageRoutes: Route[] = [
  { method: 'POST', path: /^\/view\/([^/]+)\/framed$/, handle: openPaymentPage },
  { method: 'GET', path: /^\/view\/([^/]+)\/framed$/, handle: mustPost },
  { method: 'POST', path: /^\/view\/([^/]+)\/decision$/, handle: decide },
  { method: 'GET', path: /^\/view\/([^/]+)\/decision$/, handle: mustPost },
];
