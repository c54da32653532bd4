/** A request as our route handlers see it: no Lambda or API Gateway types beyond this file's folder. */
export interface ApiRequest {
  method: string;
  path: string;
  /** The route's path template, e.g. `/v1/payment-links/{id}`. */
  resource: string;
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
