import { describe, expect, it, vi } from 'vitest';
import {
  type CreatedSession,
  clearWebhookBehaviour,
  completeSession,
  createSession,
  createSessionResponse,
  deliveriesOf,
  eventually,
  newAgentId,
  pause,
  sessionStatus,
  setWebhookBehaviour,
  setWebhookBehaviourResponse,
} from './support/simulator-calls.ts';
import { simulatorWithReceiver } from './support/webhook-fixture.ts';

/** The ways real webhooks arrive that a receiver must survive, set per agentId. */

describe('VCC simulator webhook behaviours', () => {
  it('duplicate: posts each webhook `copies` times, every copy its own delivery', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const agentId = newAgentId();
    await setWebhookBehaviour(sim, { agentId, behaviour: 'duplicate', copies: 4 });
    const session = await createSession(sim, agentId);

    await completeSession(sim, session.sessionGuid, 'approve');

    await eventually(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(4));
    const bodies = new Set(receiver.webhooksFor(session.sessionGuid).map((webhook) => JSON.stringify(webhook.body)));
    expect(bodies.size).toBe(1);
    await eventually(async () => expect((await deliveriesOf(sim, session.sessionGuid)).map((d) => d.status)).toEqual(Array(4).fill('delivered')));
    expect(receiver.tokenRequests).toHaveLength(1);
  });

  it('duplicate: sends 3 copies by default and retries each copy on its own', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const agentId = newAgentId();
    await setWebhookBehaviour(sim, { agentId, behaviour: 'duplicate' });
    receiver.answerNext(500);
    const session = await createSession(sim, agentId);

    await completeSession(sim, session.sessionGuid, 'approve');

    await eventually(async () => expect((await deliveriesOf(sim, session.sessionGuid)).map((d) => d.status)).toEqual(Array(3).fill('delivered')));
    const attemptCounts = (await deliveriesOf(sim, session.sessionGuid)).map((delivery) => delivery.attempts.length);
    expect(attemptCounts.sort()).toEqual([1, 1, 2]);
    expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(4);
  });

  it('drop: never sends the webhook, logs it as dropped, and the status stays available by polling', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const agentId = newAgentId();
    await setWebhookBehaviour(sim, { agentId, behaviour: 'drop' });
    const dropped = await createSession(sim, agentId);
    const control = await createSession(sim);

    await completeSession(sim, dropped.sessionGuid, 'approve');
    await completeSession(sim, control.sessionGuid, 'approve');

    await eventually(() => expect(receiver.webhooksFor(control.sessionGuid)).toHaveLength(1));
    await pause(100);
    expect(receiver.webhooksFor(dropped.sessionGuid)).toEqual([]);
    expect(await deliveriesOf(sim, dropped.sessionGuid)).toEqual([expect.objectContaining({ sessionState: 'Finished', status: 'dropped', attempts: [] })]);
    expect(await sessionStatus(sim, dropped.sessionGuid)).toMatchObject({ sessionState: 'Finished', paymentResultData: { decision: 'ACCEPT' } });
  });

  it('delay: holds the webhook for delayMs, logged as delayed meanwhile', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const agentId = newAgentId();
    await setWebhookBehaviour(sim, { agentId, behaviour: 'delay', delayMs: 400 });
    const session = await createSession(sim, agentId);

    const completedAt = Date.now();
    await completeSession(sim, session.sessionGuid, 'approve');

    expect((await deliveriesOf(sim, session.sessionGuid))[0]?.status).toBe('delayed');
    await pause(150);
    expect(receiver.webhooksFor(session.sessionGuid)).toEqual([]);
    await vi.waitFor(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1), { timeout: 3000 });
    expect((receiver.webhooksFor(session.sessionGuid)[0]?.at ?? 0) - completedAt).toBeGreaterThanOrEqual(400);
    await eventually(async () => expect((await deliveriesOf(sim, session.sessionGuid))[0]?.status).toBe('delivered'));
  });

  it('reorder: once the terminal webhook is delivered, sends an older InProgress status without result', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const agentId = newAgentId();
    await setWebhookBehaviour(sim, { agentId, behaviour: 'reorder' });
    receiver.answerNext(500);
    const session = await createSession(sim, agentId);

    await completeSession(sim, session.sessionGuid, 'approve');

    await eventually(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(3));
    const [failed, terminal, stale] = receiver.webhooksFor(session.sessionGuid).map((webhook) => webhook.body);
    expect([failed?.sessionState, terminal?.sessionState, stale?.sessionState]).toEqual(['Finished', 'Finished', 'InProgress']);
    expect(stale?.paymentResultData).toBeNull();
    expect(Date.parse(stale?.lastUpdatedOn ?? '')).toBeLessThan(Date.parse(terminal?.lastUpdatedOn ?? ''));
    expect(stale?.sessionGuid).toBe(session.sessionGuid);
    await eventually(async () =>
      expect((await deliveriesOf(sim, session.sessionGuid)).map((d) => [d.sessionState, d.status])).toEqual([
        ['Finished', 'delivered'],
        ['InProgress', 'delivered'],
      ]),
    );
  });

  it('before-create: completes the session as approved and has the webhook answered before POST /v1/session answers', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const agentId = newAgentId();
    await setWebhookBehaviour(sim, { agentId, behaviour: 'before-create' });
    receiver.answerNext({ status: 200, afterMs: 300 });

    const started = performance.now();
    const response = await createSessionResponse(sim, agentId);
    const elapsed = performance.now() - started;

    expect(response.status).toBe(200);
    const session = (await response.json()) as CreatedSession;
    expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1);
    expect(receiver.webhooksFor(session.sessionGuid)[0]?.body).toMatchObject({ sessionState: 'Finished', paymentResultData: { decision: 'ACCEPT' } });
    expect(elapsed).toBeGreaterThanOrEqual(300);
    expect((await deliveriesOf(sim, session.sessionGuid))[0]?.status).toBe('delivered');
  });

  it('applies a behaviour only to its own agent, and DELETE ends it', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const agentId = newAgentId();
    await setWebhookBehaviour(sim, { agentId, behaviour: 'drop' });
    const otherAgents = await createSession(sim);
    await completeSession(sim, otherAgents.sessionGuid, 'approve');
    await eventually(() => expect(receiver.webhooksFor(otherAgents.sessionGuid)).toHaveLength(1));

    await clearWebhookBehaviour(sim, agentId);
    const afterClear = await createSession(sim, agentId);
    await completeSession(sim, afterClear.sessionGuid, 'approve');

    await eventually(() => expect(receiver.webhooksFor(afterClear.sessionGuid)).toHaveLength(1));
  });

  it.each([
    [{ behaviour: 'meteor' }, 'behaviour', 'behaviour must be one of duplicate, drop, delay, reorder, before-create'],
    [{ behaviour: 'delay' }, 'delayMs', 'the delay behaviour needs delayMs, a whole number of milliseconds'],
    [{ behaviour: 'delay', delayMs: -5 }, 'delayMs', 'delayMs must be positive'],
    [{ behaviour: 'duplicate', copies: 1 }, 'copies', 'copies must be at least 2'],
    [{ behaviour: 'drop', copies: 2 }, '', 'Unrecognized key: "copies"'],
    [{ behaviour: 'drop', agentId: ' ' }, 'agentId', 'agentId must not be empty'],
  ])('refuses %j with 400 naming the problem', async (body, path, message) => {
    const { sim } = await simulatorWithReceiver();

    const response = await setWebhookBehaviourResponse(sim, { agentId: newAgentId(), ...body });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'The request is invalid.', errors: [{ path, message }] });
  });
});
