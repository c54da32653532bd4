import { minorToMajor } from '../model/money.ts';
import type { PaymentOutcome, PaymentState } from '../model/payment.ts';
import { DEFAULT_RESULT_READING, fieldsRead, type PaymentResultReading, readPaymentResult, resolveResultReading } from '../model/payment-result-reading.ts';
import type { StatusChange } from '../model/payment-state-machine.ts';
import type { VccEvent } from './vcc-event.ts';

/** VCC's documented terminal states; any other state is kept as received and treated as pending. */
const TERMINAL_VCC_STATES: Record<string, PaymentState> = {
  timeout: 'timed_out',
  error: 'error',
  expiredonproviderside: 'expired',
};

function outcomeOf(result: Record<string, string>, reading: PaymentResultReading): { verdict: string; outcome: PaymentOutcome } {
  const facts = readPaymentResult(result, reading);
  const { amountMinor, currency } = facts;
  return {
    verdict: facts.verdict,
    outcome: {
      decision: facts.decision,
      reasonCode: facts.reasonCode,
      amountMinor,
      amount: amountMinor && currency ? (minorToMajor(amountMinor, currency) ?? null) : null,
      currency,
      transactionType: facts.transactionType,
      gatewayReference: facts.gatewayReference,
    },
  };
}

/** Whether a report is VCC's final word on a session; how its result reads does not change that. */
export const isFinalReport = (event: VccEvent): boolean => {
  const normalized = event.sessionState.toLowerCase();
  return normalized === 'finished' || Object.hasOwn(TERMINAL_VCC_STATES, normalized);
};

/**
 * What a status report means for our payment, read with its payment flow's reading. A result
 * the reading cannot read leaves the payment `finished` with what it said: never guessed to be
 * declined, and still replaced by a readable result if one comes.
 */
export function statusChangeFrom(event: VccEvent, reading: PaymentResultReading): StatusChange {
  const vcc = { vccSessionState: event.sessionState, vccLastUpdatedOn: event.lastUpdatedOn, updatedAt: event.receivedAt };
  const normalized = event.sessionState.toLowerCase();
  if (normalized !== 'finished') return { ...vcc, state: TERMINAL_VCC_STATES[normalized] ?? 'pending', outcome: null };
  if (!event.result) return { ...vcc, state: 'finished', outcome: null };
  const { verdict, outcome } = outcomeOf(event.result, reading);
  const state = verdict === 'approved' || verdict === 'declined' ? verdict : 'finished';
  return { ...vcc, state, outcome };
}

/** How each payment flow's results are read, and which result fields any of them reads. */
export interface ResultReadings {
  forFlow(paymentFlow: string): PaymentResultReading;
  fields: readonly string[];
}

export function resultReadingsOf(byFlow: Readonly<Record<string, PaymentResultReading>>): ResultReadings {
  const fallback = resolveResultReading(DEFAULT_RESULT_READING);
  return {
    forFlow: (paymentFlow) => (Object.hasOwn(byFlow, paymentFlow) ? byFlow[paymentFlow]! : fallback),
    fields: fieldsRead([fallback, ...Object.values(byFlow)]),
  };
}
