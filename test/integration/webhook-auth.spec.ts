import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SCOPES } from '#app/contract/api-contract.ts';
import {
  createSession,
  getSession,
  mintedToken,
  paymentRequest,
  sendWebhook,
  tokenFor,
  tokenFromAnotherIssuer,
  uniqueAgentId,
} from './support/connector-api.ts';
import { integrationStack } from './support/integration-stack.ts';
import { storedItemsMentioning } from './support/session-table.ts';

const webhookBody = (sessionGuid: string) => ({
  sessionGuid,
  sessionState: 'Finished',
  lastUpdatedOn: '2026-11-21T10:01:00Z',
  paymentResultData: { decision: 'ACCEPT', Amount: '100', Currency: 'GBP' },
});

describe("the webhook route takes only VCC's token", () => {
  it('accepts a token with the webhook scope', async () => {
    const sessionGuid = randomUUID();
    const answer = await sendWebhook(webhookBody(sessionGuid));
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ received: true, duplicate: false, sessionId: null });
  });

  it.each([
    ['no token', async () => null],
    ['an expired token', () => mintedToken({ scopes: [SCOPES.webhooksWrite], expiresInSeconds: -60 })],
    ["the CRM's token, which lacks the webhook scope", () => tokenFor('crm')],
    ['a token signed by another issuer', () => tokenFromAnotherIssuer(SCOPES.webhooksWrite)],
  ])('refuses %s, storing nothing', async (_, token) => {
    const sessionGuid = randomUUID();
    const answer = await sendWebhook(webhookBody(sessionGuid), await token());
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHORIZED');
    expect(await storedItemsMentioning(sessionGuid)).toEqual([]);
  });

  it("does not let VCC's token create or read payment sessions", async () => {
    const token = await tokenFor('vccWebhook');
    const agentId = uniqueAgentId();
    expect((await createSession(paymentRequest(agentId), { token })).status).toBe(401);
    expect((await getSession(randomUUID(), token)).status).toBe(401);
    expect(await storedItemsMentioning(agentId)).toEqual([]);
  });
});

describe('a malformed webhook', () => {
  it.each([
    ['without sessionGuid', (marker: string) => ({ sessionState: 'Finished', lastUpdatedOn: '2026-11-21T10:01:00Z', marker }), 'sessionGuid'],
    ['that is not an object', (marker: string) => ['Finished', marker], '(body)'],
  ])("%s can never be VCC's: it is refused with 400 and what to fix, and nothing is stored", async (_, body, path) => {
    const marker = randomUUID();
    const answer = await sendWebhook(body(marker));
    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: [expect.objectContaining({ path })] });
    expect(await storedItemsMentioning(marker)).toEqual([]);
  });

  it.each([
    ['without lastUpdatedOn', (guid: string) => ({ sessionGuid: guid, sessionState: 'Finished' })],
    ['with an unreadable lastUpdatedOn', (guid: string) => ({ sessionGuid: guid, sessionState: 'Finished', lastUpdatedOn: 'soon' })],
    ['without sessionState', (guid: string) => ({ sessionGuid: guid, lastUpdatedOn: '2026-11-21T10:01:00Z' })],
  ])("%s may still be VCC's, and refusing it would lose it: it is answered 200 and stored", async (_, body) => {
    const sessionGuid = randomUUID();
    const answer = await sendWebhook(body(sessionGuid));
    expect(answer.status).toBe(200);
    expect(await storedItemsMentioning(sessionGuid)).not.toEqual([]);
  });

  it('that is not JSON is refused with 400, and nothing is stored', async () => {
    const sessionGuid = randomUUID();
    const response = await fetch(`${integrationStack().apiUrl}/v1/webhooks/vcc`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await tokenFor('vccWebhook')}`, 'content-type': 'application/json' },
      body: `{"sessionGuid":"${sessionGuid}",`,
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('INVALID_JSON');
    expect(await storedItemsMentioning(sessionGuid)).toEqual([]);
  });
});
