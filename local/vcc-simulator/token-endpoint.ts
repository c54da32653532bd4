import { mediaType, readBody, sendJson, sendText } from '../http/http-io.ts';
import type { Exchange, Route } from './exchange.ts';
import type { TokenFault } from './faults.ts';

export const TOKEN_PATH = '/Auth/connect/token';
const PAYMENT_SCOPE = 'globalpci';

/** OAuth 2.0 token responses must not be cached (RFC 6749 §5.1). */
const NO_STORE = { 'cache-control': 'no-store', pragma: 'no-cache' };

const oauthError = (exchange: Exchange, error: string): void => sendJson(exchange.res, 400, { error }, NO_STORE);

/**
 * Client credentials grant, checked in IdentityServer's order: request shape, client, grant
 * type, scope. Credentials are accepted in the form body only, as VCC documents.
 */
async function issueToken(exchange: Exchange): Promise<void> {
  const { sim } = exchange;
  sim.stats.tokenRequests += 1;
  const fault = sim.faults.takeTokenFault();
  if (fault) return answerWithTokenFault(exchange, fault);
  if (mediaType(exchange.req) !== 'application/x-www-form-urlencoded') return oauthError(exchange, 'invalid_request');
  const form = new URLSearchParams(await readBody(exchange.req));
  // RFC 6749 §3.2: parameters must not be repeated.
  if ([...new Set(form.keys())].some((key) => form.getAll(key).length > 1)) return oauthError(exchange, 'invalid_request');

  const clientId = form.get('client_id');
  const clientSecret = form.get('client_secret');
  const known = sim.credentials.some((c) => c.clientId === clientId && c.clientSecret === clientSecret);
  if (!clientId || !clientSecret || !known) return oauthError(exchange, 'invalid_client');
  if (form.get('grant_type') !== 'client_credentials') return oauthError(exchange, 'unsupported_grant_type');
  if (form.get('scope') !== PAYMENT_SCOPE) return oauthError(exchange, 'invalid_scope');

  const accessToken = sim.tokens.issue();
  sim.stats.tokensIssued += 1;
  sendJson(exchange.res, 200, { access_token: accessToken, expires_in: sim.config.tokenLifetimeSeconds, token_type: 'Bearer', scope: PAYMENT_SCOPE }, NO_STORE);
}

/** The identity server failing: an error page, no answer at all, or a reset connection. */
function answerWithTokenFault(exchange: Exchange, fault: TokenFault): void {
  switch (fault) {
    case 'server_error':
      return sendText(exchange.res, 500, 'Internal Server Error');
    case 'timeout':
      // Never answer: the socket stays open until the client gives up or stop() closes it.
      return;
    case 'connection_reset':
      exchange.req.socket.resetAndDestroy();
      return;
  }
}

export const tokenRoutes: Route[] = [{ method: 'POST', path: /^\/Auth\/connect\/token$/, handle: issueToken }];
