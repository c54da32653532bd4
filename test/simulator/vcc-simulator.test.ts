import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startVccSimulator, type VccSessionStatus, type VccSimulator } from '../../local/vcc-simulator/index.ts';

const CLIENT = { clientId: 'crm-connector', clientSecret: 'first-secret' };
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

const paymentData = {
  FirstName: 'John',
  Surname: 'Smith',
  Amount: '12.40',
  Currency: 'GBP',
  MerchantReferenceCode: '0123456789098760',
};

interface CreatedSession {
  sessionGuid: string;
  agentAccessToken: string;
  agentRefreshToken: string;
  iframeUrl: string;
  providerSessionGuid: string;
}

const newAgentId = (): string => `agent-${randomUUID()}`;

function requestToken(sim: VccSimulator, fields: Record<string, string>): Promise<Response> {
  return fetch(sim.tokenUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

const goodTokenRequest = (credentials = CLIENT): Record<string, string> => ({
  grant_type: 'client_credentials',
  client_id: credentials.clientId,
  client_secret: credentials.clientSecret,
  scope: 'globalpci',
});

async function accessToken(sim: VccSimulator, credentials = CLIENT): Promise<string> {
  const response = await requestToken(sim, goodTokenRequest(credentials));
  expect(response.status).toBe(200);
  return ((await response.json()) as { access_token: string }).access_token;
}

function postSession(sim: VccSimulator, token: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  return fetch(`${sim.url}/v1/session`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
    ...(signal ? { signal } : {}),
  });
}

async function createSession(sim: VccSimulator, token: string, body: Record<string, unknown> = {}): Promise<CreatedSession> {
  const response = await postSession(sim, token, { agentId: newAgentId(), paymentData, ...body });
  expect(response.status).toBe(200);
  return (await response.json()) as CreatedSession;
}

async function sessionStatus(sim: VccSimulator, token: string, sessionGuid: string): Promise<VccSessionStatus> {
  const response = await fetch(`${sim.url}/v1/session/${sessionGuid}`, { headers: { authorization: `Bearer ${token}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as VccSessionStatus;
}

function postForm(url: string, fields: Record<string, string>): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams(fields),
  });
}

const openPage = (session: CreatedSession): Promise<Response> =>
  postForm(session.iframeUrl, { 'X-BEARER-TOKEN': session.agentAccessToken, 'X-REFRESH-TOKEN': session.agentRefreshToken });

const decide = (sim: VccSimulator, session: CreatedSession, decision: string): Promise<Response> =>
  postForm(`${sim.url}/view/${session.providerSessionGuid}/decision`, { 'X-BEARER-TOKEN': session.agentAccessToken, decision });

async function injectFault(sim: VccSimulator, agentId: string, fault: string, times?: number): Promise<void> {
  const response = await fetch(`${sim.url}/_simulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agentId, fault, ...(times === undefined ? {} : { times }) }),
  });
  expect(response.status).toBe(204);
}

/** A clock the test moves by hand, for token expiry, session timeout and result purge. */
function manualClock(start = Date.parse('2025-01-01T12:00:00.000Z')) {
  let now = start;
  return { now: () => now, advanceSeconds: (seconds: number) => void (now += seconds * 1000) };
}

