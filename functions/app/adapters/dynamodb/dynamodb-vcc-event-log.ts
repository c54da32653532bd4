import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { DUE_WORK_INDEX, TABLE_KEYS } from '../../contract/api-contract.ts';
import type { VccEventLog } from '../../ports/vcc-event-log.ts';
import type { VccEvent } from '../../vcc/vcc-event.ts';
import { countMatches, isConditionFailure, SESSION_RETENTION_SECONDS } from './dynamodb-items.ts';

const VCC_SESSION_PREFIX = 'VCCSESSION#';
const vccSessionKey = (sessionGuid: string) => ({ [TABLE_KEYS.partitionKey]: `${VCC_SESSION_PREFIX}${sessionGuid}` });
const reportKey = (eventId: string) => ({ [TABLE_KEYS.partitionKey]: `VCCREPORT#${eventId}` });
const ttlAfter = (isoTimestamp: string) => Math.floor(Date.parse(isoTimestamp) / 1000) + SESSION_RETENTION_SECONDS;
const AWAITS_JOIN = 'JOIN';

/** DynamoDB refuses an item over 400 KB: a history that long keeps its reports, not their summaries. */
const isItemTooLarge = (error: unknown): boolean => (error as { name?: string })?.name === 'ValidationException' && /size/i.test((error as Error).message);

/**
 * Two kinds of item. `VCCREPORT#<eventId>` keeps one report's body as a string, so any JSON VCC
 * may send (any depth, any number, any key) can be stored. `VCCSESSION#<sessionGuid>` holds the
 * history, parsed and bounded: `events` in order of arrival, `eventIds` the set that makes a
 * duplicate a no-op, `sessionId` our payment once joined, and `dueWork: JOIN` while a final
 * report awaits a payment.
 */
export function dynamoDbVccEventLog(client: DynamoDBClient, tableName: string): VccEventLog {
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

  const read = async (sessionGuid: string) =>
    (await documents.send(new GetCommand({ TableName: tableName, Key: vccSessionKey(sessionGuid), ConsistentRead: true }))).Item;
  const joinedOf = (item: Record<string, unknown> | undefined) => (item?.sessionId as string | undefined) ?? null;

  async function keepBody(event: VccEvent, body: string) {
    try {
      await documents.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...reportKey(event.eventId),
            recordType: 'VccStatusReport',
            eventId: event.eventId,
            sessionGuid: event.sessionGuid,
            source: event.source,
            receivedAt: event.receivedAt,
            body,
            [TABLE_KEYS.ttlAttribute]: ttlAfter(event.receivedAt),
          },
          // The first copy stays: a duplicate delivery is the same report.
          ConditionExpression: 'attribute_not_exists(#pk)',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  async function appendToHistory(event: VccEvent): Promise<{ isNew: boolean; sessionId: string | null }> {
    try {
      const { Attributes } = await documents.send(
        new UpdateCommand({
          TableName: tableName,
          Key: vccSessionKey(event.sessionGuid),
          UpdateExpression:
            'SET recordType = :type, sessionGuid = :guid, events = list_append(if_not_exists(events, :none), :event), #ttl = if_not_exists(#ttl, :ttl) ADD eventIds :eventIds',
          ConditionExpression: 'NOT contains(eventIds, :eventId)',
          ExpressionAttributeNames: { '#ttl': TABLE_KEYS.ttlAttribute },
          ExpressionAttributeValues: {
            ':type': 'VccSession',
            ':guid': event.sessionGuid,
            ':none': [],
            ':event': [event],
            ':ttl': ttlAfter(event.receivedAt),
            ':eventIds': new Set([event.eventId]),
            ':eventId': event.eventId,
          },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return { isNew: true, sessionId: joinedOf(Attributes) };
    } catch (error) {
      if (isConditionFailure(error)) return { isNew: false, sessionId: joinedOf(await read(event.sessionGuid)) };
      // The body is kept already; the report is applied by whoever brought it.
      if (isItemTooLarge(error)) return { isNew: true, sessionId: joinedOf(await read(event.sessionGuid)) };
      throw error;
    }
  }

  async function markAwaitingJoin(sessionGuid: string, dueAt: string) {
    try {
      await documents.send(
        new UpdateCommand({
          TableName: tableName,
          Key: vccSessionKey(sessionGuid),
          UpdateExpression: 'SET dueWork = :join, dueAt = if_not_exists(dueAt, :dueAt)',
          // Joined in between: nothing awaits.
          ConditionExpression: 'attribute_exists(#pk) AND attribute_not_exists(sessionId)',
          ExpressionAttributeNames: { '#pk': TABLE_KEYS.partitionKey },
          ExpressionAttributeValues: { ':join': AWAITS_JOIN, ':dueAt': dueAt },
        }),
      );
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
    }
  }

  return {
    async record(event, body, awaitsJoin) {
      await keepBody(event, body);
      const recorded = await appendToHistory(event);
      if (awaitsJoin && !recorded.sessionId) await markAwaitingJoin(event.sessionGuid, awaitsJoin.dueAt);
      return recorded;
    },

    async join(sessionGuid, sessionId, joinedAt) {
      const { Attributes } = await documents.send(
        new UpdateCommand({
          TableName: tableName,
          Key: vccSessionKey(sessionGuid),
          UpdateExpression: 'SET recordType = :type, sessionGuid = :guid, sessionId = :sessionId, #ttl = if_not_exists(#ttl, :ttl) REMOVE dueWork, dueAt',
          // A VCC session belongs to one payment for good; joining it again is a no-op.
          ConditionExpression: 'attribute_not_exists(sessionId) OR sessionId = :sessionId',
          ExpressionAttributeNames: { '#ttl': TABLE_KEYS.ttlAttribute },
          ExpressionAttributeValues: { ':type': 'VccSession', ':guid': sessionGuid, ':sessionId': sessionId, ':ttl': ttlAfter(joinedAt) },
          ReturnValues: 'ALL_NEW',
        }),
      );
      return (Attributes?.events as VccEvent[] | undefined) ?? [];
    },

    async eventsOf(sessionGuid) {
      return ((await read(sessionGuid))?.events as VccEvent[] | undefined) ?? [];
    },

    async bodyOf(eventId) {
      const { Item } = await documents.send(new GetCommand({ TableName: tableName, Key: reportKey(eventId), ConsistentRead: true }));
      return Item?.body as string | undefined;
    },

    async findAwaitingJoin(dueBy, maxGuids) {
      const query = {
        TableName: tableName,
        IndexName: DUE_WORK_INDEX.indexName,
        KeyConditionExpression: '#work = :work AND #dueAt <= :dueBy',
        ExpressionAttributeNames: { '#work': DUE_WORK_INDEX.partitionKey, '#dueAt': DUE_WORK_INDEX.sortKey },
        ExpressionAttributeValues: { ':work': AWAITS_JOIN, ':dueBy': dueBy },
      };
      const { count, ids } = await countMatches(documents, query, VCC_SESSION_PREFIX, maxGuids);
      return { count, sessionGuids: ids };
    },
  };
}
