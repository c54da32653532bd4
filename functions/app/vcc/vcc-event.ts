import { createHash } from 'node:crypto';
import { looksLikeCardNumber } from '../privacy/card-number-guard.ts';
import { REDACTED_CARD_NUMBER } from '../privacy/payment-result-privacy.ts';

/** Where a status report came from: a webhook, or VCC's answer to us asking. */
export type VccEventSource = 'webhook' | 'poll' | 'reconciliation';

/**
 * One distinct status report about a VCC session, as kept in its history: only the fields the
 * connector reads, parsed out and bounded, so that any report VCC sends can be kept. The body
 * itself is kept apart, whole (see VccEventLog.record).
 */
export interface VccEvent {
  /** The same for every delivery of the same report: VCC sends no id of its own. */
  eventId: string;
  source: VccEventSource;
  /** VCC's sessionGuid, or a digest of it when it cannot be a key (see `vccSessionKeyOf`). */
  sessionGuid: string;
  sessionState: string;
  /** VCC's `lastUpdatedOn`, normalized to ISO UTC; null when VCC gave none we can read. */
  lastUpdatedOn: string | null;
  receivedAt: string;
  /**
   * The fields of `paymentResultData` that payment flows read (and the merchant reference that
   * ties a result to its payment), as text; null when the report carries no result object.
   */
  result: Record<string, string> | null;
}

/** Our own payment data key that VCC echoes back in a result: it ties a result to its payment. */
export const MERCHANT_REFERENCE_FIELD = 'MerchantReferenceCode';

const MAX_STATE_LENGTH = 64;
const MAX_RESULT_VALUE_LENGTH = 256;
const SAFE_GUID = /^[A-Za-z0-9._:-]{1,128}$/;
// Keys a plain object would take as its prototype's; no result field may be read through them.
const UNREADABLE_FIELDS = new Set(['__proto__', 'constructor', 'prototype']);

/**
 * A digest spelled in letters only: a hex digest holds runs of decimal digits, and one in a few
 * hundred would look like a card number to anyone auditing the table or the logs.
 */
export function letterDigest(text: string, length = 32): string {
  const hex = createHash('sha256').update(text).digest('hex').slice(0, length);
  return hex.replace(/[0-9]/g, (digit) => String.fromCharCode(0x67 + Number(digit)));
}

/** Text of a JSON scalar as received; null for anything else. */
export function textOf(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  return null;
}

const withoutCardNumber = (text: string): string => (looksLikeCardNumber(text) ? REDACTED_CARD_NUMBER : text);

/**
 * The key a VCC session is kept under. VCC's guids are UUIDs and are kept as they are; anything
 * else that is too long for a key, or looks like a card number, is kept under a digest, so the
 * report is still stored (it may be VCC's) and never joins a payment by accident.
 */
export function vccSessionKeyOf(sessionGuid: string): string {
  return SAFE_GUID.test(sessionGuid) && !looksLikeCardNumber(sessionGuid) ? sessionGuid : `digest-${letterDigest(sessionGuid)}`;
}

/**
 * VCC timestamps are UTC but may lack the `Z`; stored as ISO strings they compare in order.
 * A missing or unreadable one stays null: our own clock must never be compared with VCC's.
 */
export function normalizeVccTimestamp(value: unknown): string | null {
  if (typeof value !== 'string' || !value || value.length > 64) return null;
  const withZone = /[zZ]|[+-]\d\d:?\d\d$/.test(value) ? value : `${value}Z`;
  const parsed = Date.parse(withZone);
  return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
}

/** VCC's documented deduplication key: sessionGuid + sessionState + lastUpdatedOn. */
function vccEventId(sessionGuid: string, sessionState: string, lastUpdatedOn: string | null): string {
  return `vcc_${letterDigest(JSON.stringify([sessionGuid, sessionState, lastUpdatedOn]))}`;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function resultOf(body: Record<string, unknown>, fields: readonly string[]): Record<string, string> | null {
  const data = body.paymentResultData;
  if (!isPlainObject(data)) return null;
  const result: Record<string, string> = {};
  for (const field of [...fields, MERCHANT_REFERENCE_FIELD]) {
    if (UNREADABLE_FIELDS.has(field) || !Object.hasOwn(data, field)) continue;
    const text = textOf(data[field]);
    if (text !== null) result[field] = withoutCardNumber(text).slice(0, MAX_RESULT_VALUE_LENGTH);
  }
  return result;
}

/**
 * The report in the form kept in a session's history, from a body of any shape that has a
 * sessionGuid (the receiver refuses one without). `resultFields` are the result fields payment
 * flows read; the others stay in the body kept apart.
 */
export function vccEventFrom(body: Record<string, unknown>, source: VccEventSource, receivedAt: string, resultFields: readonly string[]): VccEvent {
  const sessionGuid = vccSessionKeyOf(textOf(body.sessionGuid) ?? '');
  const sessionState = withoutCardNumber(textOf(body.sessionState) ?? '').slice(0, MAX_STATE_LENGTH);
  const lastUpdatedOn = normalizeVccTimestamp(body.lastUpdatedOn);
  return {
    eventId: vccEventId(sessionGuid, sessionState, lastUpdatedOn),
    source,
    sessionGuid,
    sessionState,
    lastUpdatedOn,
    receivedAt,
    result: resultOf(body, resultFields),
  };
}

/** Oldest report first; reports without a timestamp last, as VCC's order for them is unknown. */
export const byVccTime = (a: VccEvent, b: VccEvent): number =>
  (a.lastUpdatedOn ?? '\uffff').localeCompare(b.lastUpdatedOn ?? '\uffff') || a.receivedAt.localeCompare(b.receivedAt);
