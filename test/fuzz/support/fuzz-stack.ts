import { randomUUID } from 'node:crypto';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { type AttributeValue, BatchGetItemCommand, DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import type { ItemKey } from '../../../local/dynamodb/request-keys.ts';
import { LOCAL_CREDENTIALS, type LocalStack, startLocalStack } from '../../../local/local-stack.ts';
import type { HeaderValue } from './http-inputs.ts';

/**
 * The local stack of one fuzz test file, and the ways the fuzzer looks at it: raw HTTP (so that
 * headers, bytes and paths go exactly as generated), the table through the real AWS SDK, the VCC
 * simulator's sessions through its control API, and the process's own uncaught errors.
 */

export type ClientName = 'crm' | 'crmReadOnly' | 'vccWebhook';

export interface HttpAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
}

export interface SendOptions {
  method: string;
  path: string;
  headers: Record<string, HeaderValue>;
  body?: Buffer;
  timeoutMs: number;
  signal?: AbortSignal;
}

/** A header value as bytes on the wire: Latin-1 as is, anything else as its UTF-8 bytes. */
const onTheWire = (value: string) => ([...value].some((c) => c.charCodeAt(0) > 0xff) ? Buffer.from(value, 'utf8').toString('latin1') : value);

export interface ItemSnapshot {
  /** The item as DynamoDB's wire JSON: compared between snapshots, searched for tokens. */
  text: string;
  item: Record<string, AttributeValue>;
}

export interface Crash {
  at: number;
  error: string;
}

export interface FuzzStack {
  stack: LocalStack;
  token(client: ClientName): Promise<string>;
  send(options: SendOptions): Promise<HttpAnswer>;
  /** Every item of the table, by key, read whole. */
  scanTable(): Promise<Map<string, ItemSnapshot>>;
  /**
   * The table now, from `previous` (the table at this function's last call): only the items the
   * table's writes named since then are read again (local/dynamodb/write-journal.ts). Without
   * `previous`, or after a write that named no item, the table is read whole.
   */
  tableNow(previous?: Map<string, ItemSnapshot>): Promise<Map<string, ItemSnapshot>>;
  /** Keys of items that `table`, kept by tableNow, has other than a full scan: writes the journal missed. */
  unjournaledItems(table: Map<string, ItemSnapshot>): Promise<string[]>;
  /** The sessionGuid of every session the VCC simulator holds. */
  simulatorSessionGuids(): Promise<string[]>;
  /** What the simulator keeps of a session (request body included), as JSON text. */
  simulatorSession(sessionGuid: string): Promise<string>;
  /** Errors nobody caught since the stack started: in `npm start` each one would have ended the process. */
  crashes: Crash[];
  /** Whether the API still answers: an authenticated read of a payment that does not exist is a 404. */
  health(): Promise<string | null>;
  stop(): Promise<void>;
}

