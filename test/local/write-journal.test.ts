import {
  BatchGetItemCommand,
  BatchWriteItemCommand,
  DeleteItemCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  QueryCommand,
  ScanCommand,
  TransactWriteItemsCommand,
  UpdateItemCommand,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type EmbeddedDynamoDb, startEmbeddedDynamoDb } from '../../local/dynamodb/embedded-dynamodb.ts';
import type { WriteFollower } from '../../local/dynamodb/write-journal.ts';

// The journal the fuzz tests read the table by: every call goes through the real AWS SDK to the
// embedded DynamoDB, and each take must name exactly the items written since the one before.
describe("the embedded DynamoDB's write journal", () => {
  let dynamoDb: EmbeddedDynamoDb;
  let client: DynamoDBClient;
  let follower: WriteFollower;
  const TableName = 'payment-sessions';
  const key = (pk: string) => ({ pk: { S: pk } });
  const taken = () => {
    const keys = follower.take();
    return keys === 'unknown' ? keys : [...keys.values()].map((k) => k.pk?.S).sort();
  };

  beforeAll(async () => {
    dynamoDb = await startEmbeddedDynamoDb();
    client = new DynamoDBClient({ endpoint: dynamoDb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    follower = dynamoDb.writes.follow();
  });
  afterAll(async () => {
    follower?.stop();
    client?.destroy();
    await dynamoDb?.stop();
  });

  it('names the item of each PutItem, UpdateItem and DeleteItem, each once, and forgets them once taken', async () => {
    await client.send(new PutItemCommand({ TableName, Item: { ...key('a'), n: { N: '1' } } }));
    await client.send(new UpdateItemCommand({ TableName, Key: key('b'), UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '2' } } }));
    await client.send(new PutItemCommand({ TableName, Item: { ...key('a'), n: { N: '3' } } }));
    await client.send(new DeleteItemCommand({ TableName, Key: key('c') }));

    expect(taken()).toEqual(['a', 'b', 'c']);
    expect(taken()).toEqual([]);
  });

  it('names every item of a BatchWriteItem and of a TransactWriteItems, but not a condition check', async () => {
    await client.send(new BatchWriteItemCommand({ RequestItems: { [TableName]: [{ PutRequest: { Item: key('d') } }, { DeleteRequest: { Key: key('a') } }] } }));
    // dynalite has no transactions: the call fails there, and a failed write is named all the same.
    await client
      .send(
        new TransactWriteItemsCommand({
          TransactItems: [
            { Put: { TableName, Item: key('e') } },
            { Update: { TableName, Key: key('f'), UpdateExpression: 'SET n = :n', ExpressionAttributeValues: { ':n': { N: '1' } } } },
            { ConditionCheck: { TableName, Key: key('b'), ConditionExpression: 'attribute_exists(pk)' } },
          ],
        }),
      )
      .catch(() => undefined);

    expect(taken()).toEqual(['a', 'd', 'e', 'f']);
  });

  it('names the item of a write that fails, since reading it again costs nothing', async () => {
    await expect(client.send(new PutItemCommand({ TableName, Item: key('b'), ConditionExpression: 'attribute_not_exists(pk)' }))).rejects.toThrow(
      /conditional request failed/,
    );

    expect(taken()).toEqual(['b']);
  });

  it('names nothing for reads', async () => {
    await client.send(new GetItemCommand({ TableName, Key: key('b') }));
    await client.send(new BatchGetItemCommand({ RequestItems: { [TableName]: { Keys: [key('b'), key('d')] } } }));
    await client.send(new ScanCommand({ TableName }));
    await client.send(new QueryCommand({ TableName, KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': { S: 'b' } } }));

    expect(taken()).toEqual([]);
  });

  it('says unknown after a call that may change items without naming them, until taken', async () => {
    await client.send(new UpdateTimeToLiveCommand({ TableName, TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true } })).catch(() => undefined);
    await client.send(new PutItemCommand({ TableName, Item: key('g') }));

    expect(taken()).toBe('unknown');
    expect(taken()).toEqual([]);
  });

  it('records nothing for a follower that stopped, and for none before it followed', async () => {
    const late = dynamoDb.writes.follow();
    late.stop();
    await client.send(new PutItemCommand({ TableName, Item: key('h') }));

    expect(late.take()).toEqual(new Map());
    expect(taken()).toEqual(['h']);
  });
});
