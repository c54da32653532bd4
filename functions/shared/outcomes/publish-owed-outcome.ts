import type { PaymentSession } from '../payment-sessions/payment-session.ts';
import type { PaymentSessionStore } from '../stores/payment-session-store.ts';
import { sessionCompletedEvent } from './outcome-event.ts';
import type { OutcomePublisher } from './outcome-publisher.ts';

export interface OutcomePublishingDeps {
  store: PaymentSessionStore;
  publisher: OutcomePublisher;
  environmentName: string;
}

/**
 * Publishes the session's outcome if it is still owed, then records that it no longer is.
 * The debt was written with the final state, so a crash between the two steps leaves the
 * outcome owed and the sweep publishes it again: at least once, never never.
 */
export async function publishOwedOutcome(session: PaymentSession, deps: OutcomePublishingDeps): Promise<boolean> {
  if (session.dueWork !== 'PUBLISH') return false;
  await deps.publisher.publish(sessionCompletedEvent(session, deps.environmentName));
  await deps.store.markOutcomePublished(session.id);
  return true;
}
