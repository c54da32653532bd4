import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearerTransport } from '../../widget/src/transport.ts';

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

describe("the widget's bearer transport", () => {
  let server: Server;
  let base: string;
  const seen: Seen[] = [];
  /** The API refuses every token but the current one, as after a token expired. */
  let validToken = 'token-1';

  beforeAll(async () => {
    server = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk: Buffer) => (body += chunk.toString()));
      req.on('end', () => {
        seen.push({ method: req.method!, url: req.url!, headers: req.headers, body });
        if (req.headers.authorization !== `Bearer ${validToken}`)
          return res.writeHead(401, { 'content-type': 'application/json' }).end('{"error":{"code":"UNAUTHORIZED"}}');
        if (req.url!.endsWith('/not-json')) return res.writeHead(502).end('Bad Gateway');
        res.writeHead(201, { 'content-type': 'application/json' }).end('{"id":"pay-1"}');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise((resolve) => server.close(resolve)));

  it('keeps the API stage in the base URL, and sends the token, the JSON body and the Idempotency-Key', async () => {
    seen.length = 0;
    const transport = bearerTransport(`${base}/prod/`, async () => 'token-1');
    const answer = await transport({ method: 'POST', path: '/v1/payment-sessions', body: { agentId: 'agent-1' }, idempotencyKey: 'key-1' });
    expect(answer).toEqual({ status: 201, body: { id: 'pay-1' } });
    expect(seen).toEqual([expect.objectContaining({ method: 'POST', url: '/prod/v1/payment-sessions', body: '{"agentId":"agent-1"}' })]);
    expect(seen[0]!.headers).toMatchObject({ authorization: 'Bearer token-1', 'content-type': 'application/json', 'idempotency-key': 'key-1' });
  });

  it('asks for a token once and reuses it, and asks again once when the API refuses it', async () => {
    seen.length = 0;
    const issued: string[] = [];
    const transport = bearerTransport(base, async () => {
      issued.push(`token-${issued.length + 1}`);
      return issued.at(-1)!;
    });
    await transport({ method: 'GET', path: '/v1/payments?crmReference=case-1' });
    await transport({ method: 'GET', path: '/v1/payments?crmReference=case-1' });
    validToken = 'token-2';
    const answer = await transport({ method: 'GET', path: '/v1/payments?crmReference=case-1' });
    validToken = 'token-1';
    expect(answer.status).toBe(201);
    expect(issued).toEqual(['token-1', 'token-2']);
    expect(seen.map((request) => request.headers.authorization)).toEqual(['Bearer token-1', 'Bearer token-1', 'Bearer token-1', 'Bearer token-2']);
    expect(seen.every((request) => request.headers['content-type'] === undefined)).toBe(true);
  });

  it('answers a body that is not JSON as null, with its status', async () => {
    const transport = bearerTransport(base, async () => 'token-1');
    expect(await transport({ method: 'GET', path: '/not-json' })).toEqual({ status: 502, body: null });
  });

  it('asks for a token again after the host failed to give one', async () => {
    let calls = 0;
    const transport = bearerTransport(base, async () => {
      calls += 1;
      if (calls === 1) throw new Error('the CRM session expired');
      return 'token-1';
    });
    await expect(transport({ method: 'GET', path: '/v1/payments' })).rejects.toThrow('the CRM session expired');
    expect((await transport({ method: 'GET', path: '/v1/payments' })).status).toBe(201);
  });
});
