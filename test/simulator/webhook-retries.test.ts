import { describe, expect, it } from 'vitest';
import { completeSession, createSession, deliveriesOf, eventually, pause, pressPageButton } from './support/simulator-calls.ts';
import { FAST_RETRIES_MS, simulatorWithReceiver } from './support/webhook-fixture.ts';
import { startWebhookReceiver } from './support/webhook-receiver.ts';

/** Only HTTP 200 counts; everything else is retried on the (compressed) schedule, then given up. */

const httpStatuses = (attempts: { httpStatus?: number }[] | undefined): (number | undefined)[] => (attempts ?? []).map((attempt) => attempt.httpStatus);

describe('VCC simulator webhook retries', () => {
  it('retries a failing receiver until it answers 200, logging every attempt', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    receiver.answerNext(500, 503);
    const session = await createSession(sim);

    await completeSession(sim, session.sessionGuid, 'approve');

    await eventually(async () => expect((await deliveriesOf(sim, session.sessionGuid))[0]?.status).toBe('delivered'));
    const [delivery] = await deliveriesOf(sim, session.sessionGuid);
    expect(httpStatuses(delivery?.attempts)).toEqual([500, 503, 200]);
    const bodies = receiver.webhooksFor(session.sessionGuid).map((webhook) => webhook.body);
    expect(bodies).toHaveLength(3);
    expect(new Set(bodies.map((body) => JSON.stringify(body))).size).toBe(1);
  });

  it('counts only 200 as delivered: a 204 is retried', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    receiver.answerNext(204);
    const session = await createSession(sim);

    await completeSession(sim, session.sessionGuid, 'approve');

    await eventually(async () => expect((await deliveriesOf(sim, session.sessionGuid))[0]?.status).toBe('delivered'));
    expect(httpStatuses((await deliveriesOf(sim, session.sessionGuid))[0]?.attempts)).toEqual([204, 200]);
  });

  it('gives up after the last retry of the schedule and sends nothing more', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    receiver.answerNext(...Array<number>(FAST_RETRIES_MS.length + 2).fill(500));
    const session = await createSession(sim);

    await completeSession(sim, session.sessionGuid, 'approve');

    await eventually(async () => expect((await deliveriesOf(sim, session.sessionGuid))[0]?.status).toBe('gave-up'));
    await pause(150);
    const [delivery] = await deliveriesOf(sim, session.sessionGuid);
    expect(httpStatuses(delivery?.attempts)).toEqual([500, 500, 500, 500]);
    expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(FAST_RETRIES_MS.length + 1);
  });

  it('drops its cached token when the receiver answers 401, and retries with a new one', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const first = await createSession(sim);
    await completeSession(sim, first.sessionGuid, 'approve');
    await eventually(() => expect(receiver.webhooksFor(first.sessionGuid)).toHaveLength(1));
    receiver.forgetTokens();
    const second = await createSession(sim);

    await completeSession(sim, second.sessionGuid, 'approve');

    await eventually(async () => expect((await deliveriesOf(sim, second.sessionGuid))[0]?.status).toBe('delivered'));
    expect(httpStatuses((await deliveriesOf(sim, second.sessionGuid))[0]?.attempts)).toEqual([401, 200]);
    expect(receiver.webhooksFor(second.sessionGuid).map((webhook) => webhook.authorization)).toEqual(['Bearer token-1', 'Bearer token-2']);
    expect(receiver.tokenRequests).toHaveLength(2);
  });

  it('counts no answer within webhookTimeoutMs as a failed attempt and retries', async () => {
    const { sim, receiver } = await simulatorWithReceiver({ webhookTimeoutMs: 200 });
    receiver.answerNext('hang');
    const session = await createSession(sim);

    await completeSession(sim, session.sessionGuid, 'approve');

    await eventually(async () => expect((await deliveriesOf(sim, session.sessionGuid))[0]?.status).toBe('delivered'));
    const attempts = (await deliveriesOf(sim, session.sessionGuid))[0]?.attempts;
    expect(attempts?.[0]).toEqual({ at: expect.any(String), error: 'no answer within 200 ms' });
    expect(attempts?.[1]?.httpStatus).toBe(200);
  });

  it('records an unreachable receiver as an error and retries it', async () => {
    const gone = await startWebhookReceiver();
    await gone.stop();
    const { sim, receiver } = await simulatorWithReceiver();
    sim.configureWebhook({ ...receiver.target, url: gone.target.url });
    const session = await createSession(sim);

    await completeSession(sim, session.sessionGuid, 'approve');

    await eventually(async () => expect((await deliveriesOf(sim, session.sessionGuid))[0]?.status).toBe('gave-up'));
    const attempts = (await deliveriesOf(sim, session.sessionGuid))[0]?.attempts ?? [];
    expect(attempts).toHaveLength(FAST_RETRIES_MS.length + 1);
    expect(attempts[0]?.error).toMatch(/ECONNREFUSED/);
  });

  it('records a failing token endpoint as an error and retries with a new token request', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    receiver.failTokenRequests(1);
    const session = await createSession(sim);

    await completeSession(sim, session.sessionGuid, 'approve');

    await eventually(async () => expect((await deliveriesOf(sim, session.sessionGuid))[0]?.status).toBe('delivered'));
    const attempts = (await deliveriesOf(sim, session.sessionGuid))[0]?.attempts;
    expect(attempts?.[0]?.error).toMatch(/^no token: token endpoint answered 500/);
    expect(attempts?.[1]?.httpStatus).toBe(200);
    expect(receiver.tokenRequests).toHaveLength(2);
  });

  it('never makes the exchange that ended the session wait for its webhook', async () => {
    const { sim, receiver } = await simulatorWithReceiver({ webhookTimeoutMs: 2000 });
    receiver.answerNext('hang', 'hang');
    const viaControl = await createSession(sim);
    const viaPage = await createSession(sim);

    const started = performance.now();
    await completeSession(sim, viaControl.sessionGuid, 'approve');
    const page = await pressPageButton(sim, viaPage, 'approve');
    const elapsed = performance.now() - started;

    expect(page.status).toBe(200);
    expect(elapsed).toBeLessThan(1000);
    await eventually(() => expect(receiver.received).toHaveLength(2));
  });

  it('lists deliveries in send order, for every session when no sessionGuid is given', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const first = await createSession(sim);
    const second = await createSession(sim);

    await completeSession(sim, second.sessionGuid, 'decline');
    await completeSession(sim, first.sessionGuid, 'approve');

    await eventually(() => expect(receiver.received).toHaveLength(2));
    expect((await deliveriesOf(sim)).map((delivery) => delivery.sessionGuid)).toEqual([second.sessionGuid, first.sessionGuid]);
    expect((await deliveriesOf(sim, first.sessionGuid)).map((delivery) => delivery.sessionGuid)).toEqual([first.sessionGuid]);
  });
});
