import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';

export type AuthorizerResult = { allowed: true; claims: Record<string, string> } | { allowed: false; reason: string };

/**
 * API Gateway keeps an authorizer's verdict on a token for the authorizer's results TTL, which the
 * stack leaves at CDK's default of 5 minutes (lib/constructs/payment-api.ts). Kept here too: an RSA
 * verification on every request was the local stack's largest single cost (5.7 of 161 CPU-seconds
 * of the fuzz files). Unlike API Gateway, a kept token is still refused once it expires.
 */
const RESULTS_TTL_MS = 5 * 60_000;
/** Enough for every client of a test run; past it, the oldest verdicts go first. */
const MAX_KEPT_TOKENS = 256;

/**
 * What API Gateway's Cognito user pool authorizer checks for a route with OAuth scopes: a
 * bearer access token signed by the pool's key, from the pool's issuer, unexpired, with at
 * least one of the route's scopes. Claims reach the function as strings, as they do in AWS.
 */
export function cognitoAuthorizer({ issuerUrl, jwksUrl, now = Date.now }: { issuerUrl: string; jwksUrl: string; now?: () => number }) {
  const keys = createRemoteJWKSet(new URL(jwksUrl));
  const verified = new Map<string, { payload: JWTPayload; until: number }>();

  /** The token's payload if its signature, issuer and times hold; only a token that passed is kept. */
  async function verify(token: string, at: number): Promise<JWTPayload> {
    const kept = verified.get(token);
    const expired = kept?.payload.exp !== undefined && kept.payload.exp * 1000 <= at;
    if (kept && kept.until > at && !expired) return kept.payload;
    verified.delete(token);
    const { payload } = await jwtVerify(token, keys, { issuer: issuerUrl, algorithms: ['RS256'], currentDate: new Date(at) });
    if (verified.size >= MAX_KEPT_TOKENS) verified.delete(verified.keys().next().value as string);
    verified.set(token, { payload, until: at + RESULTS_TTL_MS });
    return payload;
  }

  return async (authorization: string | undefined, routeScopes: readonly string[]): Promise<AuthorizerResult> => {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return { allowed: false, reason: 'no bearer token in the Authorization header' };
    let payload: JWTPayload;
    try {
      payload = await verify(token, now());
    } catch (error) {
      return { allowed: false, reason: `token rejected: ${(error as Error).message}` };
    }
    if (payload.token_use !== 'access') return { allowed: false, reason: 'not an access token' };
    const scopes = String(payload.scope ?? '').split(' ');
    if (!routeScopes.some((scope) => scopes.includes(scope))) {
      return { allowed: false, reason: `token lacks the scope this route needs (${routeScopes.join(' or ')})` };
    }
    const claims = Object.fromEntries(Object.entries(payload).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
    return { allowed: true, claims };
  };
}
