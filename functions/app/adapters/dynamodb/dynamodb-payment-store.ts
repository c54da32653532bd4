import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DeleteCommand, DynamoDBDocumentClient, GetCommand, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { CRM_REFERENCE_INDEX, DUE_WORK_INDEX, TABLE_KEYS } from '../../contract/api-contract.ts';
import { type Payment, REISSUABLE_STATES } from '../../model/payment.ts';
import { nextProgress, type Transition } from '../../model/payment-state-machine.ts';
import type { PaymentStore } from '../../ports/payment-store.ts';
import { countMatches, IDEMPOTENCY_RETENTION_SECONDS, isConditionFailure, SESSION_PREFIX, SESSION_RETENTION_SECONDS } from './dynamodb-items.ts';
import { cursorAfter, startKeyOf } from './listing-cursor.ts';

/**
 * Writers racing on one payment are rare (a webhook and a poll); a burst of duplicate deliveries
 * is the worst case. Each retry waits a little, at random, so racers stop colliding.
 */
const MAX_PROGRESS_ATTEMPTS = 12;
const progressBackoff = (attempt: number) => new Promise((resolve) => setTimeout(resolve, Math.random() * Math.min(200, 2 ** attempt)));
const paymentKey = (id: string) => ({ [TABLE_KEYS.partitionKey]: `${SESSION_PREFIX}${id}` });
const idempotencyKey = (clientId: string, key: string) => ({ [TABLE_KEYS.partitionKey]: `IDEMPOTENCY#${clientId}#${key}` });
const ttlFrom = (isoTimestamp: string, retentionSeconds: number) => Math.floor(Date.parse(isoTimestamp) / 1000) + retentionSeconds;

/** Attributes left out of the item while null: `crmReference` keys a sparse index, and the link fields came later. */
const OMITTED_WHILE_NULL = ['crmReference', 'paymentLink', 'reissueOf', 'supersededBy'] as const;

function toPayment(item: Record<string, unknown>): Payment {
  const { [TABLE_KEYS.partitionKey]: _pk, [TABLE_KEYS.ttlAttribute]: _ttl, recordType: _type, progressVersion: _version, ...payment } = item;
  for (const name of OMITTED_WHILE_NULL) payment[name] ??= null;
  payment.vccMayHaveOpened ??= false;
  return payment as unknown as Payment;
}

function toItem(payment: Payment): Record<string, unknown> {
  const item: Record<string, unknown> = { ...payment };
  for (const name of OMITTED_WHILE_NULL) if (item[name] === null) delete item[name];
  return item;
}

