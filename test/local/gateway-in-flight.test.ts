import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_ENV } from '../../functions/app/config/function-environment.ts';
import { SCOPES } from '../../functions/app/contract/api-contract.ts';
import { type LocalGateway, type ProxyHandler, startLocalGateway } from '../../local/gateway/local-gateway.ts';
import { type LocalOAuthIssuer, startLocalOAuthIssuer } from '../../local/oauth-issuer/local-oauth-issuer.ts';
import { clientCredentialsToken } from '../support/client-credentials.ts';

const CLIENT = { clientId: 'crm', clientSecret: 'crm-secret', scopes: [SCOPES.sessionsRead] };

describe('the local gateway lists the requests it has not answered yet', () => {
  let issuer: LocalOAuthIssuer;
  let gateway: LocalGateway;
  // One entry per call that reached the handler; calling it lets that call answer.
  const heldCalls: Array<() => void> = [];
  // The Lambda context's clock reads the function environment, which a local stack sets.
  const vccTimeoutMs = process.env[FUNCTION_ENV.vccTimeoutMs];

  beforeAll(async () => {
    process.env[FUNCTION_ENV.vccTimeoutMs] = '8000';
    issuer = await startLocalOAuthIssuer({ clients: [CLIENT], tokenLifetimeSeconds: 60 });
    // A handler that answers only when the test lets it, as a hung call to VCC or DynamoDB would not.
    const held: ProxyHandler = () => new Promise((resolve) => heldCalls.push(() => resolve({ statusCode: 200, body: '{}' })));
    gateway = await startLocalGateway({
      issuerUrl: issuer.issuerUrl,
      jwksUrl: issuer.jwksUrl,
      allowedOrigins: [],
      handlers: { 'get-payment-session': held } as never,
    });
  });
  afterAll(async () => {
    await gateway?.stop();
    await issuer?.stop();
    if (vccTimeoutMs === undefined) delete process.env[FUNCTION_ENV.vccTimeoutMs];
    else process.env[FUNCTION_ENV.vccTimeoutMs] = vccTimeoutMs;
  });

  it('from the moment a request arrives until it is answered, with how long it has waited', async () => {
    const token = await clientCredentialsToken(issuer.tokenUrl, CLIENT);
    expect(gateway.inFlight()).toEqual([]);

    const answered = fetch(`${gateway.url}/v1/payment-sessions/pay-1`, { headers: { authorization: `Bearer ${token}` } });
    // A request is listed from its arrival, before the authorizer has let it through to the handler;
    // wait for the handler, or the answer below would be given before there is a call to answer.
    await expect.poll(() => heldCalls.length, { timeout: 10_000 }).toBe(1);
    expect(gateway.inFlight()).toEqual([{ method: 'GET', path: '/v1/payment-sessions/pay-1', forMs: expect.any(Number) }]);

    heldCalls[0]?.();
    expect((await answered).status).toBe(200);
    await expect.poll(() => gateway.inFlight(), { timeout: 10_000 }).toEqual([]);
  });
});
