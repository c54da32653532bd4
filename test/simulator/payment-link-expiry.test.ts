import { describe, expect, it, onTestFinished, vi } from 'vitest';
import {
  advanceLinkClock,
  advanceLinkClockResponse,
  createDigitalSession,
  createDigitalSessionResponse,
  createSession,
  deliveriesOf,
  eventually,
  openPaymentLink,
  pause,
  payByLink,
  sessionRecord,
  sessionStatus,
} from './support/simulator-calls.ts';
import { simulatorWithReceiver } from './support/webhook-fixture.ts';

/**
 * A payment link lives for 72 hours on the link clock, which `/_simulator/link-clock` moves
 * forward without touching agent assist sessions, tokens or webhook retries.
 */

const LINK_LIFETIME_SECONDS = 72 * 60 * 60;
const plus = (iso: string, seconds: number): string => new Date(Date.parse(iso) + seconds * 1000).toISOString();

describe('POST /_simulator/link-clock', () => {
  it('ends an open link past its lifetime in ExpiredOnProviderSide at once, last updated at its expiry, and sends its webhook', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim);
    await openPaymentLink(session);
    const { createdOn } = await sessionStatus(sim, session.sessionGuid);

    const advanced = await advanceLinkClock(sim, LINK_LIFETIME_SECONDS);

    expect(advanced).toEqual({ offsetSeconds: LINK_LIFETIME_SECONDS });
    // The delivery log does not look sessions up: the expiry happened in the advance itself.
    expect(await deliveriesOf(sim, session.sessionGuid)).toEqual([expect.objectContaining({ sessionState: 'ExpiredOnProviderSide' })]);
    await eventually(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1));
    expect(receiver.webhooksFor(session.sessionGuid)[0]?.body).toEqual({
      sessionGuid: session.sessionGuid,
      callGuid: expect.any(String),
      providerSessionGuid: session.providerSessionGuid,
      createdOn,
      lastUpdatedOn: plus(createdOn, LINK_LIFETIME_SECONDS),
      sessionState: 'ExpiredOnProviderSide',
      paymentResultData: null,
    });
  });

  it('keeps a link open until its whole lifetime has passed', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim);

    await advanceLinkClock(sim, LINK_LIFETIME_SECONDS - 1);

    expect((await openPaymentLink(session)).status).toBe(200);
    expect((await sessionStatus(sim, session.sessionGuid)).sessionState).toBe('InProgress');
  });

  it('gives a link created after the clock moved a fresh lifetime, on the link clock', async () => {
    const { sim } = await simulatorWithReceiver();
    await advanceLinkClock(sim, 100 * 60 * 60);

    const session = await createDigitalSession(sim);
    const status = await sessionStatus(sim, session.sessionGuid);

    expect(status.sessionState).toBe('Created');
    expect(Date.parse(status.createdOn) - Date.now()).toBeGreaterThan(99 * 60 * 60 * 1000);
    expect((await sessionRecord(sim, session.sessionGuid)).expiresOn).toBe(plus(status.createdOn, LINK_LIFETIME_SECONDS));
    expect((await openPaymentLink(session)).status).toBe(200);
    await advanceLinkClock(sim, LINK_LIFETIME_SECONDS);
    expect((await sessionStatus(sim, session.sessionGuid)).sessionState).toBe('ExpiredOnProviderSide');
  });

  it('leaves agent assist sessions on the plain clock', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createSession(sim);

    await advanceLinkClock(sim, 60 * 60);

    const status = await sessionStatus(sim, session.sessionGuid);
    expect(status.sessionState).toBe('Created');
    expect(Math.abs(Date.parse(status.createdOn) - Date.now())).toBeLessThan(60_000);
  });

  it("purges a paid link's result 15 minutes after payment on the link clock, and never expires it", async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim);
    await payByLink(session, 'approve');

    await advanceLinkClock(sim, 15 * 60);

    expect(await sessionStatus(sim, session.sessionGuid)).toMatchObject({ sessionState: 'Finished', paymentResultData: null });
    await advanceLinkClock(sim, LINK_LIFETIME_SECONDS);
    await eventually(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1));
    await pause(100);
    expect(receiver.webhooksFor(session.sessionGuid).map((webhook) => webhook.body.sessionState)).toEqual(['Finished']);
    expect((await sessionStatus(sim, session.sessionGuid)).sessionState).toBe('Finished');
  });

  it('adds every advance to the offset', async () => {
    const { sim } = await simulatorWithReceiver();

    await advanceLinkClock(sim, 10);

    expect(await advanceLinkClock(sim, 5.5)).toEqual({ offsetSeconds: 15.5 });
  });

  it.each([
    [{ advanceSeconds: 0 }, 'advanceSeconds', 'advanceSeconds must be positive'],
    [{ advanceSeconds: -60 }, 'advanceSeconds', 'advanceSeconds must be positive'],
    [{ advanceSeconds: '60' }, 'advanceSeconds', 'advanceSeconds must be a number of seconds'],
    [{}, 'advanceSeconds', 'advanceSeconds must be a number of seconds'],
    [{ advanceSeconds: 1e12 }, 'advanceSeconds', 'advanceSeconds must be at most 315360000 (10 years)'],
    [{ advanceSeconds: 60, days: 1 }, '', 'Unrecognized key: "days"'],
  ])('refuses %j with 400 naming the problem, and does not move the clock', async (body, path, message) => {
    const { sim } = await simulatorWithReceiver();

    const response = await advanceLinkClockResponse(sim, body);

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'The request is invalid.', errors: [{ path, message }] });
    expect(await advanceLinkClock(sim, 1)).toEqual({ offsetSeconds: 1 });
  });
});

