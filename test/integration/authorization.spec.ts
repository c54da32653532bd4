import { describe, expect, it } from 'vitest';
import { SCOPES } from '#app/contract/api-contract.ts';
import { createSession, getSession, mintedToken, paymentRequest, tokenFor, tokenFromAnotherIssuer, uniqueAgentId } from './support/connector-api.ts';
import { integrationStack } from './support/integration-stack.ts';
import { storedItemsMentioning } from './support/session-table.ts';

describe('every route needs a bearer token with its scope', () => {
  it.each([
    ['no token', async () => null],
    ['an expired token', () => mintedToken({ scopes: [SCOPES.sessionsWrite], expiresInSeconds: -60 })],
    ['a token without the write scope', () => tokenFor('crmReadOnly')],
    ['a token signed by another issuer', () => tokenFromAnotherIssuer(SCOPES.sessionsWrite)],
    ['a token that is not a JWT', async () => 'not-a-token'],
  ])('refuses to create a session with %s, storing nothing', async (_, token) => {
    const agentId = uniqueAgentId();
    const answer = await createSession(paymentRequest(agentId), { token: await token() });
    expect(answer.status).toBe(401);
    expect(answer.body.error.code).toBe('UNAUTHORIZED');
    expect(await storedItemsMentioning(agentId)).toEqual([]);
  });

  it('lets a read-only client read a session but not create one', async () => {
    const created = await createSession(paymentRequest(uniqueAgentId()));
    const read = await getSession(created.body.id, await tokenFor('crmReadOnly'));
    expect(read.status).toBe(200);
  });

  it('refuses to read a session without a token', async () => {
    const created = await createSession(paymentRequest(uniqueAgentId()));
    expect((await getSession(created.body.id, null)).status).toBe(401);
  });
});

describe('CORS', () => {
  const preflight = (origin: string) =>
    fetch(`${integrationStack().apiUrl}/v1/payment-sessions`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST' },
    });

  it('allows a configured CRM origin', async () => {
    const response = await preflight('https://crm-sandbox.example.com');
    expect(response.headers.get('access-control-allow-origin')).toBe('https://crm-sandbox.example.com');
  });

  it('lets a browser CRM read the answer headers it needs', async () => {
    const answer = await createSession(paymentRequest(uniqueAgentId()), { headers: { origin: 'https://crm-sandbox.example.com' } });
    expect(answer.headers.get('access-control-allow-origin')).toBe('https://crm-sandbox.example.com');
    expect(answer.headers.get('access-control-expose-headers')).toBe('Location, Idempotent-Replayed, X-Correlation-Id');
  });

  it('does not allow any other origin', async () => {
    const response = await preflight('https://evil.example.com');
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });
});
