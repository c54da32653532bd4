import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRM_DELIVERY } from '../../functions/app/contract/api-contract.ts';
import { waitFor } from '../integration/support/wait-for.ts';
import { auditLogsOfThisFile } from '../support/log-audit.ts';
import { expectConsistentAfterSettling } from './support/consistency.ts';
import { type FaultStack, startFaultStack, uniqueAgentId } from './support/fault-stack.ts';

/**
 * The CRM's callback failing: the outcome waits on the queue and is delivered once the CRM takes
 * it, under one webhook-id. The queue's backoff (30 s, 1 min, 2 min ...) runs 1000 times faster.
 */

const audit = auditLogsOfThisFile();
let stack: FaultStack;

beforeAll(async () => {
  stack = await startFaultStack(audit);
});
afterAll(() => stack?.stop());

/** How many attempts the delivery function counted when it delivered the event, from its log line. */
const deliveryAttemptsLogged = (eventId: string): number[] =>
  audit.lines().flatMap((line) => {
    try {
      const entry = JSON.parse(line) as { message?: string; eventId?: string; attempts?: number };
      return entry.message === 'outcome delivered to the CRM' && entry.eventId === eventId ? [entry.attempts ?? 0] : [];
    } catch {
      return [];
    }
  });

describe('the CRM callback', () => {
  it('down (connections refused) for a while: the outcome is delivered once it is back', async () => {
    const agentId = uniqueAgentId();
    const created = await stack.createSession(agentId);
    await stack.crm.down();

    try {
      await stack.vcc.complete(created.body.sessionGuid, 'approve');
      await waitFor(
        () => stack.vcc.deliveries(created.body.sessionGuid),
        (d) => d[0]?.status === 'delivered',
        'the outcome stored',
      );
      // Several attempts of the compressed backoff (30 ms, 60 ms, 120 ms ...), well before the last.
      await new Promise((resolve) => setTimeout(resolve, 500));
    } finally {
      await stack.crm.up();
    }

    await expectConsistentAfterSettling(stack, [agentId]);
    // The CRM has the outcome before the delivery function, which logs once the CRM's answer is in.
    const attempts = await waitFor(
      () => Promise.resolve(deliveryAttemptsLogged(`evt_${created.body.id}_approved`)),
      (logged) => logged.length > 0,
      'the delivery function to log its delivery',
    );
    expect(attempts, 'attempts the delivery function logged as it delivered').toEqual([expect.any(Number)]);
    expect(attempts[0]).toBeGreaterThan(1);
  });

  it(
    `slower than its ${CRM_DELIVERY.requestTimeoutMs / 1000} s timeout: the outcome is sent again, under the same webhook-id`,
    async () => {
      const agentId = uniqueAgentId();
      const created = await stack.createSession(agentId);
      stack.crm.answerSlowly(CRM_DELIVERY.requestTimeoutMs + 1000, 1);

      await stack.vcc.complete(created.body.sessionGuid, 'decline');
      const deliveries = await waitFor(
        async () => stack.crm.verified().filter((d) => d.event.data.id === created.body.id),
        (d) => d.length >= 2,
        'the slow delivery and its retry',
        CRM_DELIVERY.requestTimeoutMs + 10_000,
      );

      expect(deliveries.map((d) => d.webhookId)).toEqual([deliveries[0]!.webhookId, deliveries[0]!.webhookId]);
      await expectConsistentAfterSettling(stack, [agentId]);
    },
    CRM_DELIVERY.requestTimeoutMs + 30_000,
  );
});

it('logs no token, secret or card-like value', () => audit.expectClean());
