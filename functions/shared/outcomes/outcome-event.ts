import { OUTCOME_EVENTS } from '../api-contract.ts';
import type { PaymentSession } from '../payment-sessions/payment-session.ts';
import { paymentSessionView } from '../payment-sessions/payment-session-view.ts';

export type OutcomeEventType = (typeof OUTCOME_EVENTS.detailTypes)[keyof typeof OUTCOME_EVENTS.detailTypes];

/**
 * What the CRM is told, on the event bus (as `detail`) and at its callback (as the signed body,
 * in the Standard Webhooks payload shape: type, timestamp, data).
 */
export interface OutcomeEvent {
  /** Stable for the life of the outcome: the Standard Webhooks `webhook-id`, for deduplication. */
  id: string;
  type: OutcomeEventType;
  /** When the outcome happened (the session reached its final state). */
  timestamp: string;
  environment: string;
  data: ReturnType<typeof paymentSessionView>;
}

/**
 * The id derives from the session and its final state, so every retry and replay repeats it.
 * A session has one final state, except that `finished` (VCC had purged the result) becomes
 * `approved` or `declined` if the result arrives after all: that correction is a new event.
 */
export function sessionCompletedEvent(session: PaymentSession, environment: string): OutcomeEvent {
  return {
    id: `evt_${session.id}_${session.state}`,
    type: OUTCOME_EVENTS.detailTypes.sessionCompleted,
    timestamp: session.updatedAt,
    environment,
    data: paymentSessionView(session),
  };
}