export async function startFuzzStack(): Promise<FuzzStack> {
  const crashes: Crash[] = [];
  const onCrash = (error: unknown) => crashes.push({ at: Date.now(), error: String((error as Error)?.stack ?? error).slice(0, 600) });
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);

  const stack = await startLocalStack({ logLevel: 'SILENT', reconcileEveryMs: 0 });
  const agent = new Agent({ keepAlive: true, maxSockets: 32 });
  const dynamoDb = new DynamoDBClient({
    endpoint: stack.dynamoDbEndpoint,
    region: 'eu-west-2',
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });
  // As in the functions (awsClient): the SDK's logger middleware would copy every page of every scan.
  dynamoDb.middlewareStack.remove('loggerMiddleware');
  const writes = stack.tableWrites.follow();
  const keyText = (item: Record<string, AttributeValue>) => stack.tableWrites.keyText(item);
  const api = new URL(stack.apiUrl);

  const tokens = new Map<ClientName, { token: string; until: number }>();
  async function token(client: ClientName): Promise<string> {
    const cached = tokens.get(client);
    if (cached && cached.until > Date.now()) return cached.token;
    const { clientId, clientSecret } = LOCAL_CREDENTIALS[client];
    const response = await fetch(stack.tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    const { access_token: value, expires_in: lifetime } = (await response.json()) as { access_token: string; expires_in?: number };
    tokens.set(client, { token: value, until: Date.now() + Math.min(10 * 60, (lifetime ?? 600) / 2) * 1000 });
    return value;
  }

  /**
   * A kept-alive socket the server closed while idle fails as the request is written (ECONNRESET,
   * or EPIPE when the body is still being written): Node's documented race, retried once on a new
   * connection. Any other failure is the answer's.
   */
  async function send(options: SendOptions): Promise<HttpAnswer> {
    try {
      return await sendOnce(options);
    } catch (error) {
      const { code } = error as NodeJS.ErrnoException;
      if ((error as { reusedSocket?: boolean }).reusedSocket && (code === 'ECONNRESET' || code === 'EPIPE')) return sendOnce(options);
      throw error;
    }
  }

  function sendOnce({ method, path, headers, body, timeoutMs, signal }: SendOptions): Promise<HttpAnswer> {
    return new Promise((resolve, reject) => {
      const wire: Record<string, string | string[]> = {};
      for (const [name, value] of Object.entries(headers)) wire[name] = Array.isArray(value) ? value.map(onTheWire) : onTheWire(value);
      if (body) wire['content-length'] = String(body.length);
      const req = httpRequest({ host: api.hostname, port: api.port, method, path, headers: wire, agent, signal, timeout: timeoutMs }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      });
      req.on('timeout', () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      req.on('error', (error) => reject(Object.assign(error, { reusedSocket: req.reusedSocket })));
      req.end(body);
    });
  }

  async function scanTable(): Promise<Map<string, ItemSnapshot>> {
    const items = new Map<string, ItemSnapshot>();
    let ExclusiveStartKey: Record<string, AttributeValue> | undefined;
    do {
      const page = await dynamoDb.send(new ScanCommand({ TableName: stack.tableName, ExclusiveStartKey, ConsistentRead: true }));
      for (const item of page.Items ?? []) items.set(keyText(item), { text: JSON.stringify(item), item });
      ExclusiveStartKey = page.LastEvaluatedKey;
    } while (ExclusiveStartKey);
    return items;
  }

  async function tableNow(previous?: Map<string, ItemSnapshot>): Promise<Map<string, ItemSnapshot>> {
    const written = writes.take();
    if (!previous || written === 'unknown') return scanTable();
    const table = new Map(previous);
    for (const key of written.keys()) table.delete(key);
    let keys: ItemKey[] = [...written.values()];
    while (keys.length > 0) {
      // BatchGetItem reads up to 100 items a call and may hand some back unread.
      const page = await dynamoDb.send(new BatchGetItemCommand({ RequestItems: { [stack.tableName]: { Keys: keys.slice(0, 100), ConsistentRead: true } } }));
      for (const item of page.Responses?.[stack.tableName] ?? []) table.set(keyText(item), { text: JSON.stringify(item), item });
      keys = [...(page.UnprocessedKeys?.[stack.tableName]?.Keys ?? []), ...keys.slice(100)];
    }
    return table;
  }

  async function unjournaledItems(table: Map<string, ItemSnapshot>): Promise<string[]> {
    const tracked = await tableNow(table);
    const scanned = await scanTable();
    // What is written while the scan runs (a late CRM delivery, say) differs for a reason.
    const during = writes.take();
    await new Promise((resolve) => setTimeout(resolve, 200));
    const settled = writes.take();
    if (during === 'unknown' || settled === 'unknown') return [];
    const keys = new Set([...tracked.keys(), ...scanned.keys()]);
    return [...keys].filter((key) => !during.has(key) && !settled.has(key) && tracked.get(key)?.text !== scanned.get(key)?.text);
  }

  async function simulatorSessionGuids(): Promise<string[]> {
    const html = await (await fetch(`${stack.vccUrl}/`)).text();
    return [...html.matchAll(/<tr><td>([^<]+)<\/td>/g)].map((m) => m[1]!);
  }

  const simulatorSession = async (sessionGuid: string) => (await fetch(`${stack.vccUrl}/_simulator/sessions/${encodeURIComponent(sessionGuid)}`)).text();

  async function health(): Promise<string | null> {
    try {
      const answer = await send({
        method: 'GET',
        path: `/v1/payment-sessions/${randomUUID()}`,
        headers: { authorization: `Bearer ${await token('crm')}` },
        timeoutMs: 10_000,
      });
      return answer.status === 404 && answer.text.includes('SESSION_NOT_FOUND') ? null : `health check answered ${answer.status} ${answer.text.slice(0, 200)}`;
    } catch (error) {
      return `health check got no answer: ${String(error)}`;
    }
  }

  return {
    stack,
    token,
    send,
    scanTable,
    tableNow,
    unjournaledItems,
    simulatorSessionGuids,
    simulatorSession,
    crashes,
    health,
    async stop() {
      writes.stop();
      agent.destroy();
      dynamoDb.destroy();
      await stack.stop();
      process.off('uncaughtException', onCrash);
      process.off('unhandledRejection', onCrash);
    },
  };
}
