import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDbPaymentStore } from '#app/adapters/dynamodb/dynamodb-payment-store.ts';
import { dynamoDbVccEventLog } from '#app/adapters/dynamodb/dynamodb-vcc-event-log.ts';
import { startEmbeddedDynamoDb } from '../../local/dynamodb/embedded-dynamodb.ts';

/** The real DynamoDB stores on their own embedded DynamoDB, for domain tests. */
export async function startEmbeddedStore() {
  const dynamoDb = await startEmbeddedDynamoDb();
  const client = new DynamoDBClient({ endpoint: dynamoDb.endpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  return {
    store: dynamoDbPaymentStore(client, dynamoDb.tableName),
    eventLog: dynamoDbVccEventLog(client, dynamoDb.tableName),
    faults: dynamoDb.faults,
    stop: async () => {
      client.destroy();
      await dynamoDb.stop();
    },
  };
}
