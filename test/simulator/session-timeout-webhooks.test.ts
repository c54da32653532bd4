import { describe, expect, it, vi } from 'vitest';
import { completeSession, createSession, eventually, newAgentId, pause, setWebhookBehaviour } from './support/simulator-calls.ts';
import { simulatorWithReceiver } from './support/webhook-fixture.ts';

/** Time-driven work runs on real timers, so nobody has to poll; stop() ends all of it. */

describe('VCC simulator session timeout and stop', () => {
  it('times a session out on its own after sessionTimeoutSeconds and sends TimeOut without anyone polling', async () => {
    const { sim, receiver } = await simulatorWithReceiver({ sessionTimeoutSeconds: 1 });

    const session = await createSession(sim);

    await vi.waitFor(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1), { timeout: 3000 });
    const body = receiver.webhooksFor(session.sessionGuid)[0]?.body;
    expect(body).toMatchObject({ sessionState: 'TimeOut', paymentResultData: null });
    expect(Date.parse(body?.lastUpdatedOn ?? '') - Date.parse(body?.createdOn ?? '')).toBe(1000);
  });

  it('sends no TimeOut for a session that finished before its timeout', async () => {
    const { sim, receiver } = await simulatorWithReceiver({ sessionTimeoutSeconds: 1 });
    const session = await createSession(sim);

    await completeSession(sim, session.sessionGuid, 'approve');
    await pause(1300);

    expect(receiver.webhooksFor(session.sessionGuid).map((webhook) => webhook.body.sessionState)).toEqual(['Finished']);
  });

  it('stop() cancels session timeouts: no TimeOut webhook goes out after it', async () => {
    const { sim, receiver } = await simulatorWithReceiver({ sessionTimeoutSeconds: 0.5 });
    await createSession(sim);

    await sim.stop();
    await pause(800);

    expect(receiver.received).toEqual([]);
  });

  it('stop() cancels pending retries and delayed webhooks', async () => {
    const { sim, receiver } = await simulatorWithReceiver({ webhookRetryDelaysMs: [300] });
    receiver.answerNext(500);
    const retried = await createSession(sim);
    const delayedAgent = newAgentId();
    await setWebhookBehaviour(sim, { agentId: delayedAgent, behaviour: 'delay', delayMs: 300 });
    const delayed = await createSession(sim, delayedAgent);
    await completeSession(sim, retried.sessionGuid, 'approve');
    await completeSession(sim, delayed.sessionGuid, 'approve');
    await eventually(() => expect(receiver.webhooksFor(retried.sessionGuid)).toHaveLength(1));

    await sim.stop();
    await pause(500);

    expect(receiver.received.map((webhook) => webhook.body.sessionGuid)).toEqual([retried.sessionGuid]);
  });
});
