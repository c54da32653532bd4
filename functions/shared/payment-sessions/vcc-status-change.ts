import type { StatusChange } from '../stores/payment-session-store.ts';
import type { VccSessionStatus } from '../vcc/vcc-payment-client.ts';
import { normalizeVccTimestamp } from '../vcc-events/vcc-event.ts';
import { minorToMajor } from './money.ts';
import type { PaymentOutcome, PaymentSessionState } from './payment-session.ts';

/** VCC's documented terminal states; any other state is kept as received and treated as pending. */
const TERMINAL_VCC_STATES: Record<string, PaymentSessionState> = {
  timeout: 'timed_out',
  error: 'error',
  expiredonproviderside: 'expired',
};

const text = (value: unknown): string | null =>
  typeof value === 'string' || typeof value === 'number' ? String(value) : null;

function outcomeOf(result: Record<string, unknown>): PaymentOutcome | null {
  const decision = text(result.decision);
  if (!decision) return null;
  const amountMinor = text(result.Amount);
  const currency = text(result.Currency);
  return {
    decision,
    reasonCode: text(result.reasonCode),
    amountMinor,
    amount: amountMinor && currency ? minorToMajor(amountMinor, currency) ?? null : null,
    currency,
    transactionType: text(result.transactionType),
    gatewayReference: text(result.requestID),
  };
}

function stateOf(vccState: string, outcome: PaymentOutcome | null): PaymentSessionState {
  const normalized = vccState.toLowerCase();
  if (normalized === 'finished') {
    if (!outcome) return 'finished';
    return outcome.decision.toUpperCase() === 'ACCEPT' ? 'approved' : 'declined';
  }
  return TERMINAL_VCC_STATES[normalized] ?? 'pending';
}

/** What a status from VCC (poll or webhook) means for our session. */
export function statusChangeFrom(status: VccSessionStatus, receivedAt: string): StatusChange {
  // A webhook keeps fields as received: a result that is not an object carries no outcome.
  const result: unknown = status.paymentResultData;
  const outcome = typeof result === 'object' && result !== null && !Array.isArray(result) ? outcomeOf(result as Record<string, unknown>) : null;
  return {
    state: stateOf(status.sessionState, outcome),
    vccSessionState: status.sessionState,
    vccLastUpdatedOn: normalizeVccTimestamp(status.lastUpdatedOn),
    outcome,
    updatedAt: receivedAt,
  };
}
