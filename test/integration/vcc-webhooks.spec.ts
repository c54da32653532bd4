import { describe, expect, it } from 'vitest';
import { createSession, getSession, paymentRequest, uniqueAgentId } from './support/connector-api.ts';
import { callbacksFor, failStorage, restoreStorage } from './support/local-controls.ts';
import { storedItemsMentioning } from './support/session-table.ts';
import { decide, openPaymentForm } from './support/vcc-simulator-control.ts';
import { completeAtVcc, webhookBehaviour, webhookDeliveries } from './support/vcc-webhook-control.ts';
import { waitFor } from './support/wait-for.ts';

/** A created session's outcome as our table holds it, read without asking VCC (a GET of a pending session would). */
async function storedSession(id: string): Promise<Record<string, any>> {
  const [item] = await storedItemsMentioning(`SESSION#${id}`);
  return item ?? {};
}

const settledFor = (id: string) =>
  waitFor(
    () => storedSession(id),
    (s) => s.state !== 'pending' && s.dueWork === undefined,
    `session ${id} to settle and be published`,
  );

describe('VCC webhooks bring the outcome, without polling VCC', () => {
  it('an approved payment reaches our store and the CRM callback, signed', async () => {
    const created = await createSession(paymentRequest(uniqueAgentId()));
    await completeAtVcc(created.body.sessionGuid, 'approve');

    const stored = await settledFor(created.body.id);
    expect(stored).toMatchObject({ state: 'approved', outcome: { decision: 'ACCEPT', amount: '12.40', amountMinor: '1240', currency: 'GBP' } });
    const { received } = await waitFor(
      () => callbacksFor(created.body.id),
      (c) => c.received.length > 0,
      'the CRM callback',
    );
    expect(received[0]?.event).toMatchObject({ type: 'payment.session.completed', data: { id: created.body.id, state: 'approved' } });
    const read = await getSession(created.body.id);
    expect(read.body.vccHistory.map((e: { source: string }) => e.source)).toEqual(['webhook']);
  });

  it("a payment the customer abandons on the provider's page ends the session, and the CRM is told", async () => {
    const created = await createSession(paymentRequest(uniqueAgentId()));
    await openPaymentForm(created.body.paymentForm);
    expect(await decide(created.body.paymentForm, 'abandon')).toBe(200);

    expect(await settledFor(created.body.id)).toMatchObject({ state: 'expired', vccSessionState: 'ExpiredOnProviderSide', outcome: null });
    const { received } = await waitFor(
      () => callbacksFor(created.body.id),
      (c) => c.received.length > 0,
      'the CRM callback',
    );
    expect(received[0]?.event).toMatchObject({ id: `evt_${created.body.id}_expired`, data: { state: 'expired' } });
  });

  it('N identical deliveries give one event and one CRM notification per webhook-id', async () => {
    const agentId = uniqueAgentId();
    await webhookBehaviour(agentId, 'duplicate', { copies: 4 });
    const created = await createSession(paymentRequest(agentId));
    await completeAtVcc(created.body.sessionGuid, 'decline');

    const deliveries = await waitFor(
      () => webhookDeliveries(created.body.sessionGuid),
      (d) => d.length === 4 && d.every((x) => x.status === 'delivered'),
      'four deliveries',
    );
    expect(deliveries.every((d) => d.attempts.at(-1)?.httpStatus === 200)).toBe(true);
    await settledFor(created.body.id);
    const callbacks = await waitFor(
      () => callbacksFor(created.body.id),
      (c) => c.received.length > 0,
      'the CRM callback',
    );
    expect(callbacks.attempts.filter((a) => a.answered === 204)).toHaveLength(1);
    expect((await getSession(created.body.id)).body.vccHistory).toHaveLength(1);
  });

  it('a final delivery followed by an older, non-final one leaves the session final', async () => {
    const agentId = uniqueAgentId();
    await webhookBehaviour(agentId, 'reorder');
    const created = await createSession(paymentRequest(agentId));
    await completeAtVcc(created.body.sessionGuid, 'approve');

    await waitFor(
      () => webhookDeliveries(created.body.sessionGuid),
      (d) => d.length === 2 && d.every((x) => x.status === 'delivered'),
      'both deliveries',
    );
    const read = await getSession(created.body.id);
    expect(read.body).toMatchObject({ state: 'approved', vccSessionState: 'Finished' });
    expect(read.body.vccHistory.map((e: { sessionState: string }) => e.sessionState)).toEqual(['Finished', 'InProgress']);
  });

  it('a webhook that arrives before its session is recorded is joined to it', async () => {
    const agentId = uniqueAgentId();
    await webhookBehaviour(agentId, 'before-create');
    const created = await createSession(paymentRequest(agentId));

    expect(created.status).toBe(201);
    const [early] = await webhookDeliveries(created.body.sessionGuid);
    expect(early?.attempts[0]?.httpStatus).toBe(200);
    expect(created.body.state).toBe('approved');
    await settledFor(created.body.id);
    await waitFor(
      () => callbacksFor(created.body.id),
      (c) => c.received.length === 1,
      'the CRM callback',
    );
  });

  it("a delivery we cannot store is answered 5xx, and VCC's retry stores it with nothing lost", async () => {
    const created = await createSession(paymentRequest(uniqueAgentId()));
    const guid = created.body.sessionGuid as string;
    await failStorage('UpdateItem', `VCCSESSION#${guid}`);
    try {
      await completeAtVcc(guid, 'approve');
      const [failing] = await waitFor(
        () => webhookDeliveries(guid),
        (d) => (d[0]?.attempts.length ?? 0) >= 1,
        'a refused delivery',
      );
      expect(failing?.attempts[0]?.httpStatus).toBe(500);
      expect((await storedSession(created.body.id)).state).toBe('pending');
    } finally {
      await restoreStorage();
    }
    const [delivered] = await waitFor(
      () => webhookDeliveries(guid),
      (d) => d[0]?.status === 'delivered',
      'the retried delivery',
    );
    expect(delivered?.attempts.at(-1)?.httpStatus).toBe(200);
    expect(await settledFor(created.body.id)).toMatchObject({ state: 'approved', outcome: { decision: 'ACCEPT', gatewayReference: expect.any(String) } });
    await waitFor(
      () => callbacksFor(created.body.id),
      (c) => c.received.length === 1,
      'the CRM callback',
    );
  });
});
