/** One call the widget makes to the connector's API. */
export interface ApiCall {
  method: 'GET' | 'POST';
  /** The path with its query, e.g. `/v1/payments?crmReference=case-42`. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as the `Idempotency-Key` header. */
  idempotencyKey?: string;
}

/** The API's answer: its HTTP status and its body parsed as JSON (null if it was not JSON). */
export interface ApiAnswer {
  status: number;
  body: unknown;
}

/**
 * Performs one API call. A CRM that must not hold the connector's client secret in the browser
 * (Salesforce) routes the call through its own server and answers what the API answered.
 */
export type Transport = (call: ApiCall) => Promise<ApiAnswer>;

/**
 * Calls the API from the browser with a bearer token from the host's `getAccessToken`. The
 * token is kept in memory until the API refuses it, then asked for once more.
 */
export function bearerTransport(apiBaseUrl: string, getAccessToken: () => Promise<string>): Transport {
  const base = apiBaseUrl.replace(/\/+$/, '');
  let token: Promise<string> | undefined;
  const freshToken = () => {
    token = getAccessToken();
    token.catch(() => (token = undefined));
    return token;
  };
  const send = async (call: ApiCall, bearer: string) => {
    const headers: Record<string, string> = { authorization: `Bearer ${bearer}` };
    if (call.body !== undefined) headers['content-type'] = 'application/json';
    if (call.idempotencyKey) headers['idempotency-key'] = call.idempotencyKey;
    const body = call.body === undefined ? null : JSON.stringify(call.body);
    return fetch(base + call.path, { method: call.method, headers, body });
  };
  return async (call) => {
    let response = await send(call, await (token ?? freshToken()));
    // The gateway refuses before the connector acts, so sending the call again is safe.
    if (response.status === 401) response = await send(call, await freshToken());
    const text = await response.text();
    let body: unknown = null;
    try {
      body = JSON.parse(text);
    } catch {
      // Not JSON: the widget reads it as an answer it cannot use.
    }
    return { status: response.status, body };
  };
}
