import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { TABLE_KEYS } from '#app/contract/api-contract.ts';
import type { FaultStack } from './fault-stack.ts';

/**
 * Moves the Idempotency-Key claims that name `idempotencyKey` back in time by `ms`, as if the
 * request that made them had started that long ago. It stands in for waiting: the rule under test
 * compares a claim's age with how long a request can run (30 s), and a test should not sleep that.
 * Only the claim's own timestamp moves; what the connector reads of it goes through the real SDK.
 */
export async function ageIdempotencyClaims(stack: FaultStack, idempotencyKey: string, ms: number): Promise<number> {
  const documents = DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: stack.stack.dynamoDbEndpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const TableName = stack.stack.tableName;
  const pk = TABLE_KEYS.partitionKey;
  let aged = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(
      new ScanCommand({
        TableName,
        ExclusiveStartKey,
        FilterExpression: 'recordType = :claim AND contains(#pk, :key)',
        ExpressionAttributeNames: { '#pk': pk },
        ExpressionAttributeValues: { ':claim': 'IdempotencyKey', ':key': idempotencyKey },
      }),
    );
    for (const claim of page.Items ?? []) {
      const createdAt = new Date(Date.parse(String(claim.createdAt)) - ms).toISOString();
      await documents.send(
        new UpdateCommand({
          TableName,
          Key: { [pk]: claim[pk] },
          UpdateExpression: 'SET createdAt = :createdAt',
          ExpressionAttributeValues: { ':createdAt': createdAt },
        }),
      );
      aged += 1;
    }
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  documents.destroy();
  return aged;
}