describe('VCC simulator', () => {
  let sim: VccSimulator;
  let token: string;

  beforeAll(async () => {
    sim = await startVccSimulator({ credentials: [CLIENT], accountConfigurationIds: [1, 2], accountName: 'acme-sandbox' });
    token = await accessToken(sim);
  });
  afterAll(() => sim.stop());

  describe('token endpoint', () => {
    it('issues an opaque bearer token with expires_in and the globalpci scope for known client credentials', async () => {
      const response = await requestToken(sim, goodTokenRequest());

      expect(response.status).toBe(200);
      const body = (await response.json()) as Record<string, unknown>;
      expect(body).toEqual({ access_token: expect.any(String), expires_in: 3600, token_type: 'Bearer', scope: 'globalpci' });
      expect(response.headers.get('cache-control')).toBe('no-store');
    });

    it('answers 400 invalid_client for a wrong client secret', async () => {
      const response = await requestToken(sim, { ...goodTokenRequest(), client_secret: 'wrong' });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'invalid_client' });
    });

    it('answers 400 invalid_client when client credentials are missing', async () => {
      const response = await requestToken(sim, { grant_type: 'client_credentials', scope: 'globalpci' });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'invalid_client' });
    });

    it('answers 400 unsupported_grant_type for a grant other than client_credentials', async () => {
      const response = await requestToken(sim, { ...goodTokenRequest(), grant_type: 'password' });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'unsupported_grant_type' });
    });

    it('answers 400 invalid_scope for a scope other than globalpci', async () => {
      const response = await requestToken(sim, { ...goodTokenRequest(), scope: 'openid' });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'invalid_scope' });
    });

    it('answers 400 invalid_request for a JSON body instead of a form', async () => {
      const response = await fetch(sim.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(goodTokenRequest()),
      });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ error: 'invalid_request' });
    });
  });

  describe('Payment API authorization', () => {
    it('answers 401 to a Payment API call without a bearer token', async () => {
      const response = await fetch(`${sim.url}/v1/session`, { method: 'POST', body: '{}' });

      expect(response.status).toBe(401);
      expect(await response.json()).toEqual({ message: 'Unauthorized' });
    });

    it('answers 401 to a bearer token it never issued', async () => {
      const response = await postSession(sim, 'made-up-token', { agentId: newAgentId(), paymentData });

      expect(response.status).toBe(401);
    });

    it('answers 401 to an unknown /v1 path before revealing that it does not exist', async () => {
      const response = await fetch(`${sim.url}/v1/nothing-here`);

      expect(response.status).toBe(401);
    });
  });

  describe('POST /v1/session and GET /v1/session/{sessionGuid}', () => {
    it('creates an agent assist session with agent tokens and an iframeUrl on /view/{providerSessionGuid}/framed', async () => {
      const session = await createSession(sim, token);

      expect(session).toEqual({
        sessionGuid: expect.stringMatching(UUID),
        agentAccessToken: expect.any(String),
        agentRefreshToken: expect.any(String),
        iframeUrl: `${sim.url}/view/${session.providerSessionGuid}/framed`,
        providerSessionGuid: expect.stringMatching(UUID),
      });
    });

    it('reports a new session as Created with a callGuid, UTC timestamps and no result', async () => {
      const session = await createSession(sim, token, { accountConfigurationId: 1 });

      const status = await sessionStatus(sim, token, session.sessionGuid);

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

    it('gives a session created with skipCallTransfer no callGuid', async () => {
      const session = await createSession(sim, token, { skipCallTransfer: true });

      expect((await sessionStatus(sim, token, session.sessionGuid)).callGuid).toBeNull();
    });

    it('answers 404 for an unknown sessionGuid', async () => {
      const response = await fetch(`${sim.url}/v1/session/${randomUUID()}`, { headers: { authorization: `Bearer ${token}` } });

      expect(response.status).toBe(404);
    });

    it('keeps the exact request body for tests, but never exposes the agent tokens there', async () => {
      const body = { agentId: newAgentId(), accountConfigurationId: 2, skipCallTransfer: true, paymentData };
      const created = (await (await postSession(sim, token, body)).json()) as CreatedSession;

      const response = await fetch(`${sim.url}/_simulator/sessions/${created.sessionGuid}`);
      const record = (await response.json()) as Record<string, unknown>;

      expect(response.status).toBe(200);
      expect(record).toMatchObject({ sessionGuid: created.sessionGuid, sessionState: 'Created', requestBody: body, agentId: body.agentId });
      const text = JSON.stringify(record);
      expect(text).not.toContain(created.agentAccessToken);
      expect(text).not.toContain(created.agentRefreshToken);
    });

    it('counts token requests, issued tokens and created sessions', async () => {
      const before = (await (await fetch(`${sim.url}/_simulator/stats`)).json()) as Record<string, number>;

      await requestToken(sim, { ...goodTokenRequest(), client_secret: 'wrong' });
      await createSession(sim, await accessToken(sim));

      const after = (await (await fetch(`${sim.url}/_simulator/stats`)).json()) as Record<string, number>;
      expect(after).toEqual({
        tokenRequests: (before.tokenRequests ?? 0) + 2,
        tokensIssued: (before.tokensIssued ?? 0) + 1,
        sessionsCreated: (before.sessionsCreated ?? 0) + 1,
        digitalSessionsCreated: before.digitalSessionsCreated,
      });
    });

    it('lists sessions with state and amount on the index page', async () => {
      const session = await createSession(sim, token);

      const html = await (await fetch(`${sim.url}/`)).text();

      expect(html).toContain(session.sessionGuid);
      expect(html).toContain('12.40 GBP');
    });
  });

  describe('request validation', () => {
    type ValidationBody = { message: string; errors: { path: string; message: string }[] };
    const expectInvalid = async (response: Response, path: string): Promise<ValidationBody> => {
      expect(response.status).toBe(400);
      const body = (await response.json()) as ValidationBody;
      expect(body.message).toBe('The request is invalid.');
      expect(body.errors.map((error) => error.path)).toContain(path);
      return body;
    };

    it('refuses unknown top-level keys such as a leaked paymentFlow, naming them', async () => {
      const response = await postSession(sim, token, { agentId: newAgentId(), paymentData, paymentFlow: 'default', crmReference: 'X1' });

      const body = await expectInvalid(response, '');
      expect(body.errors[0]?.message).toBe('Unrecognized keys: "paymentFlow", "crmReference"');
    });

    it('refuses a request without agentId', async () => {
      await expectInvalid(await postSession(sim, token, { paymentData }), 'agentId');
    });

    it('refuses an empty agentId', async () => {
      await expectInvalid(await postSession(sim, token, { agentId: '  ', paymentData }), 'agentId');
    });

    it("refuses the documentation's example body, which is not JSON", async () => {
      const response = await postSession(sim, token, '{ "agentID": agent12345 }');

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ message: 'The request body is not valid JSON.' });
    });

    it("refuses the documentation's agentID spelling as an unknown key", async () => {
      const response = await postSession(sim, token, { agentID: 'agent12345', paymentData });

      await expectInvalid(response, 'agentId');
    });

    it('refuses a request without paymentData', async () => {
      await expectInvalid(await postSession(sim, token, { agentId: newAgentId() }), 'paymentData');
    });

    it('refuses a paymentData value that is not a string', async () => {
      await expectInvalid(await postSession(sim, token, { agentId: newAgentId(), paymentData: { ...paymentData, Postcode: 50348 } }), 'paymentData.Postcode');
    });

    it('refuses an Amount that is not a decimal string', async () => {
      await expectInvalid(await postSession(sim, token, { agentId: newAgentId(), paymentData: { ...paymentData, Amount: '12,40' } }), 'paymentData.Amount');
    });

    it("refuses an Amount with more decimals than the currency's minor units", async () => {
      const body = { agentId: newAgentId(), paymentData: { ...paymentData, Amount: '1200.5', Currency: 'JPY' } };

      await expectInvalid(await postSession(sim, token, body), 'paymentData.Amount');
    });

    it('refuses a Currency that is not 3 upper-case letters', async () => {
      await expectInvalid(await postSession(sim, token, { agentId: newAgentId(), paymentData: { ...paymentData, Currency: 'gbp' } }), 'paymentData.Currency');
    });

    it('refuses an accountConfigurationId sent as a string', async () => {
      await expectInvalid(await postSession(sim, token, { agentId: newAgentId(), paymentData, accountConfigurationId: '1' }), 'accountConfigurationId');
    });

    it('answers 415 to a body not sent as application/json', async () => {
      const response = await fetch(`${sim.url}/v1/session`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'text/plain' },
        body: JSON.stringify({ agentId: newAgentId(), paymentData }),
      });

      expect(response.status).toBe(415);
    });

    it('answers 413 to a body over 64 KiB', async () => {
      const response = await postSession(sim, token, { agentId: newAgentId(), paymentData: { ...paymentData, Notes: 'x'.repeat(70_000) } });

      expect(response.status).toBe(413);
    });

    it("answers an unprovisioned accountConfigurationId with VCC's exact error text", async () => {
      const response = await postSession(sim, token, { agentId: newAgentId(), paymentData, accountConfigurationId: 7 });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ message: 'Account configuration does not exists for account: acme-sandbox, configuration Id: 7.' });
    });
  });

  describe('fault injection', () => {
    it("fails with the provider's invalid_client_key message", async () => {
      const agentId = newAgentId();
      await injectFault(sim, agentId, 'invalid_client_key');

      const response = await postSession(sim, token, { agentId, paymentData });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ message: "Provider's authorization endpoint returned error message 'invalid_client_key'" });
    });

    it("fails with the provider's invalid_client message naming the account and configuration", async () => {
      const agentId = newAgentId();
      await injectFault(sim, agentId, 'provider_invalid_client');

      const response = await postSession(sim, token, { agentId, paymentData, accountConfigurationId: 2 });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        message:
          "Provider's authorization endpoint returned error message 'invalid_client'/'invalid_client' for account name: acme-sandbox, configuration id: 2",
      });
    });

    it('names configuration id 0 in the provider invalid_client message when the request sent none', async () => {
      const agentId = newAgentId();
      await injectFault(sim, agentId, 'provider_invalid_client');

      const body = (await (await postSession(sim, token, { agentId, paymentData })).json()) as { message: string };

      expect(body.message).toMatch(/configuration id: 0$/);
    });

    it('fails like an unknown account configuration even for a provisioned id', async () => {
      const agentId = newAgentId();
      await injectFault(sim, agentId, 'unknown_account_configuration');

      const response = await postSession(sim, token, { agentId, paymentData, accountConfigurationId: 1 });

      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({ message: 'Account configuration does not exists for account: acme-sandbox, configuration Id: 1.' });
    });

    it('fails with a plain-text 500', async () => {
      const agentId = newAgentId();
      await injectFault(sim, agentId, 'server_error');

      const response = await postSession(sim, token, { agentId, paymentData });

      expect(response.status).toBe(500);
      expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
      expect(await response.text()).toBe('Internal Server Error');
    });

    it('never answers under the timeout fault, so the client has to give up', async () => {
      const agentId = newAgentId();
      await injectFault(sim, agentId, 'timeout');

      await expect(postSession(sim, token, { agentId, paymentData }, AbortSignal.timeout(300))).rejects.toThrow();
      expect((await postSession(sim, token, { agentId, paymentData })).status).toBe(200);
    });

    it('creates the session but puts it in the Error state under the session_error fault', async () => {
      const agentId = newAgentId();
      await injectFault(sim, agentId, 'session_error');

      const response = await postSession(sim, token, { agentId, paymentData });
      const session = (await response.json()) as CreatedSession;

      expect(response.status).toBe(200);
      expect((await sessionStatus(sim, token, session.sessionGuid)).sessionState).toBe('Error');
      expect((await openPage(session)).status).toBe(403);
    });

    it('applies a fault exactly `times` times, then answers normally', async () => {
      const agentId = newAgentId();
      await injectFault(sim, agentId, 'server_error', 2);

      const statuses = [];
      for (let call = 0; call < 3; call += 1) statuses.push((await postSession(sim, token, { agentId, paymentData })).status);

      expect(statuses).toEqual([500, 500, 200]);
    });

    it('applies a fault only to its own agentId', async () => {
      await injectFault(sim, newAgentId(), 'server_error');

      expect((await postSession(sim, token, { agentId: newAgentId(), paymentData })).status).toBe(200);
    });

    it('refuses an unknown fault name', async () => {
      const response = await fetch(`${sim.url}/_simulator/faults`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ agentId: newAgentId(), fault: 'meteor_strike' }),
      });

      expect(response.status).toBe(400);
    });
  });

  describe('hosted payment page', () => {
    it('shows amount and merchant reference with Approve and Decline, and no card number input', async () => {
      const session = await createSession(sim, token);

      const response = await openPage(session);
      const html = await response.text();

      expect(response.status).toBe(200);
      expect(response.headers.get('x-frame-options')).toBeNull();
      expect(html).toContain('12.40 GBP');
      expect(html).toContain('0123456789098760');
      expect(html).toContain('>Approve<');
      expect(html).toContain('>Decline<');
      expect(html).not.toMatch(/<input(?![^>]*type="hidden")/i);
      expect((await sessionStatus(sim, token, session.sessionGuid)).sessionState).toBe('InProgress');
    });

    it('answers 401 to the page posted with a wrong refresh token', async () => {
      const session = await createSession(sim, token);

      const response = await postForm(session.iframeUrl, { 'X-BEARER-TOKEN': session.agentAccessToken, 'X-REFRESH-TOKEN': 'wrong' });

      expect(response.status).toBe(401);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect((await sessionStatus(sim, token, session.sessionGuid)).sessionState).toBe('Created');
    });

    it('answers 401 to the page posted without tokens', async () => {
      const session = await createSession(sim, token);

      expect((await postForm(session.iframeUrl, {})).status).toBe(401);
    });

    it('answers 405 to a GET on the page, saying the form must be POSTed', async () => {
      const session = await createSession(sim, token);

      const response = await fetch(session.iframeUrl);

      expect(response.status).toBe(405);
      expect(response.headers.get('allow')).toBe('POST');
      expect(await response.text()).toContain('POST');
    });

    it('finishes an approved payment with ACCEPT and the Amount in minor units', async () => {
      const session = await createSession(sim, token);
      await openPage(session);

      const response = await decide(sim, session, 'approve');

      expect(response.status).toBe(200);
      expect(await response.text()).toContain('Payment approved');
      const status = await sessionStatus(sim, token, session.sessionGuid);
      expect(status.sessionState).toBe('Finished');
      expect(status.paymentResultData).toEqual({
        decision: 'ACCEPT',
        reasonCode: '100',
        transactionType: 'sale',
        requestID: expect.stringMatching(/^\d{22}$/),
        Amount: '1240',
        Currency: 'GBP',
        FirstName: 'John',
        Surname: 'Smith',
        MerchantReferenceCode: '0123456789098760',
      });
    });

    it('finishes a declined payment with REJECT and reason code 203', async () => {
      const session = await createSession(sim, token);
      await openPage(session);

      const response = await decide(sim, session, 'decline');

      expect(await response.text()).toContain('Payment declined');
      const status = await sessionStatus(sim, token, session.sessionGuid);
      expect(status.sessionState).toBe('Finished');
      expect(status.paymentResultData).toMatchObject({ decision: 'REJECT', reasonCode: '203' });
    });

    it('converts a zero-decimal currency amount to minor units unchanged', async () => {
      const session = await createSession(sim, token, { paymentData: { Amount: '1200', Currency: 'JPY' } });
      await decide(sim, session, 'approve');

      expect((await sessionStatus(sim, token, session.sessionGuid)).paymentResultData?.Amount).toBe('1200');
    });

    it('refuses to frame a finished session: 403 with X-Frame-Options DENY', async () => {
      const session = await createSession(sim, token);
      await decide(sim, session, 'approve');

      const page = await openPage(session);
      const secondDecision = await decide(sim, session, 'decline');

      expect(page.status).toBe(403);
      expect(page.headers.get('x-frame-options')).toBe('DENY');
      expect(secondDecision.status).toBe(403);
      expect((await sessionStatus(sim, token, session.sessionGuid)).paymentResultData?.decision).toBe('ACCEPT');
    });

    it('answers 401 to a decision posted without the bearer token', async () => {
      const session = await createSession(sim, token);

      const response = await postForm(`${sim.url}/view/${session.providerSessionGuid}/decision`, { decision: 'approve' });

      expect(response.status).toBe(401);
      expect((await sessionStatus(sim, token, session.sessionGuid)).sessionState).toBe('Created');
    });
  });
});

