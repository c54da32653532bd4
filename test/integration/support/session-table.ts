import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { integrationStack } from './integration-stack.ts';

let documents: DynamoDBDocumentClient | undefined;

/** Every item of the connector's table whose content mentions `text`, read through the real SDK. */
export async function storedItemsMentioning(text: string): Promise<Record<string, unknown>[]> {
  documents ??= DynamoDBDocumentClient.from(
    new DynamoDBClient({
      endpoint: integrationStack().dynamoDbEndpoint,
      region: 'eu-west-2',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    }),
  );
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documents.send(new ScanCommand({ TableName: integrationStack().tableName, ExclusiveStartKey }));
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items.filter((item) => JSON.stringify(item).includes(text));
}
