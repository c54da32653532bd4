import { describe, expect, it } from 'vitest';
import { createSession, paymentRequest, uniqueAgentId } from './support/connector-api.ts';
import { storedItemsMentioning } from './support/session-table.ts';
import { injectFault, simulatorStats } from './support/vcc-simulator-control.ts';

const sessionsAtVcc = async () => (await simulatorStats()).sessionsCreated;

describe('Idempotency-Key', () => {
  it('returns the same session for a retry and opens no second VCC session', async () => {
    const body = paymentRequest(uniqueAgentId());
    const key = crypto.randomUUID();
    const before = await sessionsAtVcc();

    const first = await createSession(body, { idempotencyKey: key });
    const retry = await createSession(body, { idempotencyKey: key });

    expect(first.status).toBe(201);
    expect(retry.status).toBe(200);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    // External Services reads no header: the body says the same.
    expect(retry.body).toMatchObject({
      id: first.body.id,
      sessionGuid: first.body.sessionGuid,
      state: 'pending',
      replayed: true,
      location: first.body.location,
    });
    // The agent tokens were handed out once and never stored.
    expect(retry.body).not.toHaveProperty('agentAccessToken');
    expect(await sessionsAtVcc()).toBe(before + 1);
  });

  it('treats the same body with keys in another order as the same request', async () => {
    const agentId = uniqueAgentId();
    const key = crypto.randomUUID();
    const first = await createSession(paymentRequest(agentId), { idempotencyKey: key });
    const { paymentData, ...rest } = paymentRequest(agentId);
    const reordered = { paymentData: Object.fromEntries(Object.entries(paymentData).reverse()), ...rest };
    const retry = await createSession(reordered, { idempotencyKey: key });
    expect(retry.body.id).toBe(first.body.id);
  });

  it('refuses the same key with a different body, and stores nothing for it', async () => {
    const agentId = uniqueAgentId();
    const key = crypto.randomUUID();
    await createSession(paymentRequest(agentId), { idempotencyKey: key });
    const before = await sessionsAtVcc();

    const other = await createSession(paymentRequest(agentId, { paymentData: { Amount: '99.00', Currency: 'GBP' } }), { idempotencyKey: key });

    expect(other.status).toBe(422);
    expect(other.body.error.code).toBe('IDEMPOTENCY_KEY_REUSED');
    expect(await sessionsAtVcc()).toBe(before);
    const sessions = (await storedItemsMentioning(agentId)).filter((item) => item.recordType === 'PaymentSession');
    expect(sessions).toHaveLength(1);
  });

  it('opens one VCC session for a double click that arrives at the same time', async () => {
    const body = paymentRequest(uniqueAgentId());
    const key = crypto.randomUUID();
    const before = await sessionsAtVcc();

    const answers = await Promise.all([createSession(body, { idempotencyKey: key }), createSession(body, { idempotencyKey: key })]);

    const statuses = answers.map((a) => a.status);
    expect(statuses.filter((status) => status === 201)).toHaveLength(1);
    // The other either waited for the first (replay) or was told to retry shortly.
    expect(statuses.filter((status) => status === 200 || status === 409)).toHaveLength(1);
    expect(await sessionsAtVcc()).toBe(before + 1);
  });

  it('frees the key after an error VCC certainly did not act on, so the retry succeeds', async () => {
    const agentId = uniqueAgentId();
    const key = crypto.randomUUID();
    await injectFault(agentId, 'invalid_client_key');

    const failed = await createSession(paymentRequest(agentId), { idempotencyKey: key });
    const retried = await createSession(paymentRequest(agentId), { idempotencyKey: key });

    expect(failed.body.error.code).toBe('VCC_PROVIDER_CREDENTIALS_INVALID');
    expect(retried.status).toBe(201);
  });

  it('keeps the key after a timeout, when VCC may have opened a session, and replays the failure', async () => {
    const agentId = uniqueAgentId();
    const key = crypto.randomUUID();
    await injectFault(agentId, 'timeout');

    const timedOut = await createSession(paymentRequest(agentId), { idempotencyKey: key });
    const retried = await createSession(paymentRequest(agentId), { idempotencyKey: key });

    expect([timedOut.status, timedOut.body.error.code]).toEqual([504, 'VCC_TIMEOUT']);
    expect([retried.status, retried.body.error.code]).toEqual([504, 'VCC_TIMEOUT']);
  });

  it('creates a new session for each request without a key', async () => {
    const body = paymentRequest(uniqueAgentId());
    const [a, b] = [await createSession(body), await createSession(body)];
    expect(a.body.id).not.toBe(b.body.id);
  });

  it.each([
    ['longer than 255 characters', 'x'.repeat(256)],
    ['with a space', 'my key'],
    ['with a non-ASCII character', 'clé-1'],
  ])('refuses a key %s', async (_, idempotencyKey) => {
    const answer = await createSession(paymentRequest(uniqueAgentId()), { idempotencyKey });
    expect([answer.status, answer.body.error.code]).toEqual([400, 'INVALID_IDEMPOTENCY_KEY']);
  });

  it('refuses a key that looks like a card number, since keys are stored', async () => {
    const agentId = uniqueAgentId();
    const answer = await createSession(paymentRequest(agentId), { idempotencyKey: '4111-1111-1111-1111' });
    expect([answer.status, answer.body.error.code]).toEqual([400, 'CARD_NUMBER_REFUSED']);
    expect(await storedItemsMentioning(agentId)).toEqual([]);
  });
});
