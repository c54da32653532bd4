import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TABLE_KEYS } from '../../functions/shared/api-contract.ts';

export interface EmbeddedDynamoDb {
  endpoint: string;
  tableName: string;
  stop(): Promise<void>;
}

/**
 * dynalite speaks DynamoDB's wire protocol to the real AWS SDK, in memory: local state is gone
 * when the process stops. It has no TTL expiry and no transactions, which the connector does
 * not rely on (see toolchain notes).
 */
export async function startEmbeddedDynamoDb({ port = 0, host = '127.0.0.1', tableName = 'payment-sessions' } = {}): Promise<EmbeddedDynamoDb> {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }) as Server;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const endpoint = `http://${host}:${(server.address() as AddressInfo).port}`;
  const client = new DynamoDBClient({ endpoint, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await client.send(new CreateTableCommand({
    TableName: tableName,
    AttributeDefinitions: [{ AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' }],
    KeySchema: [{ AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  }));
  client.destroy();
  return {
    endpoint,
    tableName,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      (server as Server & { closeAllConnections?: () => void }).closeAllConnections?.();
    }),
  };
}
