import { describe, expect, it } from 'vitest';
import { createSession, getSession, paymentRequest, uniqueAgentId } from './support/connector-api.ts';
import { callbacksFor, reconcileAsOf } from './support/local-controls.ts';
import { storedItemsMentioning } from './support/session-table.ts';
import { completeAtVcc, webhookBehaviour, webhookDeliveries } from './support/vcc-webhook-control.ts';
import { waitFor } from './support/wait-for.ts';

const MINUTE = 60_000;

describe('the reconciliation sweep', () => {
  it('recovers a payment whose webhook VCC never delivered', async () => {
    const agentId = uniqueAgentId();
    await webhookBehaviour(agentId, 'drop');
    const created = await createSession(paymentRequest(agentId));
    await completeAtVcc(created.body.sessionGuid, 'approve');
    await waitFor(
      () => webhookDeliveries(created.body.sessionGuid),
      (d) => d[0]?.status === 'dropped',
      'the dropped webhook',
    );

    // The session's form expired five minutes after creation; the sweep looks a minute later.
    // Sessions of earlier tests are due then too: sweeps work the backlog off, 50 at a time.
    const asOf = new Date(Date.parse(created.body.expiresAt) + 2 * MINUTE);
    const settled = async () => {
      await reconcileAsOf(asOf);
      const [stored] = await storedItemsMentioning(`SESSION#${created.body.id}`);
      return stored?.state as string;
    };
    await waitFor(settled, (state) => state !== 'pending', 'the sweep to settle the session');

    const read = await getSession(created.body.id);
    expect(read.body).toMatchObject({ state: 'approved', outcome: { decision: 'ACCEPT', amount: '12.40' } });
    expect(read.body.vccHistory.map((e: { source: string }) => e.source)).toEqual(['reconciliation']);
    await waitFor(
      () => callbacksFor(created.body.id),
      (c) => c.received.length === 1,
      'the CRM callback',
    );
  });
});
