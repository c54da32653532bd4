import { outcomeEventOf } from '../model/outcome-event.ts';
import type { Payment } from '../model/payment.ts';
import type { OutcomePublisher } from '../ports/outcome-publisher.ts';
import type { PaymentStore } from '../ports/payment-store.ts';

export interface OutcomePublishingDeps {
  store: PaymentStore;
  publisher: OutcomePublisher;
  environmentName: string;
  now?: () => Date;
}

/** Long enough for one PutEvents call; after it, the sweep may take over an unfinished publication. */
const PUBLICATION_HOLD_MS = 60 * 1000;

/**
 * Publishes the payment's outcome if it is still owed and nobody else is publishing it, then
 * records that it no longer is. The debt was written with the final state, so a crash between
 * the steps leaves the outcome owed and the sweep publishes it again: at least once, and
 * duplicate deliveries of one webhook do not each publish.
 */
export async function publishOwedOutcome(payment: Payment, deps: OutcomePublishingDeps): Promise<boolean> {
  if (payment.dueWork !== 'PUBLISH') return false;
  const now = deps.now?.() ?? new Date();
  const claimed = await deps.store.claimOutcomePublication(payment.id, now.toISOString(), new Date(now.getTime() + PUBLICATION_HOLD_MS).toISOString());
  if (!claimed) return false;
  await deps.publisher.publish(outcomeEventOf(claimed, deps.environmentName));
  await deps.store.markOutcomePublished(payment.id);
  return true;
}
