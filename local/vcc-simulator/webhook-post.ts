import type { VccSessionStatus } from './payment-session.ts';
import type { DeliveryAttempt } from './webhook-delivery-log.ts';
import type { WebhookTarget } from './webhook-target.ts';
import type { WebhookTokenClient } from './webhook-token-client.ts';

export type AttemptOutcome = Omit<DeliveryAttempt, 'at'>;

export interface WebhookPostOptions {
  tokens: WebhookTokenClient;
  timeoutMs: number;
  /** Aborts the request when the simulator stops. */
  signal: AbortSignal;
}

/**
 * One delivery attempt as VCC makes it: a bearer token from the client credentials grant
 * (cached), then the POST. Never throws: every failure becomes the attempt's `error`.
 */
export async function postWebhook(target: WebhookTarget | null, body: VccSessionStatus, options: WebhookPostOptions): Promise<AttemptOutcome> {
  if (!target) return { error: 'no webhook target is configured' };
  let accessToken: string;
  try {
    accessToken = await options.tokens.token(target);
  } catch (error) {
    return { error: `no token: ${describeError(error, options.timeoutMs)}` };
  }
  try {
    const response = await fetch(target.url, {
      method: 'POST',
      headers: { authorization: `Bearer ${accessToken}`, 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]),
    });
    // Read the answer so the connection is free for the next webhook; its content does not matter.
    await response.arrayBuffer().catch(() => undefined);
    if (response.status === 401) options.tokens.invalidate(accessToken);
    return { httpStatus: response.status };
  } catch (error) {
    return { error: describeError(error, options.timeoutMs) };
  }
}

/** fetch hides the socket error in `cause`; a tester wants "connect ECONNREFUSED ...". */
function describeError(error: unknown, timeoutMs: number): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return `no answer within ${timeoutMs} ms`;
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
