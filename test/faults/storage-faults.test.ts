import { randomUUID } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { KEY_CLAIM_OUTLIVES_REQUEST_MS } from '#app/use-cases/vcc-session-opening.ts';
import { waitFor } from '../integration/support/wait-for.ts';
import { auditLogsOfThisFile } from '../support/log-audit.ts';
import { expectConsistentAfterSettling } from './support/consistency.ts';
import { type ApiAnswer, type FaultStack, startFaultStack, uniqueAgentId } from './support/fault-stack.ts';
import { ageIdempotencyClaims } from './support/idempotency-claims.ts';

/**
 * The store (DynamoDB) down at each write of the create path and while a webhook is taken in.
 * "Down" is an outage: from the named write on, every call fails until the store comes back.
 * Each fault ends with the consistency check.
 */

const audit = auditLogsOfThisFile();
let stack: FaultStack;

beforeAll(async () => {
  stack = await startFaultStack(audit);
});
afterAll(() => stack?.stop());
afterEach(() => stack.storage.restore());

/**
 * Opens an agent-assist session while VCC takes its time (within our timeout), so the test learns
 * VCC's sessionGuid and the payment's id before VCC answers and can take the store down at a write
 * that names them.
 */
async function createWhileWatching(agentId: string, beforeVccAnswers: (ids: { sessionGuid: string; id: string }) => Promise<void>): Promise<ApiAnswer> {
  await stack.vcc.fault(agentId, 'slow', { delayMs: Math.round((stack.vccTimeoutMs * 2) / 3) });
  const answer = stack.createSession(agentId);
  const [vccSession] = await waitFor(
    () => stack.vcc.sessionsOf(agentId),
    (sessions) => sessions.length === 1,
    'VCC to open the session',
  );
  const [ours] = await waitFor(
    () => stack.paymentsOf(agentId),
    (payments) => payments.length === 1,
    'our record of the session',
  );
  await beforeVccAnswers({ sessionGuid: vccSession!.sessionGuid, id: ours!.id });
  return answer;
}

