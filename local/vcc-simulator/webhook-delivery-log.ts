import type { VccSessionStatus } from './payment-session.ts';

/**
 * - `delayed`: waiting for the `delay` behaviour before the first attempt
 * - `pending`: attempting, or waiting for the next retry
 * - `delivered`: the receiver answered 200
 * - `gave-up`: every retry of the schedule failed
 * - `dropped`: never sent, by the `drop` behaviour
 */
export type DeliveryStatus = 'pending' | 'delivered' | 'gave-up' | 'dropped' | 'delayed';

/** One POST (or the token request before it): the receiver's HTTP status, or why there was none. */
export interface DeliveryAttempt {
  at: string;
  httpStatus?: number;
  error?: string;
}

/** One webhook VCC sends for one status; a duplicated webhook is several deliveries. */
export interface WebhookDelivery {
  readonly body: VccSessionStatus;
  status: DeliveryStatus;
  readonly attempts: DeliveryAttempt[];
}

/** Every delivery in send order, for tests to see what the receiver was sent and when. */
export class WebhookDeliveryLog {
  readonly #deliveries: WebhookDelivery[] = [];

  record(body: VccSessionStatus, status: DeliveryStatus): WebhookDelivery {
    const delivery: WebhookDelivery = { body, status, attempts: [] };
    this.#deliveries.push(delivery);
    return delivery;
  }

  list(sessionGuid?: string): WebhookDelivery[] {
    return sessionGuid === undefined ? [...this.#deliveries] : this.#deliveries.filter((delivery) => delivery.body.sessionGuid === sessionGuid);
  }
}

/** The control API's view: what identifies the webhook, not the card-holder data it carried. */
export function describeDelivery(delivery: WebhookDelivery): Record<string, unknown> {
  const { sessionGuid, sessionState, lastUpdatedOn } = delivery.body;
  return { sessionGuid, sessionState, lastUpdatedOn, status: delivery.status, attempts: delivery.attempts.map((attempt) => ({ ...attempt })) };
}
