import { createRemoteJWKSet, type JWTPayload, jwtVerify } from 'jose';

export type AuthorizerResult = { allowed: true; claims: Record<string, string> } | { allowed: false; reason: string };

/**
 * What API Gateway's Cognito user pool authorizer checks for a route with OAuth scopes: a
 * bearer access token signed by the pool's key, from the pool's issuer, unexpired, with at
 * least one of the route's scopes. Claims reach the function as strings, as they do in AWS.
 */
export function cognitoAuthorizer({ issuerUrl, jwksUrl }: { issuerUrl: string; jwksUrl: string }) {
  const keys = createRemoteJWKSet(new URL(jwksUrl));
  return async (authorization: string | undefined, routeScopes: readonly string[]): Promise<AuthorizerResult> => {
    const token = authorization?.replace(/^Bearer\s+/i, '').trim();
    if (!token) return { allowed: false, reason: 'no bearer token in the Authorization header' };
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, keys, { issuer: issuerUrl, algorithms: ['RS256'] }));
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