describe('VCC simulator credentials and tokens', () => {
  let sim: VccSimulator;

  beforeAll(async () => {
    sim = await startVccSimulator({ credentials: [CLIENT], accountConfigurationIds: [1] });
  });
  afterAll(() => sim.stop());

  it('accepts only the rotated secret after a credential rotation, keeping issued tokens valid', async () => {
    const token = await accessToken(sim);
    const rotated = { clientId: CLIENT.clientId, clientSecret: 'second-secret' };
    const rotation = await fetch(`${sim.url}/_simulator/credentials`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ credentials: [rotated] }),
    });
    expect(rotation.status).toBe(204);

    const withOldSecret = await requestToken(sim, goodTokenRequest(CLIENT));
    const withNewSecret = await requestToken(sim, goodTokenRequest(rotated));

    expect(withOldSecret.status).toBe(400);
    expect(await withOldSecret.json()).toEqual({ error: 'invalid_client' });
    expect(withNewSecret.status).toBe(200);
    expect((await postSession(sim, token, { agentId: newAgentId(), paymentData })).status).toBe(200);
  });

  it('answers 401 to every token issued before a revocation', async () => {
    const token = await accessToken(sim, { clientId: CLIENT.clientId, clientSecret: 'second-secret' });

    const revoke = await fetch(`${sim.url}/_simulator/tokens/revoke`, { method: 'POST' });

    expect(revoke.status).toBe(204);
    expect((await postSession(sim, token, { agentId: newAgentId(), paymentData })).status).toBe(401);
  });
});

