import { CRM_REFERENCE_INDEX, TABLE_KEYS } from '../contract/api-contract.ts';
import { ConnectorError } from '../contract/connector-error.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';
import type { PaymentSession } from '../model/payment-session.ts';
import type { PageKey, PaymentSessionStore } from '../ports/payment-session-store.ts';

export const LIST_PAYMENTS_ERRORS = ['INVALID_CURSOR'] as const satisfies readonly ErrorCode[];

export interface ListPaymentsQuery {
  crmReference: string;
  pageSize: number;
  /** The previous page's `nextCursor`, or null for the first page. */
  cursor: string | null;
}

export interface PaymentsList {
  payments: PaymentSession[];
  /** Null on the last page. */
  nextCursor: string | null;
}

const PAGE_KEY_NAMES = [TABLE_KEYS.partitionKey, CRM_REFERENCE_INDEX.partitionKey, CRM_REFERENCE_INDEX.sortKey].sort();

/** Only session items carry a crmReference. */
const SESSION_KEY_PREFIX = 'SESSION#';

const encodeCursor = (key: PageKey): string => Buffer.from(JSON.stringify(key)).toString('base64url');

/**
 * A cursor is the index key where the previous page ended. It comes back from the caller, so it
 * is checked to be exactly such a key and of the same CRM record: it can steer the query, never
 * widen it.
 */
function decodeCursor(cursor: string, crmReference: string): PageKey {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new ConnectorError('INVALID_CURSOR');
  }
  const valid =
    typeof key === 'object' &&
    key !== null &&
    !Array.isArray(key) &&
    JSON.stringify(Object.keys(key).sort()) === JSON.stringify(PAGE_KEY_NAMES) &&
    Object.values(key).every((value) => typeof value === 'string' && value.length > 0) &&
    (key as PageKey)[TABLE_KEYS.partitionKey]!.startsWith(SESSION_KEY_PREFIX) &&
    (key as PageKey)[CRM_REFERENCE_INDEX.partitionKey] === crmReference;
  if (!valid) throw new ConnectorError('INVALID_CURSOR');
  return key as PageKey;
}

/** Every payment attempt of one CRM record, sessions and links alike, newest first, a page at a time. */
export async function listPayments({ crmReference, pageSize, cursor }: ListPaymentsQuery, store: PaymentSessionStore): Promise<PaymentsList> {
  const after = cursor === null ? null : decodeCursor(cursor, crmReference);
  const { sessions, next } = await store.listByCrmReference(crmReference, pageSize, after);
  return { payments: sessions, nextCursor: next ? encodeCursor(next) : null };
}
