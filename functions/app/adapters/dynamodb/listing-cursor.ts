import { CRM_REFERENCE_INDEX, PAYMENT_ID_PATTERN, TABLE_KEYS } from '../../contract/api-contract.ts';
import { ConnectorError } from '../../contract/connector-error.ts';
import { SESSION_PREFIX } from './dynamodb-items.ts';

/**
 * A listing's cursor is made and read here only: the crm-reference index's key of a page's last
 * payment (its item key, crmReference and createdAt), as base64url JSON. Everyone else holds it as
 * an opaque string. The format is the one cursors have had since listing began, so a caller
 * paging through a deployment keeps its place.
 */
const KEY_NAMES = [TABLE_KEYS.partitionKey, CRM_REFERENCE_INDEX.partitionKey, CRM_REFERENCE_INDEX.sortKey] as const;

type StartKey = Record<(typeof KEY_NAMES)[number], string>;

const BASE64URL = /^[A-Za-z0-9_-]+$/;
/** createdAt as the connector writes it (Date.toISOString): a value DynamoDB always takes as a sort key. */
const CREATED_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;

/** The key of one of our payments, shaped as the adapter writes it: nothing else reaches DynamoDB. */
const isPaymentKey = (key: StartKey): boolean =>
  key[TABLE_KEYS.partitionKey].startsWith(SESSION_PREFIX) &&
  PAYMENT_ID_PATTERN.test(key[TABLE_KEYS.partitionKey].slice(SESSION_PREFIX.length)) &&
  CREATED_AT.test(key[CRM_REFERENCE_INDEX.sortKey]);

/** The cursor of the page that starts after `item`, a payment as the index returned it. */
export function cursorAfter(item: Record<string, unknown>): string {
  const key = Object.fromEntries(KEY_NAMES.map((name) => [name, String(item[name])]));
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

const refused = (message: string) => new ConnectorError('INVALID_CURSOR', { details: [{ path: 'cursor', message }] });
const NOT_OURS = 'is not a nextCursor this API gave: send it back unchanged';

/**
 * Where the page after `cursor` starts in `crmReference`'s listing. The cursor comes back from the
 * caller, so it must be exactly a key this adapter made, of a payment, and of the CRM record being
 * listed: it can steer the query within that record, never widen it or name another item.
 */
export function startKeyOf(cursor: string, crmReference: string): StartKey {
  let key: unknown;
  try {
    if (!BASE64URL.test(cursor)) throw new Error('not base64url');
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw refused(NOT_OURS);
  }
  const isStartKey =
    typeof key === 'object' &&
    key !== null &&
    !Array.isArray(key) &&
    JSON.stringify(Object.keys(key).sort()) === JSON.stringify([...KEY_NAMES].sort()) &&
    Object.values(key).every((value) => typeof value === 'string' && value.length > 0) &&
    isPaymentKey(key as StartKey);
  if (!isStartKey) throw refused(NOT_OURS);
  if ((key as StartKey)[CRM_REFERENCE_INDEX.partitionKey] !== crmReference) throw refused("is another crmReference's: page with the crmReference it came with");
  return key as StartKey;
}
