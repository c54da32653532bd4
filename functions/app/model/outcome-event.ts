import { OUTCOME_EVENTS } from '../contract/api-contract.ts';
import type { PaymentOutcome, PaymentSession } from './payment-session.ts';

export type OutcomeEventType = (typeof OUTCOME_EVENTS.detailTypes)[keyof typeof OUTCOME_EVENTS.detailTypes];

/**
 * The payment as an outcome event carries it: a schema of its own, so that a change to the API's
 * view cannot change what CRMs already receive. Built from the model, field by field; a test
 * pins it (test/unit/outcome-event.test.ts).
 */
export interface OutcomeEventPayment {
  id: string;
  kind: PaymentSession['kind'];
  state: PaymentSession['state'];
  sessionGuid: string | null;
  providerSessionGuid: string | null;
  vccSessionState: string | null;
  agentId: string;
  paymentFlow: string;
  amount: string;
  currency: string;
  merchantReference: string | null;
  crmReference: string | null;
  /** Agent assist only. */
  iframeUrl?: string | null;
  /** Payment links only. */
  paymentLink?: string | null;
  reissueOf?: string | null;
  supersededBy?: string | null;
  outcome: PaymentOutcome | null;
  failureCode: string | null;
  createdAt: string;
  updatedAt: string;
  expiresAt: string;
}

function paymentOf(session: PaymentSession): OutcomeEventPayment {
  const kindFields =
    session.kind === 'payment-link'
      ? { paymentLink: session.paymentLink, reissueOf: session.reissueOf, supersededBy: session.supersededBy }
      : { iframeUrl: session.iframeUrl };
  return {
    id: session.id,
    kind: session.kind,
    state: session.state,
    sessionGuid: session.sessionGuid,
    providerSessionGuid: session.providerSessionGuid,
    vccSessionState: session.vccSessionState,
    agentId: session.agentId,
    paymentFlow: session.paymentFlow,
    amount: session.amount,
    currency: session.currency,
    merchantReference: session.merchantReference,
    crmReference: session.crmReference,
    ...kindFields,
    outcome: session.outcome,
    failureCode: session.failureCode,
    createdAt: session.createdAt,
    updatedAt: session.updatedAt,
    expiresAt: session.expiresAt,
  };
}

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
  data: OutcomeEventPayment;
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
    data: paymentOf(session),
  };
}
