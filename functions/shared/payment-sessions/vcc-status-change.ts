import type { StatusChange } from '../stores/payment-session-store.ts';
import type { VccSessionStatus } from '../vcc/vcc-payment-client.ts';
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

/**
 * VCC timestamps are UTC but may lack the `Z`; stored as ISO strings they compare in order.
 * A missing one stays null: our own clock must never be compared with VCC's.
 */
function normalizeTimestamp(value: string | null | undefined): string | null {
  if (!value) return null;
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const parsed = Date.parse(withZone);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

/** What a status from VCC (poll or webhook) means for our session. */
export function statusChangeFrom(status: VccSessionStatus, receivedAt: string): StatusChange {
  const outcome = status.paymentResultData ? outcomeOf(status.paymentResultData) : null;
  return {
    state: stateOf(status.sessionState, outcome),
    vccSessionState: status.sessionState,
    vccLastUpdatedOn: normalizeTimestamp(status.lastUpdatedOn),
    outcome,
    updatedAt: receivedAt,
  };
}
