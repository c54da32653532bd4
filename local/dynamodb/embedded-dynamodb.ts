import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { Readable } from 'node:stream';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import dynalite from 'dynalite';
import { CRM_REFERENCE_INDEX, DUE_WORK_INDEX, TABLE_KEYS } from '../../functions/app/contract/api-contract.ts';
import { readBody, sendEmpty, sendJson } from '../http/http-io.ts';
import { startHttpServer } from '../http/http-server.ts';
import { StorageFaults, storageFaultSchema } from './storage-faults.ts';
import { WriteJournal } from './write-journal.ts';

export interface EmbeddedDynamoDb {
  endpoint: string;
  tableName: string;
  /** Makes matching calls fail as DynamoDB does when it cannot serve a request. */
  faults: StorageFaults;
  /** The items each write named, for whoever follows (write-journal.ts). */
  writes: WriteJournal;
  stop(): Promise<void>;
}

/** Where tests, which run in another process, switch storage faults on and off. */
export const STORAGE_FAULTS_PATH = '/_local/storage-faults';

type RequestListener = (req: IncomingMessage, res: ServerResponse) => void;

/** dynalite reads the request stream itself, so the body we inspected is handed over afresh. */
function replayed(req: IncomingMessage, body: string): IncomingMessage {
  return Object.assign(Readable.from([Buffer.from(body)]), {
    headers: req.headers,
    method: req.method,
    url: req.url,
    httpVersion: req.httpVersion,
    socket: req.socket,
    connection: req.socket,
  }) as unknown as IncomingMessage;
}

async function controlFaults(req: IncomingMessage, res: ServerResponse, faults: StorageFaults): Promise<void> {
  if (req.method === 'DELETE') {
    faults.clear();
    return sendEmpty(res, 204);
  }
  if (req.method === 'GET') return sendJson(res, 200, { down: faults.down });
  let body: unknown;
  try {
    body = JSON.parse((await readBody(req)) || '{}');
  } catch {
    return sendJson(res, 400, {
      message: 'send JSON {"operation": "UpdateItem", "whenRequestIncludes"?: "<text>", "whenKeyIncludes"?: "<text>", "times"?: <n>, "outage"?: true}',
    });
  }
  const parsed = storageFaultSchema.safeParse(body);
  if (!parsed.success) return sendJson(res, 400, { message: parsed.error.message });
  faults.add(parsed.data);
  return sendEmpty(res, 204);
}

/**
 * dynalite speaks DynamoDB's wire protocol to the real AWS SDK, in memory: local state is gone
 * when the process stops. It has no TTL expiry and no transactions, which the connector does
 * not rely on (see toolchain notes). In front of it sits a switch for storage faults, so tests
 * can show that a webhook we could not store is answered 5xx and kept on VCC's retry.
 */
export async function startEmbeddedDynamoDb({ port = 0, host = '127.0.0.1', tableName = 'payment-sessions' } = {}): Promise<EmbeddedDynamoDb> {
  const dynaliteServer = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 }) as Server;
  const serveDynamoDb = dynaliteServer.listeners('request')[0] as RequestListener;
  const faults = new StorageFaults(TABLE_KEYS.partitionKey);
  const writes = new WriteJournal([TABLE_KEYS.partitionKey]);

  const server = await startHttpServer(port, host, async (req, res) => {
    if (req.url?.startsWith(STORAGE_FAULTS_PATH)) return controlFaults(req, res, faults);
    const body = await readBody(req, 16 * 1024 * 1024);
    const operation =
      String(req.headers['x-amz-target'] ?? '')
        .split('.')
        .pop() ?? '';
    if (faults.take(operation, body)) {
      return sendJson(
        res,
        500,
        { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: 'Injected storage fault' },
        { 'content-type': 'application/x-amz-json-1.0' },
      );
    }
    const written = writes.followed ? writes.written(operation, body) : null;
    if (written) res.once('close', () => writes.record(written));
    serveDynamoDb(replayed(req, body), res);
  });

  const client = new DynamoDBClient({ endpoint: server.url, region: 'local', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
  await client.send(
    new CreateTableCommand({
      TableName: tableName,
      AttributeDefinitions: [
        { AttributeName: TABLE_KEYS.partitionKey, AttributeType: 'S' },
        { AttributeName: DUE_WORK_INDEX.partitionKey, AttributeType: 'S' },
        { AttributeName: DUE_WORK_INDEX.sortKey, AttributeType: 'S' },
        { AttributeName: CRM_REFERENCE_INDEX.partitionKey, AttributeType: 'S' },
        { AttributeName: CRM_REFERENCE_INDEX.sortKey, AttributeType: 'S' },
      ],
      KeySchema: [{ AttributeName: TABLE_KEYS.partitionKey, KeyType: 'HASH' }],
      GlobalSecondaryIndexes: [
        {
          IndexName: DUE_WORK_INDEX.indexName,
          KeySchema: [
            { AttributeName: DUE_WORK_INDEX.partitionKey, KeyType: 'HASH' },
            { AttributeName: DUE_WORK_INDEX.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: [...DUE_WORK_INDEX.projectedAttributes] },
        },
        {
          IndexName: CRM_REFERENCE_INDEX.indexName,
          KeySchema: [
            { AttributeName: CRM_REFERENCE_INDEX.partitionKey, KeyType: 'HASH' },
            { AttributeName: CRM_REFERENCE_INDEX.sortKey, KeyType: 'RANGE' },
          ],
          Projection: { ProjectionType: 'ALL' },
        },
      ],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  client.destroy();
  return { endpoint: server.url, tableName, faults, writes, stop: server.stop };
}
