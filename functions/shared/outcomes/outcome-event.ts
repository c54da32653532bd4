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

/** A link that ran out unpaid (ours or VCC's judgement) is `payment.link.expired`: the CRM may reissue it. */
function eventTypeOf(session: PaymentSession): OutcomeEventType {
  if (session.kind === 'agent-assist') return OUTCOME_EVENTS.detailTypes.sessionCompleted;
  const ranOut = session.state === 'expired' || session.state === 'timed_out';
  return ranOut ? OUTCOME_EVENTS.detailTypes.linkExpired : OUTCOME_EVENTS.detailTypes.linkCompleted;
}

/**
 * The id derives from the session and its final state, so every retry and replay repeats it.
 * A session has one final state, with one exception: a result that arrives after all replaces
 * `finished` (VCC had purged it) or `expired` (a link paid after we judged it run out), and
 * that correction is a new event.
 */
export function outcomeEventOf(session: PaymentSession, environment: string): OutcomeEvent {
  return {
    id: `evt_${session.id}_${session.state}`,
    type: eventTypeOf(session),
    timestamp: session.updatedAt,
    environment,
    data: paymentSessionView(session),
  };
}
