import { describe, expect, it } from 'vitest';
import {
  type CreatedDigitalSession,
  type CreatedSession,
  completeSession,
  createDigitalSession,
  createDigitalSessionResponse,
  createSession,
  digitalPaymentData,
  eventually,
  injectFault,
  newAgentId,
  openPage,
  openPaymentLink,
  pressPageButton,
  sessionRecord,
  sessionStatus,
  setWebhookBehaviour,
  simulatorStats,
  startSimulator,
} from './support/simulator-calls.ts';
import { simulatorWithReceiver } from './support/webhook-fixture.ts';

/** `POST /v1/digitalsession`: a payment link, created like an agent assist session and just as strictly. */

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const LINK_LIFETIME_MS = 72 * 60 * 60 * 1000;

type ValidationBody = { message: string; errors: { path: string; message: string }[] };

describe('POST /v1/digitalsession', () => {
  it('answers sessionGuid, providerSessionGuid and a digitalUrl on /pay/{providerSessionGuid}, without expiresOn by default', async () => {
    const { sim } = await simulatorWithReceiver();

    const response = await createDigitalSessionResponse(sim);

    expect(response.status).toBe(200);
    const session = (await response.json()) as CreatedDigitalSession;
    expect(session).toEqual({
      sessionGuid: expect.stringMatching(UUID),
      providerSessionGuid: expect.stringMatching(UUID),
      digitalUrl: `${sim.url}/pay/${session.providerSessionGuid}`,
    });
    expect((await openPaymentLink(session)).status).toBe(200);
  });

  it('reports the link on GET /v1/session/{sessionGuid} as Created with a callGuid and the agent assist status fields', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim);

    const status = await sessionStatus(sim, session.sessionGuid);

    expect(status).toEqual({
      sessionGuid: session.sessionGuid,
      callGuid: expect.stringMatching(UUID),
      providerSessionGuid: session.providerSessionGuid,
      createdOn: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/),
      lastUpdatedOn: status.createdOn,
      sessionState: 'Created',
      paymentResultData: null,
    });
  });

  it('shows the kind, the link and its expiry 72 hours after creation in the simulator record', async () => {
    const { sim } = await simulatorWithReceiver();
    const body = { agentId: newAgentId(), accountConfigurationId: 1, paymentData: digitalPaymentData };
    const session = await createDigitalSession(sim, body);

    const record = await sessionRecord(sim, session.sessionGuid);

    expect(record).toMatchObject({
      kind: 'digital',
      digitalUrl: session.digitalUrl,
      agentId: body.agentId,
      accountConfigurationId: 1,
      skipCallTransfer: null,
      requestBody: body,
      pageOpenedOn: null,
      expiresOn: new Date(Date.parse(String(record.createdOn)) + LINK_LIFETIME_MS).toISOString(),
    });
  });

  it('records an agent assist session as kind agent-assist with no digitalUrl', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createSession(sim);

    expect(await sessionRecord(sim, session.sessionGuid)).toMatchObject({ kind: 'agent-assist', digitalUrl: null });
  });

  it('answers 401 without a bearer token the token endpoint issued', async () => {
    const { sim } = await simulatorWithReceiver();

    const response = await fetch(`${sim.url}/v1/digitalsession`, {
      method: 'POST',
      headers: { authorization: 'Bearer made-up', 'content-type': 'application/json' },
      body: JSON.stringify({ agentId: newAgentId(), paymentData: digitalPaymentData }),
    });

    expect(response.status).toBe(401);
  });

  it('counts links as digitalSessionsCreated and leaves sessionsCreated to agent assist', async () => {
    const { sim } = await simulatorWithReceiver();

    await createDigitalSession(sim);
    await createDigitalSession(sim);
    await createSession(sim);

    expect(await simulatorStats(sim)).toMatchObject({ sessionsCreated: 1, digitalSessionsCreated: 2 });
  });
});