describe('VCC simulator stop', () => {
  it('closes a connection held by the timeout fault, so stop() never hangs', async () => {
    const sim = await startVccSimulator({ credentials: [CLIENT], accountConfigurationIds: [1] });
    const agentId = newAgentId();
    await injectFault(sim, agentId, 'timeout');
    const held = postSession(sim, await accessToken(sim), { agentId, paymentData });
    await new Promise((resolve) => setTimeout(resolve, 50));

    await sim.stop();

    await expect(held).rejects.toThrow();
  });
});

describe('VCC simulator clock', () => {
  const clock = manualClock();
  const changes: VccSessionStatus[] = [];
  let sim: VccSimulator;

  beforeAll(async () => {
    sim = await startVccSimulator({
      credentials: [CLIENT],
      accountConfigurationIds: [1],
      tokenLifetimeSeconds: 7200,
      sessionTimeoutSeconds: 300,
      now: clock.now,
      onSessionChange: (status) => void changes.push(status),
    });
  });
  afterAll(() => sim.stop());

  it('times a session out after sessionTimeoutSeconds and then refuses to frame it with X-Frame-Options DENY', async () => {
    const token = await accessToken(sim);
    const session = await createSession(sim, token);
    const created = await sessionStatus(sim, token, session.sessionGuid);

    clock.advanceSeconds(300);
    const status = await sessionStatus(sim, token, session.sessionGuid);
    const page = await openPage(session);

    expect(status.sessionState).toBe('TimeOut');
    expect(status.lastUpdatedOn).toBe(new Date(Date.parse(created.createdOn) + 300_000).toISOString());
    expect(status.paymentResultData).toBeNull();
    expect(page.status).toBe(403);
    expect(page.headers.get('x-frame-options')).toBe('DENY');
  });

  it('refuses a decision once the session timed out, even if nobody looked at it before', async () => {
    const token = await accessToken(sim);
    const session = await createSession(sim, token);
    await openPage(session);

    clock.advanceSeconds(301);
    const response = await decide(sim, session, 'approve');

    expect(response.status).toBe(403);
    expect((await sessionStatus(sim, token, session.sessionGuid)).sessionState).toBe('TimeOut');
  });

  it('purges paymentResultData 15 minutes after the session finished, keeping the state', async () => {
    const token = await accessToken(sim);
    const session = await createSession(sim, token);
    await decide(sim, session, 'approve');

    clock.advanceSeconds(15 * 60 - 1);
    expect((await sessionStatus(sim, token, session.sessionGuid)).paymentResultData).not.toBeNull();
    clock.advanceSeconds(1);
    const status = await sessionStatus(sim, token, session.sessionGuid);

    expect(status.sessionState).toBe('Finished');
    expect(status.paymentResultData).toBeNull();
  });

  it('rejects an access token once tokenLifetimeSeconds passed on the simulator clock', async () => {
    const token = await accessToken(sim);
    clock.advanceSeconds(7199);
    expect((await postSession(sim, token, { agentId: newAgentId(), paymentData })).status).toBe(200);

    clock.advanceSeconds(1);

    expect((await postSession(sim, token, { agentId: newAgentId(), paymentData })).status).toBe(401);
  });

  it('reports every state change of a session to onSessionChange', async () => {
    const token = await accessToken(sim);
    const session = await createSession(sim, token);
    await openPage(session);
    await decide(sim, session, 'decline');
    await new Promise((resolve) => setTimeout(resolve, 10));

    const states = changes.filter((change) => change.sessionGuid === session.sessionGuid).map((change) => change.sessionState);
    const finished = changes.find((change) => change.sessionGuid === session.sessionGuid && change.sessionState === 'Finished');

    expect(states).toEqual(['Created', 'InProgress', 'Finished']);
    expect(finished?.paymentResultData?.decision).toBe('REJECT');
  });
});
