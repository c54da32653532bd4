import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../integration/support/wait-for.ts';
import { auditLogsOfThisFile } from '../support/log-audit.ts';
import { expectNothingLost } from './support/consistency.ts';
import { type FaultStack, startFaultStack, uniqueAgentId } from './support/fault-stack.ts';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

const audit = auditLogsOfThisFile();
let stack: FaultStack;

// The stack as `npm start` runs it: cdk.json's VCC timeout (8 s), not the tests' compressed one.
beforeAll(async () => {
  stack = await startFaultStack(audit, { vccTimeoutMs: undefined });
});
afterAll(() => stack?.stop());

describe('the reconciliation sweep with the VCC timeout of cdk.json, as npm start runs it', () => {
  it("runs with cdk.json's VCC timeout of 8 s", () => {
    expect(stack.vccTimeoutMs).toBe(8000);
  });

  it('recovers a payment whose webhook VCC never delivered', async () => {
    const agentId = uniqueAgentId();
    await stack.vcc.webhookBehaviour(agentId, 'drop');
    const created = await stack.createSession(agentId);
    expect(created.status).toBe(201);
    await stack.vcc.complete(created.body.sessionGuid, 'approve');
    await waitFor(
      () => stack.vcc.deliveries(created.body.sessionGuid),
      (d) => d[0]?.status === 'dropped',
      'the dropped webhook',
    );

    // The form expired five minutes after creation; the sweep looks a minute after that.
    const report = await stack.sweep(new Date(Date.parse(created.body.expiresAt) + 2 * MINUTE_MS));

    expect(report).toMatchObject({ resolved: 1, failed: 0 });
    expect(await stack.paymentsOf(agentId)).toMatchObject([{ id: created.body.id, state: 'approved' }]);
    await expectNothingLost(stack, [agentId]);
  });

  it("expires a link nobody paid once the sweep runs past its 72 hours, as the README's /_local/reconcile example shows", async () => {
    const agentId = uniqueAgentId();
    const created = await stack.createLink(agentId);
    expect(created.status).toBe(201);

    const report = await stack.sweep(new Date(Date.now() + 73 * HOUR_MS));

    expect(report).toMatchObject({ linksExpired: 1, failed: 0 });
    expect(await stack.paymentsOf(agentId)).toMatchObject([{ id: created.body.id, state: 'expired' }]);
    const told = await waitFor(
      async () => stack.crm.verified().filter((d) => d.event.data.id === created.body.id),
      (d) => d.length > 0,
      'the CRM callback',
    );
    expect(told[0]?.event).toMatchObject({ type: 'payment.link.expired', data: { state: 'expired' } });
  });
});

it('logs no token, secret or card-like value', () => audit.expectClean());
