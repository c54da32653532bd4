import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_CREDENTIALS } from '../../local/local-stack.ts';
import type { Fault } from '../../local/vcc-simulator/faults.ts';
import { waitFor } from '../integration/support/wait-for.ts';
import { auditLogsOfThisFile } from '../support/log-audit.ts';
import { expectConsistentAfterSettling } from './support/consistency.ts';
import { type FaultStack, startFaultStack, uniqueAgentId } from './support/fault-stack.ts';

/**
 * VCC failing while a payment is opened: each fault, then what the CRM's caller sees, then the
 * consistency check (every payment VCC completed is ours, with its outcome, and the CRM's).
 */

const audit = auditLogsOfThisFile();
let stack: FaultStack;

beforeAll(async () => {
  stack = await startFaultStack(audit);
});
afterAll(() => stack?.stop());

/** The one session VCC holds for the agent, once it holds it. */
const vccSessionOf = async (agentId: string) =>
  (
    await waitFor(
      () => stack.vcc.sessionsOf(agentId),
      (sessions) => sessions.length === 1,
      `VCC to open the session of ${agentId}`,
    )
  )[0]!;

describe('VCC answering the create call with a failure', () => {
  it('answers VCC_UNAVAILABLE to a 5xx; the same key repeats it (VCC may have acted), a new key opens the payment', async () => {
    const agentId = uniqueAgentId();
    const key = randomUUID();
    await stack.vcc.fault(agentId, 'server_error');

    const failed = await stack.createSession(agentId, key);
    expect([failed.status, failed.body.error.code]).toEqual([502, 'VCC_UNAVAILABLE']);
    expect((await stack.createSession(agentId, key)).body.error.code).toBe('VCC_UNAVAILABLE');

    const created = await stack.createSession(agentId, randomUUID());
    expect(created.status).toBe(201);
    await stack.vcc.complete(created.body.sessionGuid, 'approve');
    await expectConsistentAfterSettling(stack, [agentId]);
  });

  it('answers VCC_UNAVAILABLE when VCC resets the connection, and keeps the key (the request may have been read)', async () => {
    const agentId = uniqueAgentId();
    const key = randomUUID();
    await stack.vcc.fault(agentId, 'connection_reset');

    const failed = await stack.createSession(agentId, key);
    expect([failed.status, failed.body.error.code]).toEqual([502, 'VCC_UNAVAILABLE']);
    expect(await stack.paymentsOf(agentId)).toMatchObject([{ state: 'creation_failed', failureCode: 'VCC_UNAVAILABLE' }]);

    const created = await stack.createSession(agentId, randomUUID());
    expect(created.status).toBe(201);
    await stack.vcc.complete(created.body.sessionGuid, 'decline');
    await expectConsistentAfterSettling(stack, [agentId]);
  });

  it('answers VCC_TIMEOUT when VCC never answers, and keeps the key (VCC may have opened the session)', async () => {
    const agentId = uniqueAgentId();
    const key = randomUUID();
    await stack.vcc.fault(agentId, 'timeout');

    const failed = await stack.createSession(agentId, key);
    expect([failed.status, failed.body.error.code]).toEqual([504, 'VCC_TIMEOUT']);
    expect((await stack.createSession(agentId, key)).body.error.code).toBe('VCC_TIMEOUT');

    const created = await stack.createSession(agentId, randomUUID());
    expect(created.status).toBe(201);
    await stack.vcc.complete(created.body.sessionGuid, 'approve');
    await expectConsistentAfterSettling(stack, [agentId]);
  });

  const documentedErrors: [Fault, string][] = [
    ['invalid_client_key', 'VCC_PROVIDER_CREDENTIALS_INVALID'],
    ['provider_invalid_client', 'VCC_PROVIDER_PERMISSION_DENIED'],
    ['unknown_account_configuration', 'VCC_UNKNOWN_ACCOUNT_CONFIGURATION'],
  ];
  it.each(documentedErrors)("answers VCC's documented %s as %s and frees the key: the same request succeeds once fixed", async (fault, code) => {
    const agentId = uniqueAgentId();
    const key = randomUUID();
    await stack.vcc.fault(agentId, fault);

    const failed = await stack.createSession(agentId, key);
    expect([failed.status, failed.body.error.code]).toEqual([502, code]);

    const retried = await stack.createSession(agentId, key);
    expect(retried.status).toBe(201);
    await stack.vcc.complete(retried.body.sessionGuid, 'approve');
    await expectConsistentAfterSettling(stack, [agentId]);
  });

  it("answers VCC's documented invalid_client (our API credentials) as VCC_CREDENTIALS_INVALID, and the same request succeeds once they are fixed", async () => {
    const agentId = uniqueAgentId();
    const key = randomUUID();
    await stack.vcc.setCredentials([{ clientId: LOCAL_CREDENTIALS.vcc.clientId, clientSecret: 'rotated-at-vcc-but-not-here' }]);
    await stack.vcc.revokeTokens();

    try {
      const failed = await stack.createSession(agentId, key);
      expect([failed.status, failed.body.error.code]).toEqual([502, 'VCC_CREDENTIALS_INVALID']);
    } finally {
      await stack.vcc.setCredentials([LOCAL_CREDENTIALS.vcc]);
    }

    const retried = await stack.createSession(agentId, key);
    expect(retried.status).toBe(201);
    await stack.vcc.complete(retried.body.sessionGuid, 'approve');
    await expectConsistentAfterSettling(stack, [agentId]);
  });
});

