/**
 * `npm run bench`: how much the connector costs per request, as ratios against minimal
 * baselines run in the same process on the same local parts, so machine speed cancels out.
 * Never a pass/fail: it prints figures for the notes.
 */

import { randomUUID } from 'node:crypto';
import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { paymentSessionRequestSchema } from '../functions/app/http/payment-session-request.ts';
import { findCardNumbers } from '../functions/app/privacy/card-number-guard.ts';
import { startHttpServer } from '../local/http/http-server.ts';
import { LOCAL_CREDENTIALS, startLocalStack } from '../local/local-stack.ts';

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 300);

interface Case {
  label: string;
  run: () => Promise<unknown> | unknown;
}

/**
 * Runs the cases round-robin, one call each per round, so a slow patch of the machine (another
 * process, a GC, the simulator's timers) hits every case alike and the ratios stay put.
 */
async function measureInterleaved(cases: Case[]): Promise<{ label: string; medianMs: number; p95Ms: number }[]> {
  const samples = cases.map(() => [] as number[]);
  for (let round = -Math.min(30, ROUNDS); round < ROUNDS; round += 1) {
    for (const [i, { run }] of cases.entries()) {
      const start = performance.now();
      await run();
      if (round >= 0) samples[i]!.push(performance.now() - start);
    }
  }
  return cases.map(({ label }, i) => {
    const sorted = samples[i]!.sort((a, b) => a - b);
    return { label, medianMs: sorted[Math.floor(ROUNDS / 2)]!, p95Ms: sorted[Math.floor(ROUNDS * 0.95)]! };
  });
}

const stack = await startLocalStack({ logLevel: 'ERROR' });
const dynamoDb = new DynamoDBClient({ endpoint: stack.dynamoDbEndpoint, region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
// Baseline for a create: an HTTP round trip that stores one item, and nothing else.
const baseline = await startHttpServer(0, '127.0.0.1', async (req, res) => {
  for await (const _ of req);
  await dynamoDb.send(new PutItemCommand({ TableName: stack.tableName, Item: { pk: { S: `BENCH#${randomUUID()}` } } }));
  res.writeHead(201, { 'content-type': 'application/json' }).end('{"ok":true}');
});

const { clientId, clientSecret } = LOCAL_CREDENTIALS.crm;
const tokenResponse = await fetch(stack.tokenUrl, {
  method: 'POST',
  body: new URLSearchParams({ grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }),
});
const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
const body = JSON.stringify({
  agentId: 'bench-agent',
  skipCallTransfer: true,
  paymentData: { Amount: '12.40', Currency: 'GBP', FirstName: 'John', MerchantReferenceCode: 'INV-1' },
});
const headers = { authorization: `Bearer ${token}`, 'content-type': 'application/json' };

const post = async (url: string, extra: Record<string, string> = {}) => {
  const response = await fetch(url, { method: 'POST', headers: { ...headers, ...extra }, body });
  return response.json() as Promise<{ id?: string }>;
};
const created = await post(`${stack.apiUrl}/v1/payment-sessions`);

const vccClient = LOCAL_CREDENTIALS.vccWebhook;
const vccTokenResponse = await fetch(stack.tokenUrl, {
  method: 'POST',
  body: new URLSearchParams({ grant_type: 'client_credentials', client_id: vccClient.clientId, client_secret: vccClient.clientSecret }),
});
const vccHeaders = {
  authorization: `Bearer ${((await vccTokenResponse.json()) as { access_token: string }).access_token}`,
  'content-type': 'application/json',
};
const webhook = async (status: Record<string, unknown>) =>
  (await fetch(stack.webhookUrl, { method: 'POST', headers: vccHeaders, body: JSON.stringify(status) })).json();
const finishedStatus = (sessionGuid: string) => ({
  sessionGuid,
  sessionState: 'Finished',
  lastUpdatedOn: '2026-11-21T10:01:00Z',
  paymentResultData: { decision: 'ACCEPT', reasonCode: '100', Amount: '1240', Currency: 'GBP', transactionType: 'sale', requestID: 'r-1', FirstName: 'John' },
});
const finished = (await post(`${stack.apiUrl}/v1/payment-sessions`)) as { sessionGuid?: string };
await webhook(finishedStatus(finished.sessionGuid ?? ''));

const linkBody = JSON.stringify({
  agentId: 'bench-agent',
  crmReference: 'bench-case',
  paymentData: { Amount: '12.40', Currency: 'GBP', MerchantReferenceCode: 'INV-1', CustomerPhoneNumber: '+447700900123' },
});
const postLink = async () => (await fetch(`${stack.apiUrl}/v1/payment-links`, { method: 'POST', headers, body: linkBody })).json();
// A CRM record with a full first page to list.
for (let i = 0; i < 20; i += 1) await postLink();

const schema = paymentSessionRequestSchema({ paymentFlows: { 'card-payment': 1 }, defaultPaymentFlow: 'card-payment', allowSkipCallTransfer: true });
const results = await measureInterleaved([
  { label: 'baseline: HTTP + one PutItem', run: () => post(`${baseline.url}/`) },
  { label: 'POST /v1/payment-sessions', run: () => post(`${stack.apiUrl}/v1/payment-sessions`) },
  { label: 'POST with Idempotency-Key (first use)', run: () => post(`${stack.apiUrl}/v1/payment-sessions`, { 'idempotency-key': randomUUID() }) },
  {
    label: 'GET /v1/payment-sessions/{id} (pending: asks VCC)',
    run: async () => (await fetch(`${stack.apiUrl}/v1/payment-sessions/${created.id}`, { headers })).json(),
  },
  { label: 'POST /v1/webhooks/vcc (a status report of an unjoined session)', run: () => webhook(finishedStatus(randomUUID())) },
  { label: 'POST /v1/webhooks/vcc (a duplicate of a final outcome)', run: () => webhook(finishedStatus(finished.sessionGuid ?? '')) },
  { label: 'POST /v1/payment-links', run: postLink },
  {
    label: 'GET /v1/payments?crmReference= (a page of 20)',
    run: async () => (await fetch(`${stack.apiUrl}/v1/payments?crmReference=bench-case&pageSize=20`, { headers })).json(),
  },
  { label: 'baseline: JSON.parse of the body', run: () => JSON.parse(body) },
  {
    label: 'validation + card guard of the body',
    run: () => {
      const parsed = JSON.parse(body) as unknown;
      findCardNumbers(parsed);
      return schema.parse(parsed);
    },
  },
]);

const [httpBaseline] = results;
const parseBaseline = results.find((result) => result.label.startsWith('baseline: JSON.parse'));
console.log(`\n${ROUNDS} interleaved rounds, after warm-up (median / p95, ratio of medians to its baseline)\n`);
for (const result of results) {
  const reference = result.label.includes('JSON') || result.label.includes('validation') ? parseBaseline! : httpBaseline!;
  const ratio = (result.medianMs / reference.medianMs).toFixed(2);
  console.log(`${result.label.padEnd(52)} ${result.medianMs.toFixed(3).padStart(8)} ms ${result.p95Ms.toFixed(3).padStart(8)} ms   x${ratio}`);
}

await baseline.stop();
await stack.stop();
dynamoDb.destroy();
