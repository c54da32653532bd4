import { expect } from 'vitest';
import { waitFor } from '../../integration/support/wait-for.ts';
import type { FaultStack, Payment, VccSessionRecord } from './fault-stack.ts';
import type { CrmEvent } from './recording-crm-receiver.ts';

const MINUTE_MS = 60_000;

/** A payment VCC completed: the gateway answered, whatever it decided. */
const completedAtVcc = (session: VccSessionRecord) => session.sessionState === 'Finished' && session.paymentResultData !== null;

/**
 * How the gateway's result reads, written from the simulator's two result shapes and not from
 * the connector's reading: CyberSource's `decision`, or Chase Orbital's `ApprovalStatus`.
 */
function expectedOutcomeOf(result: Record<string, unknown>): { state: 'approved' | 'declined'; gatewayReference: unknown } {
  if ('decision' in result) return { state: result.decision === 'ACCEPT' ? 'approved' : 'declined', gatewayReference: result.requestID };
  return { state: result.ApprovalStatus === '1' ? 'approved' : 'declined', gatewayReference: result.TxRefNum };
}

/** The parts of an outcome event that must be the same on every delivery of one webhook-id. */
const meaningOf = (event: CrmEvent) => ({ id: event.id, type: event.type, session: event.data.id, state: event.data.state, outcome: event.data.outcome });

/**
 * Lets the faults play out, then settles what must be settled as operations would: waits until
 * VCC has no webhook of these agents still on its way (delivered, given up or dropped), then
 * runs the reconciliation sweep twice, as two scheduled runs 11 and 22 minutes from now would
 * (every session and link of the test is due by then).
 */
export async function settle(stack: FaultStack, agentIds: readonly string[], { webhookWaitMs = 20_000 } = {}): Promise<void> {
  for (const agentId of agentIds) {
    for (const session of await stack.vcc.sessionsOf(agentId)) {
      await waitFor(
        () => stack.vcc.deliveries(session.sessionGuid),
        (deliveries) => deliveries.every((d) => d.status !== 'pending' && d.status !== 'delayed'),
        `VCC's webhooks of ${session.sessionGuid} to be delivered or given up`,
        webhookWaitMs,
      );
    }
  }
  const now = Date.now();
  await stack.sweep(new Date(now + 11 * MINUTE_MS));
  await stack.sweep(new Date(now + 22 * MINUTE_MS));
}

/**
 * The consistency check every fault ends with: every payment VCC completed for these agents is
 * on exactly one payment, with its outcome, and the CRM took that outcome in under one
 * webhook-id, each delivery of which carried the same event. Nothing is approved or declined on
 * our side that VCC did not complete.
 */
export async function expectNothingLost(stack: FaultStack, agentIds: readonly string[], { crmWaitMs = 15_000 } = {}): Promise<void> {
  const completed = (await Promise.all(agentIds.map((agentId) => stack.vcc.sessionsOf(agentId)))).flat().filter(completedAtVcc);
  const ours = (await Promise.all(agentIds.map((agentId) => stack.paymentsOf(agentId)))).flat();

  for (const vccSession of completed) {
    const expected = expectedOutcomeOf(vccSession.paymentResultData!);
    const matching = ours.filter((payment) => payment.sessionGuid === vccSession.sessionGuid);
    expect(
      matching.map(describe),
      `VCC completed session ${vccSession.sessionGuid} (${expected.state}); our payments of the agent: ${JSON.stringify(ours.map(describe))}`,
    ).toEqual([expect.objectContaining({ state: expected.state })]);
    const payment = matching[0]!;
    expect(payment.outcome?.gatewayReference, `the gateway reference of ${payment.id}`).toBe(expected.gatewayReference);

    const outcomeEvents = () => stack.crm.verified().filter((d) => d.event.data.id === payment.id && d.event.data.state === expected.state);
    await waitFor(
      async () => outcomeEvents().length,
      (count) => count > 0,
      `the CRM to take the outcome of ${payment.id} (${expected.state})`,
      crmWaitMs,
    ).catch(() => undefined);
    const webhookIds = [...new Set(outcomeEvents().map((d) => d.webhookId))];
    expect(webhookIds, `webhook-ids of the ${expected.state} outcome of ${payment.id} the CRM verified`).toHaveLength(1);
  }

  for (const payment of ours.filter((p) => p.state === 'approved' || p.state === 'declined')) {
    expect(
      completed.map((s) => s.sessionGuid),
      `${payment.id} is ${payment.state}: VCC must have completed its session`,
    ).toContain(payment.sessionGuid);
  }

  const byWebhookId = new Map<string, ReturnType<typeof meaningOf>[]>();
  for (const delivery of stack.crm.verified()) byWebhookId.set(delivery.webhookId, [...(byWebhookId.get(delivery.webhookId) ?? []), meaningOf(delivery.event)]);
  for (const [webhookId, meanings] of byWebhookId) {
    expect(
      meanings.every((meaning) => JSON.stringify(meaning) === JSON.stringify(meanings[0])),
      `every delivery of ${webhookId} carries the same event`,
    ).toBe(true);
    expect(meanings[0]!.id, 'webhook-id is the event id').toBe(webhookId);
  }
}

const describe = (payment: Payment) => ({ id: payment.id, state: payment.state, sessionGuid: payment.sessionGuid, failureCode: payment.failureCode });

/** Settles, then checks: the end of every fault. */
export async function expectConsistentAfterSettling(stack: FaultStack, agentIds: readonly string[]): Promise<void> {
  await settle(stack, agentIds);
  await expectNothingLost(stack, agentIds);
}
