import { ConditionalCheckFailedException, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from '../api-contract.ts';
import { TERMINAL_STATES, type PaymentSession } from '../payment-sessions/payment-session.ts';
import type { PaymentSessionStore } from './payment-session-store.ts';

const DAY_SECONDS = 24 * 60 * 60;
/** Sessions are kept 13 months: long enough to answer a chargeback. */
const SESSION_RETENTION_SECONDS = 395 * DAY_SECONDS;
/** Like Stripe's: a key protects against retries for a day. */
const IDEMPOTENCY_RETENTION_SECONDS = DAY_SECONDS;

const sessionKey = (id: string) => ({ [TABLE_KEYS.partitionKey]: `SESSION#${id}` });
const idempotencyKey = (clientId: string, key: string) => ({ [TABLE_KEYS.partitionKey]: `IDEMPOTENCY#${clientId}#${key}` });
const ttlFrom = (isoTimestamp: string, retentionSeconds: number) => Math.floor(Date.parse(isoTimestamp) / 1000) + retentionSeconds;

const isConditionFailure = (error: unknown) =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string })?.name === 'ConditionalCheckFailedException';

function toSession(item: Record<string, unknown>): PaymentSession {
  const { [TABLE_KEYS.partitionKey]: _pk, [TABLE_KEYS.ttlAttribute]: _ttl, recordType: _type, ...session } = item;
  return session as unknown as PaymentSession;
}

export function dynamoDbPaymentSessionStore(client: DynamoDBClient, tableName: string): PaymentSessionStore {
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const terminalPlaceholders = Object.fromEntries([...TERMINAL_STATES].map((state, i) => [`:terminal${i}`, state]));

  const getSession = async (id: string) => {
    const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key: sessionKey(id), ConsistentRead: true }));
    return Item ? toSession(Item) : undefined;
  };

  return {
    async claimIdempotencyKey(claim) {
      const Key = idempotencyKey(claim.clientId, claim.key);
      try {
        await documents.send(new PutCommand({
          TableName: tableName,
          Item: {
            ...Key,
            recordType: 'IdempotencyKey',
            sessionId: claim.sessionId,
            requestHash: claim.requestHash,
            createdAt: claim.createdAt,
            [TABLE_KEYS.ttlAttribute]: ttlFrom(claim.createdAt, IDEMPOTENCY_RETENTION_SECONDS),
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
        }));
        return { claimed: true };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }));
        // Released between our write and this read: the caller's retry will claim it.
        if (!Item) return { claimed: false, sessionId: '', requestHash: claim.requestHash };
        return { claimed: false, sessionId: String(Item.sessionId), requestHash: String(Item.requestHash) };
      }
    },

    async releaseIdempotencyKey(clientId, key, sessionId) {
      try {
        await documents.send(new DeleteCommand({
          TableName: tableName,
          Key: idempotencyKey(clientId, key),
          ConditionExpression: 'sessionId = :sessionId',
          ExpressionAttributeValues: { ':sessionId': sessionId },
        }));
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async insertSession(session) {
      await documents.send(new PutCommand({
        TableName: tableName,
        Item: {
          ...sessionKey(session.id),
          recordType: 'PaymentSession',
          ...session,
          [TABLE_KEYS.ttlAttribute]: ttlFrom(session.createdAt, SESSION_RETENTION_SECONDS),
        },
        ConditionExpression: 'attribute_not_exists(#pk)',
        ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
      }));
    },

    getSession,

    async recordVccSessionOpened(id, opened) {
      const { Attributes } = await documents.send(new UpdateCommand({
        TableName: tableName,
        Key: sessionKey(id),
        UpdateExpression: 'SET #state = :pending, sessionGuid = :sessionGuid, providerSessionGuid = :providerSessionGuid, iframeUrl = :iframeUrl, updatedAt = :updatedAt',
        ConditionExpression: '#state = :creating',
        ExpressionAttributeNames: { '#state': 'state' },
        ExpressionAttributeValues: {
          ':pending': 'pending',
          ':creating': 'creating',
          ':sessionGuid': opened.sessionGuid,
          ':providerSessionGuid': opened.providerSessionGuid,
          ':iframeUrl': opened.iframeUrl,
          ':updatedAt': opened.updatedAt,
        },
        ReturnValues: 'ALL_NEW',
      }));
      return toSession(Attributes ?? {});
    },

    async recordCreationFailed(id, failureCode, updatedAt) {
      try {
        await documents.send(new UpdateCommand({
          TableName: tableName,
          Key: sessionKey(id),
          UpdateExpression: 'SET #state = :failed, failureCode = :failureCode, updatedAt = :updatedAt',
          ConditionExpression: '#state = :creating',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: { ':failed': 'creation_failed', ':creating': 'creating', ':failureCode': failureCode, ':updatedAt': updatedAt },
        }));
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async applyStatusChange(id, change) {
      const ordered = change.vccLastUpdatedOn !== null;
      const notTerminal = `NOT #state IN (${Object.keys(terminalPlaceholders).join(', ')})`;
      const notOlder = '(attribute_not_exists(vccLastUpdatedOn) OR attribute_type(vccLastUpdatedOn, :nullType) OR vccLastUpdatedOn <= :vccLastUpdatedOn)';
      try {
        const { Attributes } = await documents.send(new UpdateCommand({
          TableName: tableName,
          Key: sessionKey(id),
          UpdateExpression: `SET #state = :state, vccSessionState = :vccSessionState, outcome = :outcome, updatedAt = :updatedAt${ordered ? ', vccLastUpdatedOn = :vccLastUpdatedOn' : ''}`,
          ConditionExpression: `attribute_exists(#pk) AND ${notTerminal}${ordered ? ` AND ${notOlder}` : ''}`,
          ExpressionAttributeNames: { '#state': 'state', '#pk': TABLE_KEYS.partitionKey },
          ExpressionAttributeValues: {
            ...terminalPlaceholders,
            ':state': change.state,
            ':vccSessionState': change.vccSessionState,
            ':outcome': change.outcome,
            ':updatedAt': change.updatedAt,
            ...(ordered ? { ':vccLastUpdatedOn': change.vccLastUpdatedOn, ':nullType': 'NULL' } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }));
        return Attributes ? toSession(Attributes) : undefined;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return getSession(id);
      }
    },
  };
}
