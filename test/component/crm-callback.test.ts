import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CrmCallbackRefused, retryDelaySeconds, sendToCrm } from '#app/adapters/crm-callback.ts';
import { outcomeEventOf } from '#app/model/outcome-event.ts';
import { creatingPayment } from '../support/payment-fixture.ts';

const SECRET = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw';
let url: string;
let answerStatus: number;
let received: { headers: IncomingHttpHeaders; body: string }[];
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req
    .on('data', (c: Buffer) => chunks.push(c))
    .on('end', () => {
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString() });
      res.writeHead(answerStatus).end();
    });
});
beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/events`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  answerStatus = 204;
  received = [];
});

const event = outcomeEventOf({ ...creatingPayment(), state: 'approved' }, 'sandbox');
const deps = () => ({ url, signingSecret: async () => SECRET });

describe('the CRM callback', () => {
  it('is signed per Standard Webhooks, verifiable with the shared secret', async () => {
    await sendToCrm(event, deps());
    const [{ headers, body }] = received as [{ headers: IncomingHttpHeaders; body: string }];
    const verified = new Webhook(SECRET).verify(body, headers as Record<string, string>);
    expect(verified).toEqual(JSON.parse(JSON.stringify(event)));
    expect(headers['webhook-id']).toBe(event.id);
  });

  it('fails verification with another secret', async () => {
    await sendToCrm(event, deps());
    const [{ headers, body }] = received as [{ headers: IncomingHttpHeaders; body: string }];
    const verifyWith = (secret: string) => () => new Webhook(secret).verify(body, headers as Record<string, string>);
    // The same request passes with the shared secret, so only the secret makes the difference:
    // a request without a signature, or signed over another body, also fails, but differently.
    expect(verifyWith(SECRET)).not.toThrow();
    expect(verifyWith('whsec_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA')).toThrow('No matching signature found');
  });

  it('keeps its webhook-id across attempts, so the CRM can deduplicate', async () => {
    await sendToCrm(event, deps());
    await sendToCrm(event, { ...deps(), now: () => new Date(Date.now() + 60_000) });
    expect(received.map((r) => r.headers['webhook-id'])).toEqual([event.id, event.id]);
    expect(received[0]?.headers['webhook-signature']).not.toBe(received[1]?.headers['webhook-signature']);
  });

  it.each([500, 404, 302])('counts HTTP %i as not delivered', async (status) => {
    answerStatus = status;
    await expect(sendToCrm(event, deps())).rejects.toBeInstanceOf(CrmCallbackRefused);
  });

  it('counts an unreachable CRM as not delivered', async () => {
    await expect(sendToCrm(event, { ...deps(), url: 'http://127.0.0.1:1/events' })).rejects.toMatchObject({ httpStatus: null });
  });

  it('backs off exponentially between attempts, up to 15 minutes', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8].map(retryDelaySeconds)).toEqual([30, 60, 120, 240, 480, 900, 900, 900]);
  });
});
