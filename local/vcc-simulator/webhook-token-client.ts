import type { WebhookTarget } from './webhook-target.ts';

/** Refresh this long before `expires_in` runs out (a tenth of short lifetimes), as VCC should. */
const MAX_REFRESH_MARGIN_MS = 30_000;

interface CachedToken {
  target: WebhookTarget;
  accessToken: string;
  refreshAt: number;
}

export interface WebhookTokenClientOptions {
  now: () => number;
  timeoutMs: number;
  /** Aborts token requests when the simulator stops. */
  signal: AbortSignal;
}

/**
 * VCC's side of the OAuth 2.0 client credentials grant for webhooks: one token per target,
 * cached until shortly before it expires and shared by concurrent deliveries, never one per call.
 */
export class WebhookTokenClient {
  readonly #options: WebhookTokenClientOptions;
  #cached: CachedToken | undefined;
  #inFlight: { target: WebhookTarget; token: Promise<string> } | undefined;

  constructor(options: WebhookTokenClientOptions) {
    this.#options = options;
  }

  /** A valid token for `target`; rejects with a readable reason when the token endpoint fails. */
  token(target: WebhookTarget): Promise<string> {
    const cached = this.#cached;
    if (cached?.target === target && this.#options.now() < cached.refreshAt) return Promise.resolve(cached.accessToken);
    if (this.#inFlight?.target === target) return this.#inFlight.token;
    const token = this.#request(target).finally(() => {
      if (this.#inFlight?.token === token) this.#inFlight = undefined;
    });
    this.#inFlight = { target, token };
    return token;
  }

  /** The receiver refused this token (401): the next delivery fetches a new one. */
  invalidate(accessToken: string): void {
    if (this.#cached?.accessToken === accessToken) this.#cached = undefined;
  }

  async #request(target: WebhookTarget): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials' });
    if (target.scope) form.set('scope', target.scope);
    const response = await fetch(target.tokenUrl, {
      method: 'POST',
      headers: {
        authorization: basicAuthorization(target.clientId, target.clientSecret),
        'content-type': 'application/x-www-form-urlencoded',
        accept: 'application/json',
      },
      body: form.toString(),
      signal: AbortSignal.any([this.#options.signal, AbortSignal.timeout(this.#options.timeoutMs)]),
    });
    const text = await response.text();
    if (response.status !== 200) throw new Error(`token endpoint answered ${response.status} ${text.slice(0, 200)}`.trim());
    const { accessToken, expiresInSeconds } = parseTokenResponse(text);
    // Without expires_in there is no safe time to keep it: use it once.
    if (expiresInSeconds !== undefined) {
      const lifetimeMs = expiresInSeconds * 1000;
      const refreshAt = this.#options.now() + lifetimeMs - Math.min(MAX_REFRESH_MARGIN_MS, lifetimeMs / 10);
      this.#cached = { target, accessToken, refreshAt };
    }
    return accessToken;
  }
}

/** RFC 6749 §2.3.1: id and secret are form-encoded before Base64, so ':' in either survives. */
function basicAuthorization(clientId: string, clientSecret: string): string {
  const encode = (value: string): string => new URLSearchParams({ v: value }).toString().slice(2);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}

function parseTokenResponse(text: string): { accessToken: string; expiresInSeconds: number | undefined } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new Error('token endpoint answered 200 with a body that is not JSON');
  }
  const { access_token: accessToken, expires_in: expiresIn } = (body ?? {}) as Record<string, unknown>;
  if (typeof accessToken !== 'string' || accessToken === '') throw new Error('token endpoint answered 200 without an access_token');
  // Some servers send it as a string; RFC 6749 only recommends it.
  const seconds = typeof expiresIn === 'string' ? Number(expiresIn) : expiresIn;
  const expiresInSeconds = typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? seconds : undefined;
  return { accessToken, expiresInSeconds };
}