describe('POST /v1/digitalsession request validation', () => {
  const { CustomerPhoneNumber: _phone, ...withoutPhone } = digitalPaymentData;
  const E164_MESSAGE = 'CustomerPhoneNumber must be in E.164 such as "+447700900123"';

  it.each([
    [
      'no CustomerPhoneNumber',
      { paymentData: withoutPhone },
      'paymentData.CustomerPhoneNumber',
      'CustomerPhoneNumber is required, in E.164 such as "+447700900123"',
    ],
    ['a national number', { paymentData: { ...digitalPaymentData, CustomerPhoneNumber: '07700900123' } }, 'paymentData.CustomerPhoneNumber', E164_MESSAGE],
    [
      'a number with spaces',
      { paymentData: { ...digitalPaymentData, CustomerPhoneNumber: '+44 7700 900123' } },
      'paymentData.CustomerPhoneNumber',
      E164_MESSAGE,
    ],
    [
      'a country code starting with 0',
      { paymentData: { ...digitalPaymentData, CustomerPhoneNumber: '+0447700900123' } },
      'paymentData.CustomerPhoneNumber',
      E164_MESSAGE,
    ],
    [
      'more than 15 digits',
      { paymentData: { ...digitalPaymentData, CustomerPhoneNumber: '+4477009001234567' } },
      'paymentData.CustomerPhoneNumber',
      E164_MESSAGE,
    ],
    ['skipCallTransfer, which is agent assist only', { skipCallTransfer: true }, '', 'Unrecognized key: "skipCallTransfer"'],
    ['an empty agentId', { agentId: ' ' }, 'agentId', 'agentId must not be empty'],
    [
      'an Amount that is not a decimal string',
      { paymentData: { ...digitalPaymentData, Amount: '12,40' } },
      'paymentData.Amount',
      'Amount must be a decimal string such as "12.40"',
    ],
    [
      'a non-string paymentData value',
      { paymentData: { ...digitalPaymentData, Postcode: 50348 } },
      'paymentData.Postcode',
      'Invalid input: expected string, received number',
    ],
  ])('refuses %s with 400 naming it', async (_case, body, path, message) => {
    const { sim } = await simulatorWithReceiver();

    const response = await createDigitalSessionResponse(sim, body);

    expect(response.status).toBe(400);
    expect((await response.json()) as ValidationBody).toEqual({ message: 'The request is invalid.', errors: [{ path, message }] });
  });

  it('refuses a request without agentId', async () => {
    const { sim } = await simulatorWithReceiver();

    const response = await createDigitalSessionResponse(sim, { agentId: undefined });

    expect(response.status).toBe(400);
    expect(((await response.json()) as ValidationBody).errors.map((error) => error.path)).toEqual(['agentId']);
  });

  it('accepts extra paymentData keys and echoes them in the result', async () => {
    const { sim } = await simulatorWithReceiver();
    const session = await createDigitalSession(sim, { paymentData: { ...digitalPaymentData, Email: 'john@example.com' } });

    const status = await completeSession(sim, session.sessionGuid, 'approve');

    expect(status.paymentResultData).toMatchObject({ Email: 'john@example.com', CustomerPhoneNumber: '+447700900123', Amount: '1240' });
  });

  it("answers an unprovisioned accountConfigurationId with VCC's exact error text", async () => {
    const sim = await startSimulator({ accountName: 'acme-sandbox' });
    try {
      const response = await createDigitalSessionResponse(sim, { accountConfigurationId: 7 });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ message: 'Account configuration does not exists for account: acme-sandbox, configuration Id: 7.' });
    } finally {
      await sim.stop();
    }
  });
});

