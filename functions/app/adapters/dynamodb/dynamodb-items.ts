import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import { type DynamoDBDocumentClient, QueryCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from '../../contract/api-contract.ts';

/** The key prefix of a payment's item (of either kind: the name predates payment links). */
export const SESSION_PREFIX = 'SESSION#';

const DAY_SECONDS = 24 * 60 * 60;
/** Sessions and their VCC history are kept 13 months: long enough to answer a chargeback. */
export const SESSION_RETENTION_SECONDS = 395 * DAY_SECONDS;
/** Like Stripe's: a key protects against retries for a day. */
export const IDEMPOTENCY_RETENTION_SECONDS = DAY_SECONDS;

export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string })?.name === 'ConditionalCheckFailedException';

/**
 * Reads every page of a query of the due-work index: how many items match, and the first
 * `maxIds` of their partition keys without `prefix`. The index projects little, so this is cheap.
 */
export async function countMatches(
  documents: DynamoDBDocumentClient,
  query: Omit<QueryCommandInput, 'ExclusiveStartKey'>,
  prefix: string,
  maxIds = Number.POSITIVE_INFINITY,
): Promise<{ count: number; ids: string[] }> {
  const found = { count: 0, ids: [] as string[] };
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new QueryCommand({ ...query, ExclusiveStartKey }));
    for (const item of page.Items ?? []) {
      found.count += 1;
      if (found.ids.length < maxIds) found.ids.push(String(item[TABLE_KEYS.partitionKey]).slice(prefix.length));
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return found;
}
