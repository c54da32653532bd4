import { sendJson } from '../http/http-io.ts';
import { controlRoutes } from './control-api.ts';
import type { Exchange, Route } from './exchange.ts';
import { indexRoutes } from './index-page.ts';
import { isAuthorized, paymentApiRoutes, sendUnauthorized } from './payment-api.ts';
import { paymentLinkRoutes } from './payment-link-page.ts';
import { paymentPageRoutes } from './payment-page.ts';
import { tokenRoutes } from './token-endpoint.ts';
import { webhookControlRoutes } from './webhook-control-api.ts';

const ROUTES: Route[] = [
  ...tokenRoutes,
  ...paymentApiRoutes,
  ...paymentPageRoutes,
  ...paymentLinkRoutes,
  ...controlRoutes,
  ...webhookControlRoutes,
  ...indexRoutes,
];

/** Authorization comes before routing under `/v1`, so an unauthenticated caller learns nothing. */
export async function route(exchange: Omit<Exchange, 'params'>): Promise<void> {
  const path = exchange.url.pathname;
  const withParams = (params: string[]): Exchange => ({ ...exchange, params });
  if ((path === '/v1' || path.startsWith('/v1/')) && !isAuthorized(withParams([]))) return sendUnauthorized(withParams([]));

  const matching = ROUTES.filter((candidate) => candidate.path.test(path));
  const found = matching.find((candidate) => candidate.method === exchange.req.method);
  if (found) {
    const captures = found.path.exec(path)?.slice(1) ?? [];
    return found.handle(withParams(captures.map(decodeSegment)));
  }
  if (matching.length > 0) {
    const allow = [...new Set(matching.map((candidate) => candidate.method))].join(', ');
    return sendJson(exchange.res, 405, { message: 'Method Not Allowed' }, { allow });
  }
  sendJson(exchange.res, 404, { message: 'Not Found' });
}

function decodeSegment(segment: string | undefined): string {
  try {
    return decodeURIComponent(segment ?? '');
  } catch {
    return segment ?? '';
  }
}
