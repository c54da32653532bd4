import { Webhook } from 'standardwebhooks';
import { CRM_DELIVERY } from '../contract/api-contract.ts';
import type { OutcomeEvent } from '../model/outcome-event.ts';

export interface CrmCallbackDeps {
  url: string;
  /** The `whsec_...` secret shared with the CRM. */
  signingSecret: () => Promise<string>;
  timeoutMs?: number;
  now?: () => Date;
}

/** The CRM did not take the event; the message goes back on the queue for a later attempt. */
export class CrmCallbackRefused extends Error {
  constructor(
    readonly httpStatus: number | null,
    reason: string,
  ) {
    super(`CRM callback not accepted: ${reason}`);
    this.name = 'CrmCallbackRefused';
  }
}

/**
 * POSTs one outcome event to the CRM, signed per Standard Webhooks: `webhook-id` is the event's
 * id, the same on every attempt, so the CRM can deduplicate; the timestamp and signature are
 * those of this attempt. Any 2xx is success; anything else is retried by the queue.
 */
export async function sendToCrm(event: OutcomeEvent, deps: CrmCallbackDeps): Promise<void> {
  const { url, signingSecret, timeoutMs = CRM_DELIVERY.requestTimeoutMs, now = () => new Date() } = deps;
  const body = JSON.stringify(event);
  const sentAt = now();
  const signature = new Webhook(await signingSecret()).sign(event.id, sentAt, body);
  let response: Response;
  try {
    response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'user-agent': 'vcc-payment-connector',
        'webhook-id': event.id,
        'webhook-timestamp': String(Math.floor(sentAt.getTime() / 1000)),
        'webhook-signature': signature,
      },
      body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (error) {
    throw new CrmCallbackRefused(null, (error as Error).name === 'TimeoutError' ? `no answer within ${timeoutMs} ms` : 'connection failed');
  }
  await response.body?.cancel();
  if (response.status < 200 || response.status > 299) throw new CrmCallbackRefused(response.status, `HTTP ${response.status}`);
}

/** Seconds before attempt n+1 after n failed attempts: 30 s, 1 min, 2 min ... at most 15 min. */
export function retryDelaySeconds(failedAttempts: number): number {
  const exponent = Math.max(0, failedAttempts - 1);
  return Math.min(CRM_DELIVERY.backoffMaxSeconds, CRM_DELIVERY.backoffBaseSeconds * 2 ** exponent);
}
