import { PutSecretValueCommand, SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { afterEach, describe, expect, it } from 'vitest';
import { createSession, paymentRequest, uniqueAgentId } from './support/connector-api.ts';
import { integrationStack } from './support/integration-stack.ts';
import { storedItemsMentioning } from './support/session-table.ts';
import { injectFault, revokeVccTokens, setVccCredentials, simulatorStats } from './support/vcc-simulator-control.ts';

const stack = integrationStack();
const secrets = new SecretsManagerClient({
  endpoint: stack.secretsManagerEndpoint,
  region: 'eu-west-2',
  credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
});
const putVccSecret = (value: { clientId: string; clientSecret: string }) =>
  secrets.send(new PutSecretValueCommand({ SecretId: stack.vccSecretId, SecretString: JSON.stringify(value) }));

describe('VCC errors, each mapped to a stable code and an actionable message', () => {
  it.each([
    ['invalid_client_key', 502, 'VCC_PROVIDER_CREDENTIALS_INVALID', /Vonage Contact Center support/],
    ['unknown_account_configuration', 502, 'VCC_UNKNOWN_ACCOUNT_CONFIGURATION', /payment flow map/],
    ['provider_invalid_client', 502, 'VCC_PROVIDER_PERMISSION_DENIED', /PCI provider must fix/],
    ['server_error', 502, 'VCC_UNAVAILABLE', /Retrying with the same Idempotency-Key is safe/],
    ['timeout', 504, 'VCC_TIMEOUT', /may have opened the session\. Start a new payment with a new Idempotency-Key/],
  ] as const)('VCC fault %s answers %i %s', async (fault, status, code, message) => {
    const agentId = uniqueAgentId();
    await injectFault(agentId, fault);

    const answer = await createSession(paymentRequest(agentId));

    expect(answer.status).toBe(status);
    expect(answer.body.error).toMatchObject({ code, message: expect.stringMatching(message) });
    expect(answer.body.error.correlationId).toBe(answer.headers.get('x-correlation-id'));
    // VCC's own text is for the operator's log, not for the CRM.
    expect(JSON.stringify(answer.body)).not.toMatch(/Provider's authorization|Account configuration does not/);
    const [session] = await storedItemsMentioning(agentId);
    expect(session).toMatchObject({ state: 'creation_failed', failureCode: code });
  });

  describe('when the VCC API credentials change', () => {
    const original = stack.credentials.vcc;
    const rotated = { clientId: original.clientId, clientSecret: 'rotated-secret' };

    afterEach(async () => {
      await setVccCredentials([original]);
      await putVccSecret(original);
      await revokeVccTokens();
    });

    it('reads the rotated secret again once and carries on', async () => {
      await setVccCredentials([rotated]);
      await putVccSecret(rotated);
      await revokeVccTokens();

      const answer = await createSession(paymentRequest(uniqueAgentId()));

      expect(answer.status).toBe(201);
    });

    it('answers VCC_CREDENTIALS_INVALID when the secret is wrong, telling the operator to fix it', async () => {
      await setVccCredentials([{ clientId: original.clientId, clientSecret: 'a-secret-nobody-stored' }]);
      await revokeVccTokens();

      const answer = await createSession(paymentRequest(uniqueAgentId()));

      expect([answer.status, answer.body.error.code]).toEqual([502, 'VCC_CREDENTIALS_INVALID']);
      expect(answer.body.error.message).toMatch(/Secrets Manager/);
    });
  });

  it('reuses one VCC token across requests instead of fetching one per request', async () => {
    await createSession(paymentRequest(uniqueAgentId()));
    const before = await simulatorStats();
    await Promise.all([1, 2, 3].map(() => createSession(paymentRequest(uniqueAgentId()))));
    const after = await simulatorStats();
    expect(after.sessionsCreated - before.sessionsCreated).toBe(3);
    expect(after.tokenRequests).toBe(before.tokenRequests);
  });
});
