import { z } from 'zod';
import { ConnectorError, isConnectorError } from '../../contract/connector-error.ts';
import type { VccCredentialsSource } from './vcc-credentials.ts';
import { classifyVccError } from './vcc-error-classifier.ts';
import { parseJson, vccFetch } from './vcc-http.ts';

export interface VccTokenProvider {
  /** A bearer token for the Payment API, from cache while it has life left. */
  token(): Promise<string>;
  /** Forget the cached token, e.g. after VCC answered 401 to it. */
  invalidate(token: string): void;
}

export interface VccTokenProviderOptions {
  tokenUrl: string;
  credentials: VccCredentialsSource;
  timeoutMs: number;
  now?: () => number;
}

const tokenResponseSchema = z.object({ access_token: z.string().min(1), expires_in: z.coerce.number().positive() });

/** Refresh this long before `expires_in` runs out, so a token never expires mid-request. */
const REFRESH_MARGIN_MS = 60_000;

/**
 * OAuth client credentials with scope `globalpci`, one token per warm container. Concurrent
 * callers share one fetch. If VCC says `invalid_client`, the secret may have been rotated:
 * read it again once before giving up.
 */
export function vccTokenProvider({ tokenUrl, credentials, timeoutMs, now = Date.now }: VccTokenProviderOptions): VccTokenProvider {
  let current: { token: string; refreshAt: number } | undefined;
  let inFlight: Promise<string> | undefined;

  const requestToken = async (fresh: boolean) => {
    const { clientId, clientSecret } = await credentials.get({ fresh });
    const body = new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret, scope: 'globalpci' });
    const response = await vccFetch(tokenUrl, { method: 'POST', body, headers: { accept: 'application/json' } }, timeoutMs, 'token request');
    if (response.status !== 200) throw classifyVccError(response.status, response.text, 'token request');
    const parsed = tokenResponseSchema.safeParse(parseJson(response, 'token request'));
    if (!parsed.success) throw new ConnectorError('VCC_UNAVAILABLE', { operatorHint: 'VCC token response lacks access_token or expires_in' });
    const lifetimeMs = parsed.data.expires_in * 1000;
    current = { token: parsed.data.access_token, refreshAt: now() + Math.max(lifetimeMs - REFRESH_MARGIN_MS, lifetimeMs / 2) };
    return current.token;
  };

  const fetchToken = async () => {
    try {
      return await requestToken(false);
    } catch (error) {
      if (isConnectorError(error) && error.code === 'VCC_CREDENTIALS_INVALID') return requestToken(true);
      throw error;
    }
  };

  return {
    token() {
      if (current && now() < current.refreshAt) return Promise.resolve(current.token);
      inFlight ??= fetchToken().finally(() => {
        inFlight = undefined;
      });
      return inFlight;
    },
    invalidate(token) {
      if (current?.token === token) current = undefined;
    },
  };
}
