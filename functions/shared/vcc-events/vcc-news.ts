import { publishOwedOutcome, type OutcomePublishingDeps } from '../outcomes/publish-owed-outcome.ts';
import { TERMINAL_STATES, type PaymentSession } from '../payment-sessions/payment-session.ts';
import { statusChangeFrom } from '../payment-sessions/vcc-status-change.ts';
import type { VccEventLog } from '../stores/vcc-event-log.ts';
import type { VccSessionStatus } from '../vcc/vcc-payment-client.ts';
import { byVccTime, vccEventFrom, type VccEvent, type VccEventSource } from './vcc-event.ts';

/** What taking in news from VCC needs, whoever brings it: webhook, poll or sweep. */
export interface VccNewsDeps extends OutcomePublishingDeps {
  eventLog: VccEventLog;
  /**
   * Told when a VCC session could not be joined to ours, stored news could not be applied, or
   * an outcome could not be published, right now: each stays owed on the session, and the
   * reconciliation sweep finishes it.
   */
  onLeftForSweep: (error: unknown, sessionId: string, step: 'join' | 'apply' | 'publish') => void;
}

export interface RecordedNews {
  event: VccEvent;
  isNew: boolean;
  /** Our session for the VCC session, null while none is joined. */
  sessionId: string | null;
  /** Our session after the news; undefined while none is joined, or when applying it was left to the sweep. */
  session: PaymentSession | undefined;
}

/**
 * Applies recorded news to our session, oldest first, through the store's forward-only write,
 * then publishes the outcome if one is owed. Replaying the same news is harmless, so this is
 * also how duplicates, the sweep and late joins catch up.
 */
export async function applyVccEvents(sessionId: string, events: readonly VccEvent[], deps: VccNewsDeps): Promise<PaymentSession | undefined> {
  let session: PaymentSession | undefined;
  for (const event of [...events].sort(byVccTime)) {
    session = (await deps.store.applyStatusChange(sessionId, statusChangeFrom(event.status, event.receivedAt))) ?? session;
  }
  session ??= await deps.store.getSession(sessionId);
  if (session) await publishIfOwed(session, deps);
  return session;
}

/** Publishes the session's outcome if one is owed; a failure leaves it owed for the sweep. */
export async function publishIfOwed(session: PaymentSession, deps: VccNewsDeps): Promise<void> {
  if (session.dueWork !== 'PUBLISH') return;
  try {
    await publishOwedOutcome(session, deps);
  } catch (error) {
    deps.onLeftForSweep(error, session.id, 'publish');
  }
}

/**
 * The one path for a status from VCC: record it in the session's history first (durable from
 * then on, joined or not), then apply it to our session if one is joined. Only the recording
 * can fail the caller: once it is done the news is safe, and the sweep applies what was not.
 */
export async function recordVccStatus(status: VccSessionStatus, source: VccEventSource, deps: VccNewsDeps): Promise<RecordedNews> {
  const event = vccEventFrom(status, source, (deps.now?.() ?? new Date()).toISOString());
  const { isNew, sessionId } = await deps.eventLog.record(event);
  if (!sessionId) return { event, isNew, sessionId, session: undefined };
  try {
    return { event, isNew, sessionId, session: await applyVccEvents(sessionId, [event], deps) };
  } catch (error) {
    deps.onLeftForSweep(error, sessionId, 'apply');
    return { event, isNew, sessionId, session: undefined };
  }
}

/**
 * A status we asked VCC for (a CRM's read, the sweep). Final news is recorded like a webhook;
 * progress reports only move the session forward and stay out of the history, which a CRM
 * reading a pending session every second would otherwise fill past DynamoDB's item size.
 */
export async function takePolledStatus(sessionId: string, status: VccSessionStatus, source: 'poll' | 'reconciliation', deps: VccNewsDeps): Promise<PaymentSession | undefined> {
  const event = vccEventFrom(status, source, (deps.now?.() ?? new Date()).toISOString());
  if (!TERMINAL_STATES.has(statusChangeFrom(event.status, event.receivedAt).state)) return applyVccEvents(sessionId, [event], deps);
  return (await recordVccStatus(status, source, deps)).session ?? deps.store.getSession(sessionId);
}