describe('the store down while a payment is opened', () => {
  it('when the Idempotency-Key is claimed: nothing is opened at VCC, and the same request succeeds once the store is back', async () => {
    const agentId = uniqueAgentId();
    const key = randomUUID();
    await stack.storage.fail({ operation: 'PutItem', whenRequestIncludes: key, outage: true });

    const failed = await stack.createSession(agentId, key);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(await stack.vcc.sessionsOf(agentId)).toEqual([]);

    expect(await stack.storage.isDown(), 'the store went down at the write').toBe(true);
    await stack.storage.restore();
    const retried = await stack.createSession(agentId, key);
    expect(retried.status).toBe(201);
    await stack.vcc.complete(retried.body.sessionGuid, 'approve');
    await expectConsistentAfterSettling(stack, [agentId]);
  });

  // The README: "When VCC certainly did not act (the request never reached it ...), the key is
  // freed, so the same request can be retried once the cause is fixed." With the store down the
  // key cannot be freed at once: it is free once the request that claimed it is surely over.
  it('when the session is recorded: nothing is opened at VCC, and the same request succeeds once the store is back and the claim is stale', async () => {
    const agentId = uniqueAgentId();
    const key = randomUUID();
    await stack.storage.fail({ operation: 'PutItem', whenRequestIncludes: agentId, outage: true });

    const failed = await stack.createSession(agentId, key);
    expect(failed.status).toBeGreaterThanOrEqual(500);
    expect(await stack.vcc.sessionsOf(agentId)).toEqual([]);

    expect(await stack.storage.isDown(), 'the store went down at the write').toBe(true);
    await stack.storage.restore();
    const tooSoon = await stack.createSession(agentId, key);
    expect([tooSoon.status, tooSoon.body.error?.code]).toEqual([409, 'IDEMPOTENCY_REQUEST_IN_PROGRESS']);
    expect(await ageIdempotencyClaims(stack, key, KEY_CLAIM_OUTLIVES_REQUEST_MS + 1_000), 'the claim to age').toBe(1);
    const retried = await stack.createSession(agentId, key);
    expect([retried.status, retried.body.error?.code]).toEqual([201, undefined]);
    await stack.vcc.complete(retried.body.sessionGuid, 'approve');
    await expectConsistentAfterSettling(stack, [agentId]);
  });

  it("when VCC's answer is recorded: the agent still gets the form, and the payment taken on it reaches the CRM", async () => {
    const agentId = uniqueAgentId();
    const created = await createWhileWatching(agentId, ({ id }) => stack.storage.fail({ operation: 'UpdateItem', whenKeyIncludes: id, outage: true }));

    expect(created.status).toBe(201);
    expect(created.body.paymentForm.fields['X-BEARER-TOKEN']).toBeTruthy();
    expect(await stack.storage.isDown(), 'the store went down at the write').toBe(true);
    await stack.storage.restore();
    expect(await stack.paymentsOf(agentId), "VCC's answer was not recorded").toMatchObject([{ state: 'creating', sessionGuid: null }]);
    await stack.vcc.complete(created.body.sessionGuid, 'approve');
    await expectConsistentAfterSettling(stack, [agentId]);
  });

  it('when the VCC session is joined to its payment: the payment taken reaches the CRM', async () => {
    const agentId = uniqueAgentId();
    const created = await createWhileWatching(agentId, ({ sessionGuid }) =>
      stack.storage.fail({ operation: 'UpdateItem', whenKeyIncludes: sessionGuid, outage: true }),
    );

    expect(created.status).toBe(201);
    expect(await stack.storage.isDown(), 'the store went down at the write').toBe(true);
    await stack.storage.restore();
    await stack.vcc.complete(created.body.sessionGuid, 'approve');
    await expectConsistentAfterSettling(stack, [agentId]);
  });
});

describe("the store down while VCC's webhook is taken in", () => {
  it('before the status report is stored: the webhook is answered 5xx, VCC retries, and the retry is taken in once the store is back', async () => {
    const agentId = uniqueAgentId();
    const created = await stack.createSession(agentId);
    await stack.storage.fail({ operation: 'UpdateItem', whenKeyIncludes: created.body.sessionGuid, outage: true });

    await stack.vcc.complete(created.body.sessionGuid, 'approve');
    const [refused] = await waitFor(
      () => stack.vcc.deliveries(created.body.sessionGuid),
      (d) => (d[0]?.attempts.length ?? 0) >= 1,
      'the first attempt',
    );
    expect(refused!.attempts[0]!.httpStatus).toBeGreaterThanOrEqual(500);

    expect(await stack.storage.isDown(), 'the store went down at the write').toBe(true);
    await stack.storage.restore();
    await waitFor(
      () => stack.vcc.deliveries(created.body.sessionGuid),
      (d) => d[0]?.status === 'delivered',
      'the retried webhook',
    );
    await expectConsistentAfterSettling(stack, [agentId]);
  });

  it('after the status report is stored, while it is applied to its payment: the sweep applies it once the store is back', async () => {
    const agentId = uniqueAgentId();
    const created = await stack.createSession(agentId);
    await stack.storage.fail({ operation: 'UpdateItem', whenKeyIncludes: created.body.id, outage: true });

    await stack.vcc.complete(created.body.sessionGuid, 'approve');
    await waitFor(
      () => stack.vcc.deliveries(created.body.sessionGuid),
      (d) => (d[0]?.attempts.length ?? 0) >= 1,
      'the first attempt',
    );

    expect(await stack.storage.isDown(), 'the store went down at the write').toBe(true);
    await stack.storage.restore();
    await expectConsistentAfterSettling(stack, [agentId]);
  });
});

it('logs no token, secret or card-like value', () => audit.expectClean());
