import { sendHtml } from '../http/http-io.ts';
import type { Exchange, Route } from './exchange.ts';
import { escapeHtml, htmlPage } from './html.ts';
import { paymentLinkUrl } from './payment-link-page.ts';
import type { PaymentSession } from './payment-session.ts';

/** A human tester's overview of every session this simulator holds. */
async function listSessions(exchange: Exchange): Promise<void> {
  const rows = exchange.sim.sessions
    .all()
    .map(
      (session) =>
        `<tr><td>${escapeHtml(session.sessionGuid)}</td><td>${escapeHtml(session.kind)}</td><td>${escapeHtml(session.state)}</td>` +
        `<td>${escapeHtml(`${session.paymentData.Amount} ${session.paymentData.Currency}`)}</td><td>${customerLink(exchange, session)}</td></tr>`,
    )
    .join('\n');
  const table = rows
    ? `<table><tr><th>sessionGuid</th><th>kind</th><th>state</th><th>amount</th><th>payment link</th></tr>\n${rows}\n</table>`
    : '<p>No sessions yet.</p>';
  sendHtml(exchange.res, 200, htmlPage('VCC simulator', `<h1>VCC simulator</h1>\n${table}`));
}

/** Only a payment link opens without tokens; the agent's page needs the agent's. */
function customerLink(exchange: Exchange, session: PaymentSession): string {
  if (session.kind !== 'digital') return '';
  return `<a href="${escapeHtml(paymentLinkUrl(exchange.sim.baseUrl, session))}">open as the customer</a>`;
}

export const indexRoutes: Route[] = [{ method: 'GET', path: /^\/$/, handle: listSessions }];
