import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { completeSession, completeSessionResponse, createSession, openPage, pressPageButton, sessionStatus } from './support/simulator-calls.ts';
import { simulatorWithReceiver } from './support/webhook-fixture.ts';

/** Ending a session without the agent's page (control API), and the page's Abandon button. */

describe('POST /_simulator/sessions/{sessionGuid}/complete', () => {
  it('approves a session without the page and answers its new status', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createSession(sim);

    const status = await completeSession(sim, session.sessionGuid, 'approve');

    expect(status).toEqual(await sessionStatus(sim, session.sessionGuid));
    expect(status).toMatchObject({ sessionState: 'Finished', paymentResultData: { decision: 'ACCEPT', Amount: '1240' } });
  });

  it('answers 409 for a session that has already ended, keeping its first outcome', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createSession(sim);
    await completeSession(sim, session.sessionGuid, 'decline');

    const response = await completeSessionResponse(sim, session.sessionGuid, 'approve');

    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({ message: 'The session has already ended (Finished).' });
    expect((await sessionStatus(sim, session.sessionGuid)).paymentResultData?.decision).toBe('REJECT');
  });

  it('answers 404 for an unknown session', async () => {
    const { sim } = await simulatorWithReceiver();

    expect((await completeSessionResponse(sim, randomUUID(), 'approve')).status).toBe(404);
  });

  it('answers 400 naming the allowed outcomes for any other outcome', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createSession(sim);

    const response = await completeSessionResponse(sim, session.sessionGuid, 'refund');

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      message: 'The request is invalid.',
      errors: [{ path: 'outcome', message: 'outcome must be one of approve, decline, abandon' }],
    });
  });
});

describe('payment page Abandon button', () => {
  it('offers Abandon, which ends the session with no result; the page then refuses to be framed', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createSession(sim);
    const page = await (await openPage(session)).text();

    const pressed = await pressPageButton(sim, session, 'abandon');

    expect(page).toContain('>Abandon<');
    expect(pressed.status).toBe(200);
    expect(await sessionStatus(sim, session.sessionGuid)).toMatchObject({ sessionState: 'ExpiredOnProviderSide', paymentResultData: null });
    const reopened = await openPage(session);
    expect(reopened.status).toBe(403);
    expect(reopened.headers.get('x-frame-options')).toBe('DENY');
  });
});
