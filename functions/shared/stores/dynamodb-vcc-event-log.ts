import type { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from '../api-contract.ts';
import type { VccEvent } from '../vcc-events/vcc-event.ts';
import { isConditionFailure, SESSION_RETENTION_SECONDS } from './dynamodb-items.ts';
import type { VccEventLog } from './vcc-event-log.ts';

const vccSessionKey = (sessionGuid: string) => ({ [TABLE_KEYS.partitionKey]: `VCCSESSION#${sessionGuid}` });
const ttlAfter = (isoTimestamp: string) => Math.floor(Date.parse(isoTimestamp) / 1000) + SESSION_RETENTION_SECONDS;

/**
 * One item per VCC session: `events` is the history in order of arrival, `eventIds` the set
 * that makes a duplicate delivery a no-op, `sessionId` our session once joined.
 */
export function dynamoDbVccEventLog(client: DynamoDBClient, tableName: string): VccEventLog {
  const documents = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });

  const read = async (sessionGuid: string) =>
    (await documents.send(new GetCommand({ TableName: tableName, Key: vccSessionKey(sessionGuid), ConsistentRead: true }))).Item;

  return {
    async record(event) {
      try {
        const { Attributes } = await documents.send(new UpdateCommand({
          TableName: tableName,
          Key: vccSessionKey(event.sessionGuid),
          UpdateExpression: 'SET recordType = :type, sessionGuid = :guid, events = list_append(if_not_exists(events, :none), :event), #ttl = if_not_exists(#ttl, :ttl) ADD eventIds :eventIds',
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
        }));
        return { isNew: true, sessionId: (Attributes?.sessionId as string | undefined) ?? null };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const item = await read(event.sessionGuid);
        return { isNew: false, sessionId: (item?.sessionId as string | undefined) ?? null };
      }
    },

    async join(sessionGuid, sessionId, joinedAt) {
      const { Attributes } = await documents.send(new UpdateCommand({
        TableName: tableName,
        Key: vccSessionKey(sessionGuid),
        UpdateExpression: 'SET recordType = :type, sessionGuid = :guid, sessionId = :sessionId, #ttl = if_not_exists(#ttl, :ttl)',
        // A VCC session belongs to one of ours for good; joining it again is a no-op.
        ConditionExpression: 'attribute_not_exists(sessionId) OR sessionId = :sessionId',
        ExpressionAttributeNames: { '#ttl': TABLE_KEYS.ttlAttribute },
        ExpressionAttributeValues: { ':type': 'VccSession', ':guid': sessionGuid, ':sessionId': sessionId, ':ttl': ttlAfter(joinedAt) },
        ReturnValues: 'ALL_NEW',
      }));
      return (Attributes?.events as VccEvent[] | undefined) ?? [];
    },

    async eventsOf(sessionGuid) {
      return ((await read(sessionGuid))?.events as VccEvent[] | undefined) ?? [];
    },
  };
}
