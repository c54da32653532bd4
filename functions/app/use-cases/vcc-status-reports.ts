import type { Payment } from '../model/payment.ts';
import type { VccEventLog } from '../ports/vcc-event-log.ts';
import { keptReportBody } from '../privacy/kept-report-body.ts';
import { byVccTime, type VccEvent, type VccEventSource, vccEventFrom } from '../vcc/vcc-event.ts';
import { isFinalReport, type ResultReadings, statusChangeFrom } from '../vcc/vcc-status-change.ts';
import { type OutcomePublishingDeps, publishOwedOutcome } from './publish-owed-outcome.ts';

/** What taking in VCC's status reports needs, whoever brings them: webhook, poll or sweep. */
export interface StatusReportDeps extends OutcomePublishingDeps {
  eventLog: VccEventLog;
  /** How each payment flow's gateway results are read. */
  resultReadings: ResultReadings;
  /**
   * Told when a VCC session could not be joined to its payment, a stored status report could not
   * be applied, or an outcome could not be published, right now: each stays owed on the payment,
   * and the reconciliation sweep finishes it.
   */
  onLeftForSweep: (error: unknown, sessionId: string, step: 'join' | 'apply' | 'publish') => void;
}

export interface RecordedStatusReport {
  event: VccEvent;
  isNew: boolean;
  /** The payment joined to the VCC session, null while none is. */
  sessionId: string | null;
  /** The payment after the report; undefined while none is joined, or when applying it was left to the sweep. */
  payment: Payment | undefined;
  /** Where card-like values were removed from the body before it was kept; never the values. */
  removedCardNumberPaths: string[];
}

/**
 * How long a payment result for a VCC session no payment is joined to may wait for its payment
 * before the sweep looks for it: the create path joins within seconds of VCC's answer.
 */
const JOIN_GRACE_MS = 60 * 1000;

/** A report VCC sends when money may have moved: Finished with a result. */
const carriesPaymentResult = (event: VccEvent): boolean => event.sessionState.toLowerCase() === 'finished' && event.result !== null;

/**
 * Applies recorded status reports to their payment, oldest first, through the store's state
 * machine, then publishes the outcome if one is owed. Applying the same report again is harmless,
 * so this is also how duplicates, the sweep and late joins catch up.
 */
export async function applyVccEvents(sessionId: string, events: readonly VccEvent[], deps: StatusReportDeps): Promise<Payment | undefined> {
  let payment: Payment | undefined;
  for (const event of [...events].sort(byVccTime)) {
    const changeFor = (current: Payment) => statusChangeFrom(event, deps.resultReadings.forFlow(current.paymentFlow));
    payment = (await deps.store.applyStatusChange(sessionId, changeFor)) ?? payment;
  }
  payment ??= await deps.store.getPayment(sessionId);
  if (payment) await publishIfOwed(payment, deps);
  return payment;
}

/** Publishes the payment's outcome if one is owed; a failure leaves it owed for the sweep. */
export async function publishIfOwed(payment: Payment, deps: StatusReportDeps): Promise<void> {
  if (payment.dueWork !== 'PUBLISH') return;
  try {
    await publishOwedOutcome(payment, deps);
  } catch (error) {
    deps.onLeftForSweep(error, payment.id, 'publish');
  }
}

/**
 * The one path for a status report from VCC, any shape with a sessionGuid: record it first
 * (durable from then on, joined or not), then apply it to its payment if one is joined. Only
 * the recording can fail the caller: once it is done the report is safe, and the sweep applies
 * what was not.
 */
export async function recordStatusReport(body: Record<string, unknown>, source: VccEventSource, deps: StatusReportDeps): Promise<RecordedStatusReport> {
  const now = deps.now?.() ?? new Date();
  const event = vccEventFrom(body, source, now.toISOString(), deps.resultReadings.fields);
  const kept = keptReportBody(body);
  const awaitsJoin = carriesPaymentResult(event) ? { dueAt: new Date(now.getTime() + JOIN_GRACE_MS).toISOString() } : null;
  const { isNew, sessionId } = await deps.eventLog.record(event, kept.text, awaitsJoin);
  const recorded = { event, isNew, sessionId, removedCardNumberPaths: kept.removedPaths };
  if (!sessionId) return { ...recorded, payment: undefined };
  try {
    return { ...recorded, payment: await applyVccEvents(sessionId, [event], deps) };
  } catch (error) {
    deps.onLeftForSweep(error, sessionId, 'apply');
    return { ...recorded, payment: undefined };
  }
}

/**
 * A status report we asked VCC for (a CRM's read, the sweep). A final one is recorded like a
 * webhook; progress only moves the payment forward and stays out of the history, which a CRM
 * reading a pending payment every second would otherwise fill past DynamoDB's item size.
 */
export async function takePolledStatus(
  sessionId: string,
  status: Record<string, unknown>,
  source: 'poll' | 'reconciliation',
  deps: StatusReportDeps,
): Promise<Payment | undefined> {
  const event = vccEventFrom(status, source, (deps.now?.() ?? new Date()).toISOString(), deps.resultReadings.fields);
  if (!isFinalReport(event)) return applyVccEvents(sessionId, [event], deps);
  return (await recordStatusReport(status, source, deps)).payment ?? deps.store.getPayment(sessionId);
}
