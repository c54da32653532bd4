import { describe, expect, it } from 'vitest';
import {
  completeSession,
  createSession,
  deliveriesOf,
  eventually,
  newAgentId,
  openPage,
  pause,
  pressPageButton,
  sessionStatus,
} from './support/simulator-calls.ts';
import { simulatorWithReceiver } from './support/webhook-fixture.ts';
import { basic, RECEIVER_CLIENT } from './support/webhook-receiver.ts';

/** What VCC posts, when, and how it authenticates: one terminal webhook per session. */

const ISO_UTC = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

describe('VCC simulator webhooks: authentication', () => {
  it('gets a token with the client credentials grant (HTTP Basic, form body, scope) and posts the webhook with it as bearer', async () => {
    const { sim, receiver } = await simulatorWithReceiver({}, { scope: 'payment-connector/webhooks.write' });
    const session = await createSession(sim);

    await completeSession(sim, session.sessionGuid, 'approve');

    await eventually(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1));
    expect(receiver.tokenRequests).toEqual([
      {
        authorization: basic(RECEIVER_CLIENT.clientId, RECEIVER_CLIENT.clientSecret),
        contentType: 'application/x-www-form-urlencoded',
        form: { grant_type: 'client_credentials', scope: 'payment-connector/webhooks.write' },
      },
    ]);
    expect(receiver.received[0]).toMatchObject({ authorization: 'Bearer token-1', contentType: 'application/json' });
  });

  it('sends no scope when the target has none', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const session = await createSession(sim);

    await completeSession(sim, session.sessionGuid, 'decline');

    await eventually(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1));
    expect(receiver.tokenRequests.map((request) => request.form)).toEqual([{ grant_type: 'client_credentials' }]);
  });

  it('reuses one token for every webhook until shortly before expires_in, then fetches a new one', async () => {
    let now = Date.parse('2025-01-01T12:00:00.000Z');
    const { sim, receiver } = await simulatorWithReceiver({ now: () => now }, { expiresInSeconds: 60 });
    const deliverOne = async (): Promise<string | undefined> => {
      const session = await createSession(sim);
      await completeSession(sim, session.sessionGuid, 'approve');
      await eventually(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1));
      return receiver.webhooksFor(session.sessionGuid)[0]?.authorization;
    };

    const first = await deliverOne();
    now += 50_000;
    const second = await deliverOne();
    now += 5_000;
    const third = await deliverOne();

    expect([first, second, third]).toEqual(['Bearer token-1', 'Bearer token-1', 'Bearer token-2']);
    expect(receiver.tokenRequests).toHaveLength(2);
  });
});

describe('VCC simulator webhooks: when they are sent', () => {
  it('sends exactly one webhook, Finished with the ACCEPT result, when the tester approves on the page', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const session = await createSession(sim);
    await openPage(session);

    await pressPageButton(sim, session, 'approve');

    await eventually(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1));
    await pause(100);
    const webhooks = receiver.webhooksFor(session.sessionGuid);
    expect(webhooks).toHaveLength(1);
    expect(webhooks[0]?.body).toEqual(await sessionStatus(sim, session.sessionGuid));
    expect(webhooks[0]?.body).toMatchObject({
      sessionGuid: session.sessionGuid,
      providerSessionGuid: session.providerSessionGuid,
      sessionState: 'Finished',
      lastUpdatedOn: expect.stringMatching(ISO_UTC),
      paymentResultData: { decision: 'ACCEPT', reasonCode: '100', Amount: '1240', Currency: 'GBP', MerchantReferenceCode: 'REF-1' },
    });
    expect(await deliveriesOf(sim, session.sessionGuid)).toEqual([
      {
        sessionGuid: session.sessionGuid,
        sessionState: 'Finished',
        lastUpdatedOn: webhooks[0]?.body.lastUpdatedOn,
        status: 'delivered',
        attempts: [{ at: expect.stringMatching(ISO_UTC), httpStatus: 200 }],
      },
    ]);
  });

  it('sends Finished with the REJECT result and reason code 203 when the tester declines', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const session = await createSession(sim);

    await pressPageButton(sim, session, 'decline');

    await eventually(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1));
    expect(receiver.webhooksFor(session.sessionGuid)[0]?.body).toMatchObject({
      sessionState: 'Finished',
      paymentResultData: { decision: 'REJECT', reasonCode: '203' },
    });
  });

  it('reports a session abandoned on the page as ExpiredOnProviderSide with no result', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const session = await createSession(sim);
    await openPage(session);

    const page = await pressPageButton(sim, session, 'abandon');

    expect(await page.text()).toContain('Payment abandoned');
    await eventually(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1));
    expect(receiver.webhooksFor(session.sessionGuid)[0]?.body).toMatchObject({ sessionState: 'ExpiredOnProviderSide', paymentResultData: null });
  });

  it('reports an abandoned session as Finished with no result under abandonedSessionState Finished', async () => {
    const { sim, receiver } = await simulatorWithReceiver({ abandonedSessionState: 'Finished' });
    const session = await createSession(sim);

    await completeSession(sim, session.sessionGuid, 'abandon');

    await eventually(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1));
    expect(receiver.webhooksFor(session.sessionGuid)[0]?.body).toMatchObject({ sessionState: 'Finished', paymentResultData: null });
  });

  it('sends the Error webhook of a session that fails under the session_error fault', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const agentId = newAgentId();
    await fetch(`${sim.url}/_simulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agentId, fault: 'session_error' }),
    });

    const session = await createSession(sim, agentId);

    await eventually(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1));
    expect(receiver.webhooksFor(session.sessionGuid)[0]?.body).toMatchObject({ sessionState: 'Error', paymentResultData: null });
  });
});
