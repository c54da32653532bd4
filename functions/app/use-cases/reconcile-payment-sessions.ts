import { RECONCILIATION } from '../contract/api-contract.ts';
import { type Payment, TERMINAL_STATES } from '../model/payment.ts';
import type { VccPaymentClient } from '../ports/vcc-payment-client.ts';
import { nextLinkLook } from './create-payment-link.ts';
import { expireLinkIfDue } from './expire-payment-link.ts';
import { publishOwedOutcome } from './publish-owed-outcome.ts';
import { matchUnmatchedResults } from './unmatched-payment-results.ts';
import { applyVccEvents, type StatusReportDeps, takePolledStatus } from './vcc-status-reports.ts';

export interface ReconcileDeps extends StatusReportDeps {
  vcc: VccPaymentClient;
  /** Told of a session the sweep could not finish with this time; it stays due. */
  onSessionFailed: (error: unknown, sessionId: string) => void;
  /** Sessions taken per kind of work and run: a backlog is worked off over several runs. */
  batchSize?: number;
  /** Sessions settled at once: VCC calls overlap, so a slow VCC does not stall the whole sweep. */
  concurrency?: number;
  /** Whether there is time left to settle one more session before the invocation ends. */
  hasTimeLeft?: () => boolean;
}

export interface ReconcileReport {
  published: number;
  resolved: number;
  /** Links past their expiry with no outcome, now `expired`. */
  linksExpired: number;
  creationsAbandoned: number;
  stillOpen: number;
  /** Every session still not final long after it should have ended: what the alarm watches. */
  unresolved: number;
  /** The first 20 of their ids, for the operator the alarm sends to the log. */
  unresolvedSessionIds: string[];
  /** Payment results for unknown VCC sessions joined to the payment they belong to. */
  resultsMatched: number;
  /** Payment results still joined to no payment: what the second alarm watches. */
  unmatchedResults: number;
  unmatchedSessionGuids: string[];
  failed: number;
}

type SessionResult = 'resolved' | 'link-expired' | 'creation-abandoned' | 'still-open' | 'skipped';

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
/** VCC delivers a result for up to 12 hours after the payment, retrying a refused webhook. */
const UNCONFIRMED_KEPT_AFTER_EXPIRY_MS = 12 * HOUR_MS;

const isFinal = (session: Payment | undefined) => session !== undefined && TERMINAL_STATES.has(session.state);

/**
 * One sweep, as of the scheduled time `asOf`: publishes every outcome still owed, then settles
 * every payment that should have ended by now and had no final word from VCC, and every open
 * link due a look (expiring those past their time). Settling applies status reports already
 * recorded (a webhook that came before its VCC session was joined), then asks VCC, whose results
 * last only 15 minutes after the VCC session ends: the sweep runs every minute.
 */
export async function reconcilePaymentSessions(asOf: Date, deps: ReconcileDeps): Promise<ReconcileReport> {
  const { store, batchSize = 50 } = deps;
  const report: ReconcileReport = {
    published: 0,
    resolved: 0,
    linksExpired: 0,
    creationsAbandoned: 0,
    stillOpen: 0,
    unresolved: 0,
    unresolvedSessionIds: [],
    resultsMatched: 0,
    unmatchedResults: 0,
    unmatchedSessionGuids: [],
    failed: 0,
  };

  for (const id of await store.listDueWork('PUBLISH', asOf.toISOString(), batchSize)) {
    try {
      const session = await store.getPayment(id);
      if (session && (await publishOwedOutcome(session, { ...deps, now: () => asOf }))) report.published += 1;
    } catch (error) {
      report.failed += 1;
      deps.onSessionFailed(error, id);
    }
  }

  const due = await store.listDueWork('RECONCILE', asOf.toISOString(), batchSize);
  await forEachConcurrently(due, deps.concurrency ?? 5, async (id) => {
    if (deps.hasTimeLeft && !deps.hasTimeLeft()) return;
    try {
      const result = await settleSession(id, asOf, deps);
      if (result === 'resolved') report.resolved += 1;
      if (result === 'link-expired') report.linksExpired += 1;
      if (result === 'creation-abandoned') report.creationsAbandoned += 1;
      if (result === 'still-open') report.stillOpen += 1;
    } catch (error) {
      report.failed += 1;
      deps.onSessionFailed(error, id);
    }
  });

  // Counted over every open session, not only those looked at in this run: an overdue session
  // is looked at less and less often, but it stays in the metric until it is resolved.
  const expiredBefore = new Date(asOf.getTime() - RECONCILIATION.unresolvedAfterMinutes * MINUTE_MS).toISOString();
  const overdue = await store.findOverdue(expiredBefore, 20);
  report.unresolved = overdue.count;
  report.unresolvedSessionIds = overdue.ids;

  const unmatched = await matchUnmatchedResults(asOf, deps, batchSize);
  report.resultsMatched = unmatched.matched;
  report.unmatchedResults = unmatched.unmatched;
  report.unmatchedSessionGuids = unmatched.unmatchedSessionGuids;
  // A failed creation's form is over once its time is: nothing more can come of it.
  for (const id of await store.listDueWork('UNCONFIRMED', new Date(asOf.getTime() - UNCONFIRMED_KEPT_AFTER_EXPIRY_MS).toISOString(), batchSize)) {
    await store.retireUnconfirmed(id);
  }
  return report;
}

async function forEachConcurrently<T>(items: readonly T[], concurrency: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/**
 * When to look again at a session VCC has no final word on: in a minute at first, then less
 * often the longer it is overdue (a quarter of the time since its form expired, at most an
 * hour), so sessions VCC will never resolve do not crowd out those it still can. An open link
 * is looked at every few minutes until it expires, when the sweep expires it.
 */
function nextLook(session: Payment, asOf: Date): string {
  if (session.kind === 'payment-link') return nextLinkLook(session.expiresAt, asOf);
  const overdueMs = asOf.getTime() - Date.parse(session.expiresAt);
  const waitMs = Math.min(HOUR_MS, Math.max(RECONCILIATION.scheduleMinutes * MINUTE_MS, overdueMs / 4));
  return new Date(asOf.getTime() + waitMs).toISOString();
}

async function settleSession(id: string, asOf: Date, deps: ReconcileDeps): Promise<SessionResult> {
  const { store, eventLog, vcc } = deps;
  const session = await store.getPayment(id);
  if (session?.dueWork !== 'RECONCILE') return 'skipped';

  // The invocation that created it died before VCC answered: the agent never got a form.
  if (session.state === 'creating' || !session.sessionGuid) {
    await store.recordCreationFailed(id, { failureCode: 'VCC_TIMEOUT', vccMayHaveOpened: true }, asOf.toISOString());
    return 'creation-abandoned';
  }

  const recorded = await eventLog.join(session.sessionGuid, id, asOf.toISOString());
  let settled = await applyVccEvents(id, recorded, deps);
  if (isFinal(settled)) return 'resolved';

  // Postponed before asking VCC: a call that hangs past the invocation leaves the session
  // behind the others next time, instead of first in line again.
  await store.postponeReconciliation(id, nextLook(session, asOf));
  const status = await vcc.getSession(session.sessionGuid);
  if (status) settled = (await takePolledStatus(id, status, 'reconciliation', deps)) ?? settled;
  if (isFinal(settled)) return 'resolved';
  // Asked VCC first: a link paid whose webhook was lost is recovered, not expired.
  const expired = settled && (await expireLinkIfDue(settled, asOf, deps));
  return isFinal(expired) ? 'link-expired' : 'still-open';
}