export function dynamoDbPaymentStore(client: DynamoDBClient, tableName: string): PaymentStore {
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

  const readItem = async (id: string) => (await documents.send(new GetCommand({ TableName: tableName, Key: paymentKey(id), ConsistentRead: true }))).Item;

  const getPayment = async (id: string) => {
    const item = await readItem(id);
    return item ? toPayment(item) : undefined;
  };

  return {
    async claimIdempotencyKey(claim) {
      const Key = idempotencyKey(claim.clientId, claim.key);
      try {
        await documents.send(
          new PutCommand({
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
          }),
        );
        return { claimed: true };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key, ConsistentRead: true }));
        // Released between our write and this read: the caller's retry will claim it.
        if (!Item) return { claimed: false, sessionId: '', requestHash: claim.requestHash, claimedAt: '' };
        return { claimed: false, sessionId: String(Item.sessionId), requestHash: String(Item.requestHash), claimedAt: String(Item.createdAt) };
      }
    },

    async releaseIdempotencyKey(clientId, key, sessionId) {
      try {
        await documents.send(
          new DeleteCommand({
            TableName: tableName,
            Key: idempotencyKey(clientId, key),
            ConditionExpression: 'sessionId = :sessionId',
            ExpressionAttributeValues: { ':sessionId': sessionId },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async insertPayment(payment) {
      await documents.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...paymentKey(payment.id),
            recordType: 'PaymentSession',
            ...toItem(payment),
            [TABLE_KEYS.ttlAttribute]: ttlFrom(payment.createdAt, SESSION_RETENTION_SECONDS),
          },
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
        }),
      );
    },

    getPayment,

    async recordVccSessionOpened(id, { updatedAt, ...opened }) {
      const fields = Object.entries(opened).filter(([, value]) => value !== undefined && value !== null);
      const { Attributes } = await documents.send(
        new UpdateCommand({
          TableName: tableName,
          Key: paymentKey(id),
          UpdateExpression: `SET #state = :pending, updatedAt = :updatedAt${fields.map(([name]) => `, ${name} = :${name}`).join('')}`,
          ConditionExpression: '#state = :creating',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':pending': 'pending',
            ':creating': 'creating',
            ':updatedAt': updatedAt,
            ...Object.fromEntries(fields.map(([name, value]) => [`:${name}`, value])),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return toPayment(Attributes ?? {});
    },

    async recordCreationFailed(id, { failureCode, vccMayHaveOpened }, updatedAt) {
      // A payment whose VCC session may have opened stays findable until its form would have stopped working:
      // a payment result for a VCC session we never learned of may be its.
      const failed = 'SET #state = :failed, failureCode = :failureCode, vccMayHaveOpened = :vccMayHaveOpened, updatedAt = :updatedAt';
      const owed = vccMayHaveOpened ? ', dueWork = :unconfirmed, dueAt = expiresAt' : ' REMOVE dueWork, dueAt';
      try {
        await documents.send(
          new UpdateCommand({
            TableName: tableName,
            Key: paymentKey(id),
            UpdateExpression: failed + owed,
            ConditionExpression: '#state = :creating',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ':failed': 'creation_failed',
              ':creating': 'creating',
              ':failureCode': failureCode,
              ':vccMayHaveOpened': vccMayHaveOpened,
              ':updatedAt': updatedAt,
              ...(vccMayHaveOpened ? { ':unconfirmed': 'UNCONFIRMED' } : {}),
            },
          }),
        );
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
      }
    },

    async listUnconfirmed() {
      const query = {
        TableName: tableName,
        IndexName: DUE_WORK_INDEX.indexName,
        KeyConditionExpression: '#work = :work',
        ExpressionAttributeNames: { '#work': DUE_WORK_INDEX.partitionKey },
        ExpressionAttributeValues: { ':work': 'UNCONFIRMED' },
      };
      return (await countMatches(documents, query, SESSION_PREFIX)).ids;
    },

    async adoptVccSession(id, sessionGuid, updatedAt) {
      try {
        await documents.send(
          new UpdateCommand({
            TableName: tableName,
            Key: paymentKey(id),
            UpdateExpression: 'SET sessionGuid = :sessionGuid, updatedAt = :updatedAt REMOVE dueWork, dueAt',
            // Only a payment whose VCC session we never learned: one VCC session per payment, for good.
            ConditionExpression: '#state = :failed AND (attribute_not_exists(sessionGuid) OR attribute_type(sessionGuid, :nullType))',
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: { ':sessionGuid': sessionGuid, ':updatedAt': updatedAt, ':failed': 'creation_failed', ':nullType': 'NULL' },
          }),
        );
        return true;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return false;
      }
    },

    async retireUnconfirmed(id) {
      await updateIfOwed(id, 'UNCONFIRMED', 'REMOVE dueWork, dueAt', {});
    },

    async applyStatusChange(id, changeFor) {
      // Optimistic: the state machine decides on what was read, and the write holds only if the
      // payment still holds what was read. A writer that got in between makes us decide again.
      for (let attempt = 1; ; attempt += 1) {
        const item = await readItem(id);
        if (!item) return undefined;
        const payment = toPayment(item);
        const change = typeof changeFor === 'function' ? changeFor(payment) : changeFor;
        const transition = change && nextProgress(payment, change);
        if (!transition) return payment;
        const written = await writeProgress(payment, Number(item.progressVersion ?? 0), transition);
        if (written) return written;
        if (attempt === MAX_PROGRESS_ATTEMPTS) throw new Error(`payment ${id} kept changing while a status change was applied; left for a retry`);
        await progressBackoff(attempt);
      }
    },

    async listDueWork(work, dueBy, limit) {
      const { Items = [] } = await documents.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: DUE_WORK_INDEX.indexName,
          KeyConditionExpression: '#work = :work AND #dueAt <= :dueBy',
          ExpressionAttributeNames: { '#work': DUE_WORK_INDEX.partitionKey, '#dueAt': DUE_WORK_INDEX.sortKey },
          ExpressionAttributeValues: { ':work': work, ':dueBy': dueBy },
          Limit: limit,
        }),
      );
      return Items.map((item) => String(item[TABLE_KEYS.partitionKey]).slice(SESSION_PREFIX.length));
    },

    async claimOutcomePublication(id, now, holdUntil) {
      try {
        const { Attributes } = await documents.send(
          new UpdateCommand({
            TableName: tableName,
            Key: paymentKey(id),
            UpdateExpression: 'SET dueAt = :holdUntil',
            ConditionExpression: 'dueWork = :publish AND dueAt <= :now',
            ExpressionAttributeValues: { ':publish': 'PUBLISH', ':now': now, ':holdUntil': holdUntil },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return Attributes ? toPayment(Attributes) : undefined;
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return undefined;
      }
    },

    async findOverdue(expiredBefore, maxIds) {
      const query = {
        TableName: tableName,
        IndexName: DUE_WORK_INDEX.indexName,
        KeyConditionExpression: '#work = :work',
        FilterExpression: 'expiresAt < :expiredBefore',
        ExpressionAttributeNames: { '#work': DUE_WORK_INDEX.partitionKey },
        ExpressionAttributeValues: { ':work': 'RECONCILE', ':expiredBefore': expiredBefore },
      };
      return countMatches(documents, query, SESSION_PREFIX, maxIds);
    },

    async markOutcomePublished(id) {
      await updateIfOwed(id, 'PUBLISH', 'REMOVE dueWork, dueAt', {});
    },

    async postponeReconciliation(id, dueAt) {
      await updateIfOwed(id, 'RECONCILE', 'SET dueAt = :dueAt', { ':dueAt': dueAt });
    },

    async supersedeLink(id, successorId, failedSuccessor, updatedAt) {
      const reissuable = Object.fromEntries([...REISSUABLE_STATES].map((state, i) => [`:reissuable${i}`, state]));
      const free = failedSuccessor === null ? 'attribute_not_exists(supersededBy)' : 'supersededBy = :failedSuccessor';
      try {
        const { Attributes } = await documents.send(
          new UpdateCommand({
            TableName: tableName,
            Key: paymentKey(id),
            UpdateExpression: 'SET supersededBy = :successor, updatedAt = :updatedAt',
            ConditionExpression: `kind = :link AND #state IN (${Object.keys(reissuable).join(', ')}) AND ${free}`,
            ExpressionAttributeNames: { '#state': 'state' },
            ExpressionAttributeValues: {
              ...reissuable,
              ':link': 'payment-link',
              ':successor': successorId,
              ':updatedAt': updatedAt,
              ...(failedSuccessor === null ? {} : { ':failedSuccessor': failedSuccessor }),
            },
            ReturnValues: 'ALL_NEW',
          }),
        );
        return { superseded: true, link: Attributes ? toPayment(Attributes) : undefined };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        return { superseded: false, link: await getPayment(id) };
      }
    },

    async listByCrmReference(crmReference, limit, cursor) {
      // Refused before DynamoDB sees it: a start key it cannot use would fail the query as ours, a 500.
      const ExclusiveStartKey = cursor === undefined ? undefined : startKeyOf(cursor, crmReference);
      // One more than asked: the caller learns there is no next page without asking for an empty one.
      const { Items = [] } = await documents.send(
        new QueryCommand({
          TableName: tableName,
          IndexName: CRM_REFERENCE_INDEX.indexName,
          KeyConditionExpression: '#crmReference = :crmReference',
          ExpressionAttributeNames: { '#crmReference': CRM_REFERENCE_INDEX.partitionKey },
          ExpressionAttributeValues: { ':crmReference': crmReference },
          ScanIndexForward: false,
          Limit: limit + 1,
          ExclusiveStartKey,
        }),
      );
      const page = Items.slice(0, limit);
      const last = page.at(-1);
      return { payments: page.map(toPayment), cursor: Items.length > limit && last ? cursorAfter(last) : undefined };
    },
  };

  /** Writes a transition unless the payment changed since it was read; undefined if it did. */
  async function writeProgress(read: Payment, version: number, { next, publish }: Transition): Promise<Payment | undefined> {
    try {
      const { Attributes } = await documents.send(
        new UpdateCommand({
          TableName: tableName,
          Key: paymentKey(read.id),
          UpdateExpression: `SET #state = :state, vccSessionState = :vccSessionState, vccLastUpdatedOn = :vccLastUpdatedOn, outcome = :outcome, updatedAt = :updatedAt, progressVersion = :nextVersion${publish ? ', dueWork = :publish, dueAt = :updatedAt' : ''}`,
          ConditionExpression:
            version === 0 ? '#state = :readState AND attribute_not_exists(progressVersion)' : '#state = :readState AND progressVersion = :readVersion',
          ExpressionAttributeNames: { '#state': 'state' },
          ExpressionAttributeValues: {
            ':state': next.state,
            ':vccSessionState': next.vccSessionState,
            ':vccLastUpdatedOn': next.vccLastUpdatedOn,
            ':outcome': next.outcome,
            ':updatedAt': next.updatedAt,
            ':nextVersion': version + 1,
            ':readState': read.state,
            ...(version === 0 ? {} : { ':readVersion': version }),
            ...(publish ? { ':publish': 'PUBLISH' } : {}),
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return Attributes ? toPayment(Attributes) : undefined;
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      return undefined;
    }
  }

  async function updateIfOwed(id: string, work: string, UpdateExpression: string, values: Record<string, unknown>) {
    try {
      await documents.send(
        new UpdateCommand({
          TableName: tableName,
          Key: paymentKey(id),
          UpdateExpression,
          ConditionExpression: 'dueWork = :work',
          ExpressionAttributeValues: { ':work': work, ...values },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }
}
