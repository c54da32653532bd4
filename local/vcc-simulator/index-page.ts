import type { Exchange, Route } from './exchange.ts';
import { escapeHtml, htmlPage } from './html.ts';
import { sendHtml } from '../http/http-io.ts';

/** A human tester's overview of every session this simulator holds. */
async function listSessions(exchange: Exchange): Promise<void> {
  const rows = exchange.sim.sessions
    .all()
    .map(
      (session) =>
        `<tr><td>${escapeHtml(session.sessionGuid)}</td><td>${escapeHtml(session.state)}</td>` +
        `<td>${escapeHtml(`${session.paymentData.Amount} ${session.paymentData.Currency}`)}</td></tr>`,
    )
    .join('\n');
  const table = rows
    ? `<table><tr><th>sessionGuid</th><th>state</th><th>amount</th></tr>\n${rows}\n</table>`
    : '<p>No sessions yet.</p>';
  sendHtml(exchange.res, 200, htmlPage('VCC simulator', `<h1>VCC simulator</h1>\n${table}`));
}

export const indexRoutes: Route[] = [{ method: 'GET', path: /^\/$/, handle: listSessions }];
