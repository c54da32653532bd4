import { ConnectorError } from '../contract/connector-error.ts';
import { minorToMajor } from '../model/money.ts';
import type { Payment } from '../model/payment.ts';
import { MERCHANT_REFERENCE_FIELD, type VccEvent } from '../vcc/vcc-event.ts';
import { applyVccEvents, type StatusReportDeps } from './vcc-status-reports.ts';

/**
 * A payment result VCC sent for a VCC session none of our payments is joined to. It happens when
 * VCC opened a session or a link but answered after our timeout: we recorded the creation as
 * failed and never learned its sessionGuid, and then the customer paid (for a link VCC may send
 * the SMS itself). Such a result must never be silent: it is joined to its payment where that
 * can be decided safely, and otherwise counted for the alarm and listed for an operator.
 */
export interface UnmatchedResultsReport {
  /** Results joined to the payment they belong to, whose outcome is now owed to the CRM. */
  matched: number;
  /** Results still joined to no payment: what the alarm watches. */
  unmatched: number;
  /** The first of their sessionGuids, for the operator the alarm sends to the log. */
  unmatchedSessionGuids: string[];
}

const MAX_LISTED = 20;

const sameText = (a: string | null | undefined, b: string | null | undefined) => (a ?? '').trim().toUpperCase() === (b ?? '').trim().toUpperCase();

/**
 * Whether a result can be the outcome of this failed creation: VCC echoes the payment data it
 * was sent, so the currency, the amount and the merchant reference must all be the payment's,
 * and the result cannot be older than the payment.
 */
function couldBeResultOf(report: VccEvent, payment: Payment, deps: StatusReportDeps): boolean {
  const result = report.result ?? {};
  const reading = deps.resultReadings.forFlow(payment.paymentFlow);
  const currency = reading.currencyField ? result[reading.currencyField] : undefined;
  const amountMinor = reading.amountMinorField ? result[reading.amountMinorField] : undefined;
  if (!currency || !amountMinor || !sameText(currency, payment.currency)) return false;
  if (Number(minorToMajor(amountMinor, payment.currency)) !== Number(payment.amount)) return false;
  if (!sameText(result[MERCHANT_REFERENCE_FIELD], payment.merchantReference)) return false;
  return payment.createdAt <= report.receivedAt;
}

/** Joins the VCC session to the payment and applies what VCC reported, as the create path would have. */
async function attach(sessionGuid: string, payment: Payment, deps: StatusReportDeps, at: Date): Promise<Payment | undefined> {
  if (payment.sessionGuid !== sessionGuid && !(await deps.store.adoptVccSession(payment.id, sessionGuid, at.toISOString()))) return undefined;
  const reports = await deps.eventLog.join(sessionGuid, payment.id, at.toISOString());
  return applyVccEvents(payment.id, reports, deps);
}

/**
 * One pass of the sweep over unmatched results due by `asOf`. A result is joined only when
 * exactly one payment that VCC may have opened unseen matches it; two candidates, or none, are
 * left for an operator, since joining the wrong one would tell a CRM the wrong customer paid.
 */
export async function matchUnmatchedResults(asOf: Date, deps: StatusReportDeps, batchSize = 20): Promise<UnmatchedResultsReport> {
  const { store, eventLog } = deps;
  const due = await eventLog.findAwaitingJoin(asOf.toISOString(), batchSize);
  let matched = 0;
  if (due.count > 0) {
    const candidates = (await Promise.all((await store.listUnconfirmed()).map((id) => store.getPayment(id)))).filter(
      (payment): payment is Payment => payment?.state === 'creation_failed' && !payment.sessionGuid,
    );
    for (const sessionGuid of due.sessionGuids) {
      const reports = (await eventLog.eventsOf(sessionGuid)).filter((report) => report.result !== null);
      const fits = candidates.filter((payment) => reports.some((report) => couldBeResultOf(report, payment, deps)));
      if (fits.length !== 1) continue;
      if (await attach(sessionGuid, fits[0]!, deps, asOf)) {
        matched += 1;
        candidates.splice(candidates.indexOf(fits[0]!), 1);
      }
    }
  }
  const left = matched > 0 ? await eventLog.findAwaitingJoin(asOf.toISOString(), MAX_LISTED) : due;
  return { matched, unmatched: left.count, unmatchedSessionGuids: left.sessionGuids.slice(0, MAX_LISTED) };
}

/**
 * An operator's decision that a VCC session is a payment's, after checking with the gateway or
 * Vonage: for a result the sweep could not match safely. Only a payment whose creation failed
 * and which has no VCC session can take one; the CRM is then told through the usual path.
 */
export async function attachVccSession(sessionGuid: string, paymentId: string, deps: StatusReportDeps, at = new Date()): Promise<Payment> {
  const payment = await deps.store.getPayment(paymentId);
  if (!payment) throw new ConnectorError('SESSION_NOT_FOUND');
  if (payment.state !== 'creation_failed' || (payment.sessionGuid && payment.sessionGuid !== sessionGuid)) {
    throw new ConnectorError('INVALID_REQUEST', {
      message: `Payment ${paymentId} is ${payment.state}${payment.sessionGuid ? ` with VCC session ${payment.sessionGuid}` : ''}: only a payment whose creation failed, with no VCC session, can take one.`,
    });
  }
  const attached = await attach(sessionGuid, payment, deps, at);
  if (!attached) throw new ConnectorError('INVALID_REQUEST', { message: `Payment ${paymentId} changed meanwhile; read it and try again.` });
  return attached;
}
