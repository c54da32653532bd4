import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose';
import { readBody, sendJson } from '../http/http-io.ts';
import { startHttpServer } from '../http/http-server.ts';

export interface OAuthClient {
  clientId: string;
  clientSecret: string;
  scopes: string[];
}

export interface LocalOAuthIssuerOptions {
  port?: number;
  host?: string;
  clients: OAuthClient[];
  tokenLifetimeSeconds?: number;
}

export interface LocalOAuthIssuer {
  /** The `iss` of its tokens, as a Cognito user pool's issuer URL. */
  issuerUrl: string;
  tokenUrl: string;
  jwksUrl: string;
  stop(): Promise<void>;
}

/**
 * Stands in for the Cognito user pool: OAuth client credentials at `/oauth2/token`, access
 * tokens shaped like Cognito's (`client_id`, `scope`, `token_use: access`), RS256 keys at the
 * JWKS URL. `POST /_issuer/mint` signs a token with any claims, so tests can try expired or
 * under-scoped tokens; it exists only here, never in AWS.
 */
export async function startLocalOAuthIssuer(options: LocalOAuthIssuerOptions): Promise<LocalOAuthIssuer> {
  const { privateKey, publicKey } = await generateKeyPair('RS256');
  const kid = randomUUID();
  const jwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };
  const lifetime = options.tokenLifetimeSeconds ?? 3600;
  let issuerUrl = '';

  const sign = (clientId: string, scopes: string[], expiresInSeconds: number) => {
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({ client_id: clientId, scope: scopes.join(' '), token_use: 'access', jti: randomUUID() })
      .setProtectedHeader({ alg: 'RS256', kid })
      .setIssuer(issuerUrl)
      .setSubject(clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + expiresInSeconds)
      .sign(privateKey);
  };

  const issueToken = async (req: IncomingMessage, res: ServerResponse) => {
    const form = new URLSearchParams(await readBody(req));
    const basic = /^Basic (.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    // RFC 6749 2.3.1: both parts are form-urlencoded before joining, so split on the first ':' only.
    const decoded = basic ? Buffer.from(basic, 'base64').toString() : undefined;
    const separator = decoded?.indexOf(':') ?? -1;
    const [basicId, basicSecret] =
      decoded && separator >= 0 ? [decoded.slice(0, separator), decoded.slice(separator + 1)].map((part) => decodeURIComponent(part.replace(/\+/g, ' '))) : [];
    const clientId = basicId ?? form.get('client_id');
    const clientSecret = basicSecret ?? form.get('client_secret');
    const client = options.clients.find((c) => c.clientId === clientId && c.clientSecret === clientSecret);
    if (!client) return sendJson(res, 400, { error: 'invalid_client' });
    if (form.get('grant_type') !== 'client_credentials') return sendJson(res, 400, { error: 'unsupported_grant_type' });
    const requested = form.get('scope')?.split(' ').filter(Boolean) ?? client.scopes;
    if (requested.some((scope) => !client.scopes.includes(scope))) return sendJson(res, 400, { error: 'invalid_scope' });
    const token = await sign(client.clientId, requested, lifetime);
    return sendJson(res, 200, { access_token: token, expires_in: lifetime, token_type: 'Bearer' });
  };

  const mint = async (req: IncomingMessage, res: ServerResponse) => {
    const {
      clientId = 'minted-client',
      scopes = [],
      expiresInSeconds = lifetime,
    } = JSON.parse(await readBody(req)) as {
      clientId?: string;
      scopes?: string[];
      expiresInSeconds?: number;
    };
    return sendJson(res, 200, { access_token: await sign(clientId, scopes, expiresInSeconds) });
  };

  const server = await startHttpServer(options.port ?? 0, options.host ?? '127.0.0.1', async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    // The local demo CRM page asks for tokens from the gateway's origin.
    res.setHeader('access-control-allow-origin', '*');
    if (req.method === 'OPTIONS') {
      res.writeHead(204, { 'access-control-allow-headers': 'authorization,content-type', 'access-control-allow-methods': 'POST' }).end();
      return;
    }
    if (req.method === 'POST' && path === '/oauth2/token') return issueToken(req, res);
    if (req.method === 'POST' && path === '/_issuer/mint') return mint(req, res);
    if (req.method === 'GET' && path === '/.well-known/jwks.json') return sendJson(res, 200, { keys: [jwk] });
    if (req.method === 'GET' && path === '/.well-known/openid-configuration') {
      return sendJson(res, 200, { issuer: issuerUrl, token_endpoint: `${issuerUrl}/oauth2/token`, jwks_uri: `${issuerUrl}/.well-known/jwks.json` });
    }
    return sendJson(res, 404, { error: 'not_found' });
  });
  issuerUrl = server.url;
  return { issuerUrl, tokenUrl: `${issuerUrl}/oauth2/token`, jwksUrl: `${issuerUrl}/.well-known/jwks.json`, stop: server.stop };
}
