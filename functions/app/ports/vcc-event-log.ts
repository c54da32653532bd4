import type { VccEvent } from '../vcc/vcc-event.ts';

export interface RecordedVccEvent {
  /** False when this report was already recorded: a duplicate delivery. */
  isNew: boolean;
  /** Our payment for this VCC session; null while none is joined (an early, lost or foreign report). */
  sessionId: string | null;
}

/**
 * The append-only history of each VCC session, keyed by its sessionGuid. A report is recorded
 * before anything else happens with it, whether or not we know the session yet; joining a
 * session and recording a report are single-item writes to the same record, so whichever comes
 * second sees the other and no report is ever left unjoined.
 */
export interface VccEventLog {
  /**
   * Keeps the report's body as received (minus card data, any shape, any depth) in an item of
   * its own, then adds the parsed report to its VCC session's history. `awaitsJoin` marks a
   * report with a final word about a VCC session no payment is joined to yet: the sweep looks
   * for its payment, and raises the alarm if it finds none.
   */
  record(event: VccEvent, body: string, awaitsJoin: { dueAt: string } | null): Promise<RecordedVccEvent>;
  /** Joins a VCC session to its payment; returns every report recorded for it so far. */
  join(sessionGuid: string, sessionId: string, joinedAt: string): Promise<VccEvent[]>;
  eventsOf(sessionGuid: string): Promise<VccEvent[]>;
  /** The kept body of one report, as recorded; undefined when there is none. */
  bodyOf(eventId: string): Promise<string | undefined>;
  /**
   * VCC sessions with a payment result that no payment is joined to, due by `dueBy`:
   * how many, and the first `maxGuids` of their sessionGuids, oldest first.
   */
  findAwaitingJoin(dueBy: string, maxGuids: number): Promise<{ count: number; sessionGuids: string[] }>;
}
