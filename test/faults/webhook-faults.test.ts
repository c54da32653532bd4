import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../integration/support/wait-for.ts';
import { auditLogsOfThisFile } from '../support/log-audit.ts';
import { expectConsistentAfterSettling } from './support/consistency.ts';
import { type FaultStack, startFaultStack, uniqueAgentId } from './support/fault-stack.ts';

/**
 * VCC's webhook misbehaving, as real VCC's may: each fault, then the consistency check (every
 * payment VCC completed is ours, with its outcome, and the CRM's, once per webhook-id).
 */

const audit = auditLogsOfThisFile();
let stack: FaultStack;

beforeAll(async () => {
  stack = await startFaultStack(audit);
});
afterAll(() => stack?.stop());

/** A payment of each kind, opened, for an agent whose webhooks misbehave. */
async function openPayments(agentId: string) {
  const session = await stack.createSession(agentId);
  const link = await stack.createLink(agentId);
  expect([session.status, link.status]).toEqual([201, 201]);
  return { session: session.body, link: link.body };
}

describe("VCC's webhook", () => {
  it('dropped: the sweep recovers both outcomes from VCC', async () => {
    const agentId = uniqueAgentId();
    await stack.vcc.webhookBehaviour(agentId, 'drop');
    const { session, link } = await openPayments(agentId);

    await stack.vcc.complete(session.sessionGuid, 'approve');
    await stack.vcc.payAtLink(link.paymentLink, 'decline');

    expect((await stack.vcc.deliveries(session.sessionGuid)).map((d) => d.status)).toEqual(['dropped']);
    await expectConsistentAfterSettling(stack, [agentId]);
  });

  it('duplicated: every copy is answered 200 and the CRM is told once', async () => {
    const agentId = uniqueAgentId();
    await stack.vcc.webhookBehaviour(agentId, 'duplicate', { copies: 4 });
    const { session, link } = await openPayments(agentId);

    await stack.vcc.complete(session.sessionGuid, 'approve');
    await stack.vcc.payAtLink(link.paymentLink, 'approve');

    await expectConsistentAfterSettling(stack, [agentId]);
    for (const { sessionGuid } of [session, link]) {
      expect((await stack.vcc.deliveries(sessionGuid)).map((d) => d.status)).toEqual(['delivered', 'delivered', 'delivered', 'delivered']);
    }
  });

  it('reordered: a stale progress report after the outcome changes nothing', async () => {
    const agentId = uniqueAgentId();
    await stack.vcc.webhookBehaviour(agentId, 'reorder');
    const { session, link } = await openPayments(agentId);

    await stack.vcc.complete(session.sessionGuid, 'decline');
    await stack.vcc.payAtLink(link.paymentLink, 'approve');

    await expectConsistentAfterSettling(stack, [agentId]);
    expect((await stack.vcc.deliveries(session.sessionGuid)).map((d) => [d.sessionState, d.status])).toEqual([
      ['Finished', 'delivered'],
      ['InProgress', 'delivered'],
    ]);
  });

  it('delayed: the outcome arrives late and is taken in', async () => {
    const agentId = uniqueAgentId();
    await stack.vcc.webhookBehaviour(agentId, 'delay', { delayMs: 1500 });
    const { session, link } = await openPayments(agentId);

    await stack.vcc.complete(session.sessionGuid, 'approve');
    await stack.vcc.payAtLink(link.paymentLink, 'approve');

    await expectConsistentAfterSettling(stack, [agentId]);
  });

  it('before the create call is answered: the outcome that overtook our record of the session is joined to it', async () => {
    const agentId = uniqueAgentId();
    await stack.vcc.webhookBehaviour(agentId, 'before-create');

    await openPayments(agentId);

    await expectConsistentAfterSettling(stack, [agentId]);
  });
});

describe("our token endpoint refusing VCC's webhook client", () => {
  it('for a while: VCC retries, and once its token is issued again the outcome is delivered', async () => {
    const agentId = uniqueAgentId();
    const { session } = await openPayments(agentId);
    await stack.vcc.webhookClientSecret('not-the-secret-we-gave-vonage');

    try {
      await stack.vcc.complete(session.sessionGuid, 'approve');
      await waitFor(
        () => stack.vcc.deliveries(session.sessionGuid),
        (d) => (d[0]?.attempts.length ?? 0) >= 2,
        'two refused attempts',
      );
    } finally {
      await stack.vcc.webhookClientSecret(null);
    }

    await waitFor(
      () => stack.vcc.deliveries(session.sessionGuid),
      (d) => d[0]?.status === 'delivered',
      'the retried webhook',
    );
    await expectConsistentAfterSettling(stack, [agentId]);
  });

  it('until VCC gives up: the sweep recovers the outcome', async () => {
    const agentId = uniqueAgentId();
    const { link } = await openPayments(agentId);
    await stack.vcc.webhookClientSecret('not-the-secret-we-gave-vonage');

    try {
      await stack.vcc.payAtLink(link.paymentLink, 'approve');
      await waitFor(
        () => stack.vcc.deliveries(link.sessionGuid),
        (d) => d[0]?.status === 'gave-up',
        'VCC to give up',
        20_000,
      );
    } finally {
      await stack.vcc.webhookClientSecret(null);
    }

    await expectConsistentAfterSettling(stack, [agentId]);
  });
});

it('logs no token, secret or card-like value', () => audit.expectClean());
