import { ConnectorError } from '../contract/connector-error.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';
import type { Payment, PaymentKind } from '../model/payment.ts';
import type { VccPaymentClient, VccSessionStatus } from '../ports/vcc-payment-client.ts';
import { normalizeVccTimestamp, type VccEvent } from '../vcc/vcc-event.ts';
import { type StatusReportDeps, takePolledStatus } from './vcc-status-reports.ts';

/**
 * Each kind is read at its own path, so a caller never mistakes a link for an agent-assist session:
 * the other kind's id is not found. VCC's failures are not the reader's: the stored payment is answered.
 */
export const NOT_FOUND_ERRORS = { 'agent-assist': ['SESSION_NOT_FOUND'], 'payment-link': ['LINK_NOT_FOUND'] } as const satisfies Record<
  PaymentKind,
  readonly ErrorCode[]
>;

export interface GetPaymentSessionDeps extends StatusReportDeps {
  vcc: VccPaymentClient;
  /** Told when VCC could not be asked; the stored payment is still answered. */
  onVccUnreachable: (error: unknown, payment: Payment) => void;
}

export interface PaymentWithHistory {
  payment: Payment;
  /** Every distinct webhook, and every final status VCC gave when asked, in order of arrival. */
  history: VccEvent[];
}

/**
 * Returns the payment and its VCC history; while it is pending, asks VCC first and records
 * what it learns. VCC keeps results for 15 minutes only, so each answer is stored, never
 * merely passed through.
 */
export async function getPaymentSession(id: string, kind: PaymentKind, deps: GetPaymentSessionDeps): Promise<PaymentWithHistory> {
  const { store, vcc, eventLog, onVccUnreachable } = deps;
  let payment = await store.getPayment(id);
  if (!payment || payment.kind !== kind) throw new ConnectorError(NOT_FOUND_ERRORS[kind][0]);
  if (payment.state === 'pending' && payment.sessionGuid) payment = await refreshedFromVcc(payment, vcc, deps, onVccUnreachable);
  const history = payment.sessionGuid ? await eventLog.eventsOf(payment.sessionGuid) : [];
  return { payment, history };
}

async function refreshedFromVcc(payment: Payment, vcc: VccPaymentClient, deps: StatusReportDeps, onVccUnreachable: GetPaymentSessionDeps['onVccUnreachable']) {
  let status: VccSessionStatus | undefined;
  try {
    status = await vcc.getSession(payment.sessionGuid ?? '');
  } catch (error) {
    onVccUnreachable(error, payment);
    return payment;
  }
  // VCC repeating what we already hold changes nothing: a CRM polling a pending payment costs no writes.
  if (!status || isAlreadyApplied(payment, status)) return payment;
  return (await takePolledStatus(payment.id, status, 'poll', deps)) ?? payment;
}

const isAlreadyApplied = (payment: Payment, status: VccSessionStatus): boolean =>
  status.sessionState === payment.vccSessionState && normalizeVccTimestamp(status.lastUpdatedOn) === payment.vccLastUpdatedOn;
