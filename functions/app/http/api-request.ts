/** A request as our route handlers see it: no Lambda or API Gateway types beyond this file's folder. */
export interface ApiRequest {
  method: string;
  path: string;
  /** The route's path template, e.g. `/v1/payment-links/{id}`. */
  resource: string;
  /**
   * Where the client reached the API, before the route's path: scheme, host, and any stage or
   * base path, e.g. `https://abc123.execute-api.eu-west-2.amazonaws.com/sandbox`. Locations are
   * built on it; empty when the gateway told no host.
   */
  baseUrl: string;
  pathParameters: Record<string, string>;
  /** Query string parameters; a repeated one has its last value, as API Gateway's proxy event gives it. */
  query: Record<string, string>;
  /** Lower-case header names. */
  headers: Record<string, string>;
  /** The raw body text, when there is one. */
  rawBody: string | undefined;
  correlationId: string;
  /** How long the invocation has left before it is stopped, in ms. */
  remainingTimeMs: () => number;
  /** The OAuth client the token was issued to; scopes were checked by the gateway. */
  caller: { clientId: string };
}

export interface ApiResponse {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}
