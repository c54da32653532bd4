import type { VccEvent } from '../vcc-events/vcc-event.ts';

export interface RecordedVccEvent {
  /** False when this news was already recorded: a duplicate delivery. */
  isNew: boolean;
  /** Our session for this VCC session; null while none is joined (an early or foreign webhook). */
  sessionId: string | null;
}

/**
 * The append-only history of each VCC session, keyed by its sessionGuid. News is recorded
 * before anything else happens with it, whether or not we know the session yet; joining a
 * session and recording news are single-item writes to the same record, so whichever comes
 * second sees the other and no news is ever left unjoined.
 */
export interface VccEventLog {
  record(event: VccEvent): Promise<RecordedVccEvent>;
  /** Joins a VCC session to ours; returns every event recorded for it so far. */
  join(sessionGuid: string, sessionId: string, joinedAt: string): Promise<VccEvent[]>;
  eventsOf(sessionGuid: string): Promise<VccEvent[]>;
}