describe('VCC slow to answer', () => {
  it('opens the session when VCC answers within our timeout', async () => {
    const agentId = uniqueAgentId();
    await stack.vcc.fault(agentId, 'slow', { delayMs: Math.round(stack.vccTimeoutMs / 3) });

    const created = await stack.createSession(agentId);

    expect(created.status).toBe(201);
    await stack.vcc.complete(created.body.sessionGuid, 'approve');
    await expectConsistentAfterSettling(stack, [agentId]);
  });

  // Issue 9, defect 4: VCC opened the session but answered after our timeout, so we never
  // learned its sessionGuid; the caller is transferred and pays all the same.
  it('gets the outcome of an agent-assist session VCC opened after our timeout to the CRM', async () => {
    const agentId = uniqueAgentId();
    await stack.vcc.fault(agentId, 'slow', { delayMs: stack.vccTimeoutMs + 1000 });

    const failed = await stack.createSession(agentId);
    expect([failed.status, failed.body.error.code]).toEqual([504, 'VCC_TIMEOUT']);

    await stack.vcc.complete((await vccSessionOf(agentId)).sessionGuid, 'approve');
    await expectConsistentAfterSettling(stack, [agentId]);
  });

  // Issue 9, defect 4, for a link: VCC may send the SMS itself, so the customer can pay a link
  // whose create call timed out for us.
  it('gets the outcome of a payment link VCC opened after our timeout, and the customer paid, to the CRM', async () => {
    const agentId = uniqueAgentId();
    await stack.vcc.fault(agentId, 'slow', { delayMs: stack.vccTimeoutMs + 1000 });

    const failed = await stack.createLink(agentId);
    expect([failed.status, failed.body.error.code]).toEqual([504, 'VCC_TIMEOUT']);

    await stack.vcc.payAtLink((await vccSessionOf(agentId)).digitalUrl!, 'approve');
    await expectConsistentAfterSettling(stack, [agentId]);
  });
});

describe("VCC's token endpoint failing when a new token is needed", () => {
  it('answers VCC_UNAVAILABLE when the token endpoint answers 5xx, and frees the key: nothing reached the Payment API', async () => {
    const agentId = uniqueAgentId();
    const key = randomUUID();
    await stack.vcc.revokeTokens();
    await stack.vcc.tokenFault('server_error');

    const failed = await stack.createSession(agentId, key);
    expect([failed.status, failed.body.error.code]).toEqual([502, 'VCC_UNAVAILABLE']);
    expect(await stack.vcc.sessionsOf(agentId)).toEqual([]);

    const retried = await stack.createSession(agentId, key);
    expect(retried.status).toBe(201);
    await stack.vcc.complete(retried.body.sessionGuid, 'approve');
    await expectConsistentAfterSettling(stack, [agentId]);
  });

  it('answers VCC_TIMEOUT when the token endpoint hangs, and frees the key: nothing reached the Payment API', async () => {
    const agentId = uniqueAgentId();
    const key = randomUUID();
    await stack.vcc.revokeTokens();
    await stack.vcc.tokenFault('timeout');

    const failed = await stack.createSession(agentId, key);
    expect([failed.status, failed.body.error.code]).toEqual([504, 'VCC_TIMEOUT']);
    expect(await stack.vcc.sessionsOf(agentId)).toEqual([]);

    const retried = await stack.createSession(agentId, key);
    expect(retried.status).toBe(201);
    await stack.vcc.complete(retried.body.sessionGuid, 'approve');
    await expectConsistentAfterSettling(stack, [agentId]);
  });

  it('answers VCC_UNAVAILABLE when the token endpoint resets the connection', async () => {
    const agentId = uniqueAgentId();
    await stack.vcc.revokeTokens();
    await stack.vcc.tokenFault('connection_reset');

    const failed = await stack.createLink(agentId);
    expect([failed.status, failed.body.error.code]).toEqual([502, 'VCC_UNAVAILABLE']);

    const created = await stack.createLink(agentId);
    expect(created.status).toBe(201);
    await stack.vcc.payAtLink(created.body.paymentLink, 'approve');
    await expectConsistentAfterSettling(stack, [agentId]);
  });
});

it('logs no token, secret or card-like value', () => audit.expectClean());