describe('payment link timers', () => {
  it('expires a short-lived link on its own, sending ExpiredOnProviderSide with nobody polling', async () => {
    const { sim, receiver } = await simulatorWithReceiver({ linkLifetimeSeconds: 1 });

    const session = await createDigitalSession(sim);

    await vi.waitFor(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1), { timeout: 3000 });
    const body = receiver.webhooksFor(session.sessionGuid)[0]?.body;
    expect(body).toMatchObject({ sessionState: 'ExpiredOnProviderSide', paymentResultData: null });
    expect(Date.parse(body?.lastUpdatedOn ?? '') - Date.parse(body?.createdOn ?? '')).toBe(1000);
  });

  it('re-times an open link after an advance, so what is left of its lifetime runs out on its own', async () => {
    const { sim, receiver } = await simulatorWithReceiver({ linkLifetimeSeconds: 3600 });
    const session = await createDigitalSession(sim);

    await advanceLinkClock(sim, 3599.7);

    expect((await sessionStatus(sim, session.sessionGuid)).sessionState).toBe('Created');
    await vi.waitFor(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1), { timeout: 2000 });
    expect(receiver.webhooksFor(session.sessionGuid)[0]?.body.sessionState).toBe('ExpiredOnProviderSide');
  });

  it("keeps a link whose lifetime is beyond setTimeout's ceiling open, without a TimeoutOverflowWarning", async () => {
    const warnings: string[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning.name);
    process.on('warning', onWarning);
    onTestFinished(() => void process.off('warning', onWarning));
    const { sim } = await simulatorWithReceiver({ linkLifetimeSeconds: 30 * 24 * 60 * 60 });

    const session = await createDigitalSession(sim);
    await pause(100);

    expect(warnings).not.toContain('TimeoutOverflowWarning');
    expect((await sessionStatus(sim, session.sessionGuid)).sessionState).toBe('Created');
  });

  it('stop() cancels link timers: no expiry webhook goes out after it', async () => {
    const { sim, receiver } = await simulatorWithReceiver({ linkLifetimeSeconds: 0.5 });
    await createDigitalSession(sim);

    await sim.stop();
    await pause(800);

    expect(receiver.received).toEqual([]);
  });
});

describe('reportLinkExpiry', () => {
  it('adds expiresOn, a full lifetime after creation on the link clock, to the create answer', async () => {
    const { sim } = await simulatorWithReceiver({ reportLinkExpiry: true, linkLifetimeSeconds: 600 });
    await advanceLinkClock(sim, 3600);

    const response = await createDigitalSessionResponse(sim);
    const session = (await response.json()) as Record<string, unknown>;
    const { createdOn } = await sessionStatus(sim, String(session.sessionGuid));

    expect(Object.keys(session).sort()).toEqual(['digitalUrl', 'expiresOn', 'providerSessionGuid', 'sessionGuid']);
    expect(session.expiresOn).toBe(plus(createdOn, 600));
  });
});
