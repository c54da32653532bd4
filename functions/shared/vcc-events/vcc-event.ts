import { createHash } from 'node:crypto';
import type { VccSessionStatus } from '../vcc/vcc-payment-client.ts';
import { minimizedStatus } from './payment-result-privacy.ts';

/** Where news of a VCC session came from. */
export type VccEventSource = 'webhook' | 'poll' | 'reconciliation';

/** One distinct piece of news about a VCC session, as kept in its append-only history. */
export interface VccEvent {
  /** The same for every delivery of the same news: VCC sends no id of its own. */
  eventId: string;
  source: VccEventSource;
  sessionGuid: string;
  sessionState: string;
  /** VCC's `lastUpdatedOn`, normalized to ISO UTC; null when VCC gave none. */
  lastUpdatedOn: string | null;
  receivedAt: string;
  /** The body as received, minus card-holder details; unknown fields are kept. */
  status: VccSessionStatus;
}

/**
 * VCC timestamps are UTC but may lack the `Z`; stored as ISO strings they compare in order.
 * A missing or unreadable one stays null: our own clock must never be compared with VCC's.
 */
export function normalizeVccTimestamp(value: string | null | undefined): string | null {
  if (!value) return null;
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const parsed = Date.parse(withZone);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

/** VCC's documented deduplication key: sessionGuid + sessionState + lastUpdatedOn. */
function vccEventId(sessionGuid: string, sessionState: string, lastUpdatedOn: string | null): string {
  const digest = createHash('sha256').update(JSON.stringify([sessionGuid, sessionState, lastUpdatedOn])).digest('hex');
  return `vcc_${digest.slice(0, 32)}`;
}

export function vccEventFrom(status: VccSessionStatus, source: VccEventSource, receivedAt: string): VccEvent {
  const lastUpdatedOn = normalizeVccTimestamp(status.lastUpdatedOn);
  return {
    eventId: vccEventId(status.sessionGuid, status.sessionState, lastUpdatedOn),
    source,
    sessionGuid: status.sessionGuid,
    sessionState: status.sessionState,
    lastUpdatedOn,
    receivedAt,
    status: minimizedStatus(status),
  };
}

/** Oldest news first; news without a timestamp last, as VCC's order for it is unknown. */
export const byVccTime = (a: VccEvent, b: VccEvent): number =>
  (a.lastUpdatedOn ?? '\uffff').localeCompare(b.lastUpdatedOn ?? '\uffff') || a.receivedAt.localeCompare(b.receivedAt);
