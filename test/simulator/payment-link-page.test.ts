import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  advanceLinkClock,
  type CreatedDigitalSession,
  completeSession,
  createDigitalSession,
  createSession,
  eventually,
  openPaymentLink,
  payByLink,
  sessionStatus,
} from './support/simulator-calls.ts';
import { simulatorWithReceiver } from './support/webhook-fixture.ts';

/** The customer's page behind a payment link: a plain GET from an SMS, no tokens. */

const LINK_LIFETIME_SECONDS = 72 * 60 * 60;

describe('GET /pay/{providerSessionGuid}', () => {
  it('shows amount, currency and merchant reference, the last 3 phone digits only, and a form with Pay and Decline', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim);

    const response = await openPaymentLink(session);
    const html = await response.text();

    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/html/);
    expect(html).toContain('12.40 GBP');
    expect(html).toContain('REF-1');
    expect(html).toContain('ending in 123');
    expect(html).not.toContain('7700900');
    expect(html).toMatch(new RegExp(`<form method="post" action="/pay/${session.providerSessionGuid}/decision" enctype="application/x-www-form-urlencoded">`));
    expect(html).toContain('<button type="submit" name="decision" value="approve">Pay</button>');
    expect(html).toContain('<button type="submit" name="decision" value="decline">Decline</button>');
    expect(html).not.toMatch(/<input/i);
  });

  it('moves the link from Created to InProgress', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim);

    await openPaymentLink(session);

    expect((await sessionStatus(sim, session.sessionGuid)).sessionState).toBe('InProgress');
  });

  it('escapes what the request sent', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim, {
      paymentData: { Amount: '1.00', Currency: 'GBP', CustomerPhoneNumber: '+447700900123', MerchantReferenceCode: '<script>alert(1)</script>' },
    });

    const html = await (await openPaymentLink(session)).text();

    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).not.toContain('<script>');
  });

  it('is listed on the index page with a link to open it as the customer', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim);

    const html = await (await fetch(`${sim.url}/`)).text();

    expect(html).toContain(session.sessionGuid);
    expect(html).toContain(`<a href="${session.digitalUrl}">`);
  });
});

describe('POST /pay/{providerSessionGuid}/decision', () => {
  it('Pay finishes the link with ACCEPT and sends the webhook with paymentResultData', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim);
    await openPaymentLink(session);

    const response = await payByLink(session, 'approve');

    expect(response.status).toBe(200);
    expect(await response.text()).toContain('Payment approved');
    await eventually(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1));
    const webhook = receiver.webhooksFor(session.sessionGuid)[0]?.body;
    expect(webhook).toEqual(await sessionStatus(sim, session.sessionGuid));
    expect(webhook).toMatchObject({ sessionState: 'Finished' });
    expect(webhook?.paymentResultData).toEqual({
      decision: 'ACCEPT',
      reasonCode: '100',
      transactionType: 'sale',
      requestID: expect.stringMatching(/^\d{22}$/),
      Amount: '1240',
      Currency: 'GBP',
      FirstName: 'John',
      Surname: 'Smith',
      MerchantReferenceCode: 'REF-1',
      CustomerPhoneNumber: '+447700900123',
    });
  });

  it('Decline finishes the link with REJECT and reason code 203', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim);

    const response = await payByLink(session, 'decline');

    expect(await response.text()).toContain('Payment declined');
    expect(await sessionStatus(sim, session.sessionGuid)).toMatchObject({
      sessionState: 'Finished',
      paymentResultData: { decision: 'REJECT', reasonCode: '203' },
    });
    await eventually(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(1));
  });

  it('completes a link through the control API too', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim);

    const status = await completeSession(sim, session.sessionGuid, 'approve');

    expect(status).toMatchObject({ sessionGuid: session.sessionGuid, sessionState: 'Finished', paymentResultData: { decision: 'ACCEPT' } });
  });
});

describe('payment link refusals', () => {
  const unknownLink = (url: string): CreatedDigitalSession => {
    const providerSessionGuid = randomUUID();
    return { sessionGuid: randomUUID(), providerSessionGuid, digitalUrl: `${url}/pay/${providerSessionGuid}` };
  };

  it('answers 404 pages for an unknown id', async () => {
    const { sim } = await simulatorWithReceiver();
    const link = unknownLink(sim.url);

    const page = await openPaymentLink(link);
    const decision = await payByLink(link, 'approve');

    expect([page.status, decision.status]).toEqual([404, 404]);
    expect(page.headers.get('content-type')).toMatch(/^text\/html/);
  });

  it("answers 404 for an agent assist session's providerSessionGuid, which is no payment link", async () => {
    const { sim } = await simulatorWithReceiver();
    const agentSession = await createSession(sim);
    const link = {
      sessionGuid: agentSession.sessionGuid,
      providerSessionGuid: agentSession.providerSessionGuid,
      digitalUrl: `${sim.url}/pay/${agentSession.providerSessionGuid}`,
    };

    const page = await openPaymentLink(link);
    const decision = await payByLink(link, 'approve');

    expect([page.status, decision.status]).toEqual([404, 404]);
    expect((await sessionStatus(sim, agentSession.sessionGuid)).sessionState).toBe('Created');
  });

  it('answers 409 "already finished" once the link was paid, keeping the first outcome', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim);
    await payByLink(session, 'approve');

    const page = await openPaymentLink(session);
    const decision = await payByLink(session, 'decline');

    expect([page.status, decision.status]).toEqual([409, 409]);
    expect(await page.text()).toContain('This payment has already finished');
    expect((await sessionStatus(sim, session.sessionGuid)).paymentResultData?.decision).toBe('ACCEPT');
  });

  it('answers 410 "expired" once the link outlived its lifetime, and takes no payment', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim);
    await advanceLinkClock(sim, LINK_LIFETIME_SECONDS);

    const page = await openPaymentLink(session);
    const decision = await payByLink(session, 'approve');

    expect([page.status, decision.status]).toEqual([410, 410]);
    expect(await page.text()).toContain('This payment link has expired');
    expect(await sessionStatus(sim, session.sessionGuid)).toMatchObject({ sessionState: 'ExpiredOnProviderSide', paymentResultData: null });
  });

  it('answers 415 to a decision not posted as a form', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim);

    const response = await fetch(`${session.digitalUrl}/decision`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ decision: 'approve' }),
    });

    expect(response.status).toBe(415);
    expect((await sessionStatus(sim, session.sessionGuid)).sessionState).toBe('Created');
  });

  it.each(['abandon', 'refund', ''])('answers 400 to decision=%j', async (decision) => {
    const { sim } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim);

    const response = await payByLink(session, decision);

    expect(response.status).toBe(400);
    expect(await response.text()).toContain('decision must be approve or decline');
    expect((await sessionStatus(sim, session.sessionGuid)).sessionState).toBe('Created');
  });

  it('answers 405 with Allow: POST to a GET on the decision', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim);

    const response = await fetch(`${session.digitalUrl}/decision`);

    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect((await sessionStatus(sim, session.sessionGuid)).sessionState).toBe('Created');
  });
});
