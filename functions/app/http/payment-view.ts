import type { Payment, PaymentOutcome } from '../model/payment.ts';
import type { AgentAccess } from '../use-cases/create-payment-session.ts';
import type { VccEvent } from '../vcc/vcc-event.ts';

/** What only one kind has: the agent's form URL, or the customer's link and its reissue chain. */
function kindFields(payment: Payment) {
  return payment.kind === 'payment-link'
    ? { paymentLink: payment.paymentLink, reissueOf: payment.reissueOf, supersededBy: payment.supersededBy }
    : { iframeUrl: payment.iframeUrl };
}

/**
 * The outcome as the API shows it. `currencyCode`, not the model's `currency`: Apex reserves
 * `currency`, and Salesforce External Services cannot map a field of that name.
 */
function outcomeView(outcome: PaymentOutcome | null) {
  if (!outcome) return null;
  const { decision, reasonCode, amount, amountMinor, currency, transactionType, gatewayReference } = outcome;
  return { decision, reasonCode, amount, amountMinor, currencyCode: currency, transactionType, gatewayReference };
}

/**
 * The payment as the API shows it: no internal bookkeeping, no idempotency key, and no Apex
 * reserved word as a name. The outcome event keeps its own names (model/outcome-event.ts).
 */
export function paymentView(payment: Payment) {
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
    currencyCode: payment.currency,
    merchantReference: payment.merchantReference,
    crmReference: payment.crmReference,
    ...kindFields(payment),
    outcome: outcomeView(payment.outcome),
    failureCode: payment.failureCode,
    createdAt: payment.createdAt,
    updatedAt: payment.updatedAt,
    expiresAt: payment.expiresAt,
  };
}

/** The payment's VCC history as the API shows it: what arrived when, without the bodies. */
export function vccHistoryView(history: readonly VccEvent[]) {
  return history.map(({ eventId, source, sessionState, lastUpdatedOn, receivedAt }) => ({ eventId, source, sessionState, lastUpdatedOn, receivedAt }));
}

/** The name the agent's page should give the iframe (or pop-up) the form targets. */
export const PAYMENT_FORM_TARGET = 'vcc-payment-form';

/**
 * What the agent's browser needs to open the provider's form: an auto-submitted HTML form
 * POSTing the two tokens as hidden inputs to the agent-assist session's iframe URL.
 */
export function paymentFormFor(iframeUrl: string, access: AgentAccess) {
  return {
    method: 'POST' as const,
    action: iframeUrl,
    target: PAYMENT_FORM_TARGET,
    fields: { 'X-BEARER-TOKEN': access.agentAccessToken, 'X-REFRESH-TOKEN': access.agentRefreshToken },
  };
}

/** A payment as the route that opened it answers it: where to read it, and whether the answer is a replay. */
export function openedPaymentView(payment: Payment, { location, replayed }: { location: string; replayed: boolean }) {
  return { ...paymentView(payment), location, replayed };
}
