import { OUTCOME_EVENTS } from '../contract/api-contract.ts';
import type { Payment, PaymentOutcome } from './payment.ts';

export type OutcomeEventType = (typeof OUTCOME_EVENTS.detailTypes)[keyof typeof OUTCOME_EVENTS.detailTypes];

/**
 * The payment as an outcome event carries it: a schema of its own, so that a change to the API's
 * view cannot change what CRMs already receive. Built from the model, field by field; a test
 * pins it (test/unit/outcome-event.test.ts).
 */
export interface OutcomeEventPayment {
  id: string;
  kind: Payment['kind'];
  state: Payment['state'];
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

function paymentOf(payment: Payment): OutcomeEventPayment {
  const kindFields =
    payment.kind === 'payment-link'
      ? { paymentLink: payment.paymentLink, reissueOf: payment.reissueOf, supersededBy: payment.supersededBy }
      : { iframeUrl: payment.iframeUrl };
  return {
    id: payment.id,
    kind: payment.kind,
    state: payment.state,
    sessionGuid: payment.sessionGuid,
    providerSessionGuid: payment.providerSessionGuid,
    vccSessionState: payment.vccSessionState,
    agentId: payment.agentId,
    paymentFlow: payment.paymentFlow,
    amount: payment.amount,
    currency: payment.currency,
    merchantReference: payment.merchantReference,
    crmReference: payment.crmReference,
    ...kindFields,
    outcome: payment.outcome,
    failureCode: payment.failureCode,
    createdAt: payment.createdAt,
    updatedAt: payment.updatedAt,
    expiresAt: payment.expiresAt,
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
  /** When the outcome happened (the payment reached its final state). */
  timestamp: string;
  environment: string;
  data: OutcomeEventPayment;
}

/** A link that ran out unpaid (ours or VCC's judgement) is `payment.link.expired`: the CRM may reissue it. */
function eventTypeOf(payment: Payment): OutcomeEventType {
  if (payment.kind === 'agent-assist') return OUTCOME_EVENTS.detailTypes.sessionCompleted;
  const ranOut = payment.state === 'expired' || payment.state === 'timed_out';
  return ranOut ? OUTCOME_EVENTS.detailTypes.linkExpired : OUTCOME_EVENTS.detailTypes.linkCompleted;
}

/**
 * The id derives from the payment and its final state, so every retry and replay repeats it.
 * A payment has one final state, with one exception: a result that arrives after all replaces
 * `finished` (VCC had purged it) or `expired` (a link paid after we judged it run out), and
 * that correction is a new event.
 */
export function outcomeEventOf(payment: Payment, environment: string): OutcomeEvent {
  return {
    id: `evt_${payment.id}_${payment.state}`,
    type: eventTypeOf(payment),
    timestamp: payment.updatedAt,
    environment,
    data: paymentOf(payment),
  };
}