describe('POST /v1/digitalsession faults and webhook behaviours', () => {
  it.each([
    ['invalid_client_key', 400, { message: "Provider's authorization endpoint returned error message 'invalid_client_key'" }],
    [
      'provider_invalid_client',
      400,
      {
        message:
          "Provider's authorization endpoint returned error message 'invalid_client'/'invalid_client' for account name: sandbox-account, configuration id: 1",
      },
    ],
    ['unknown_account_configuration', 400, { message: 'Account configuration does not exists for account: sandbox-account, configuration Id: 1.' }],
  ] as const)("fails under the %s fault with VCC's text, once", async (fault, status, body) => {
    const { sim } = await simulatorWithReceiver();
    const agentId = newAgentId();
    await injectFault(sim, agentId, fault);

    const failed = await createDigitalSessionResponse(sim, { agentId, accountConfigurationId: 1 });
    const next = await createDigitalSessionResponse(sim, { agentId, accountConfigurationId: 1 });

    expect(failed.status).toBe(status);
    expect(await failed.json()).toEqual(body);
    expect(next.status).toBe(200);
    expect(await simulatorStats(sim)).toMatchObject({ digitalSessionsCreated: 1 });
  });

  it('fails with a plain-text 500 under the server_error fault', async () => {
    const { sim } = await simulatorWithReceiver();
    const agentId = newAgentId();
    await injectFault(sim, agentId, 'server_error');

    const response = await createDigitalSessionResponse(sim, { agentId });

    expect(response.status).toBe(500);
    expect(await response.text()).toBe('Internal Server Error');
  });

  it('never answers under the timeout fault', async () => {
    const { sim } = await simulatorWithReceiver();
    const agentId = newAgentId();
    await injectFault(sim, agentId, 'timeout');

    await expect(createDigitalSessionResponse(sim, { agentId }, AbortSignal.timeout(300))).rejects.toThrow();
  });

  it('creates the link in the Error state under the session_error fault, sends its webhook, and the link is expired', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const agentId = newAgentId();
    await injectFault(sim, agentId, 'session_error');

    const session = await createDigitalSession(sim, { agentId });

    expect((await sessionStatus(sim, session.sessionGuid)).sessionState).toBe('Error');
    expect((await openPaymentLink(session)).status).toBe(410);
    await eventually(() => expect(receiver.webhooksFor(session.sessionGuid).map((webhook) => webhook.body.sessionState)).toEqual(['Error']));
  });

  it("before-create: the link's approved webhook is answered before the create call is", async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const agentId = newAgentId();
    await setWebhookBehaviour(sim, { agentId, behaviour: 'before-create' });
    receiver.answerNext({ status: 200, afterMs: 300 });

    const started = performance.now();
    const session = await createDigitalSession(sim, { agentId });

    expect(performance.now() - started).toBeGreaterThanOrEqual(300);
    expect(receiver.webhooksFor(session.sessionGuid)[0]?.body).toMatchObject({ sessionState: 'Finished', paymentResultData: { decision: 'ACCEPT' } });
  });

  it("duplicate: the link's webhook arrives `copies` times", async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    const agentId = newAgentId();
    await setWebhookBehaviour(sim, { agentId, behaviour: 'duplicate', copies: 2 });
    const session = await createDigitalSession(sim, { agentId });

    await completeSession(sim, session.sessionGuid, 'decline');

    await eventually(() => expect(receiver.webhooksFor(session.sessionGuid)).toHaveLength(2));
  });
});

describe("the agent's page and a payment link", () => {
  it("refuses a digital session's id with 404 on the agent's page and decision, leaving the link untouched", async () => {
    const { sim } = await simulatorWithReceiver();
    const link = await createDigitalSession(sim);
    const asAgentSession: CreatedSession = {
      sessionGuid: link.sessionGuid,
      providerSessionGuid: link.providerSessionGuid,
      iframeUrl: `${sim.url}/view/${link.providerSessionGuid}/framed`,
      agentAccessToken: '',
      agentRefreshToken: '',
    };

    const page = await openPage(asAgentSession);
    const decision = await pressPageButton(sim, asAgentSession, 'approve');

    expect(page.status).toBe(404);
    expect(decision.status).toBe(404);
    expect((await sessionStatus(sim, link.sessionGuid)).sessionState).toBe('Created');
  });
});
