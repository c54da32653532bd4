import { describe, expect, it } from 'vitest';
import { createSession, follow, getSession, paymentRequest, uniqueAgentId } from './support/connector-api.ts';
import { integrationStack } from './support/integration-stack.ts';
import { storedItemsMentioning } from './support/session-table.ts';
import { decide, openPaymentForm, vccRecordOf } from './support/vcc-simulator-control.ts';

describe('an agent takes a payment during a call', () => {
  it("creates a session that the agent's browser can open, and reads back the approved outcome", async () => {
    const agentId = uniqueAgentId();
    const created = await createSession(paymentRequest(agentId), { idempotencyKey: crypto.randomUUID() });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      state: 'pending',
      agentId,
      amount: '12.40',
      currencyCode: 'GBP',
      paymentFlow: 'card-payment',
      crmReference: `case-${agentId}`,
      paymentForm: {
        method: 'POST',
        action: created.body.iframeUrl,
        fields: { 'X-BEARER-TOKEN': created.body.agentAccessToken, 'X-REFRESH-TOKEN': created.body.agentRefreshToken },
      },
    });
    expect(created.body.iframeUrl).toMatch(new RegExp(`/view/${created.body.providerSessionGuid}/framed$`));
    expect(Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt)).toBe(5 * 60 * 1000);
    expect(created.body).toMatchObject({ location: `${integrationStack().apiUrl}/v1/payment-sessions/${created.body.id}`, replayed: false });
    expect(created.headers.get('location')).toBe(created.body.location);

    const page = await openPaymentForm(created.body.paymentForm);
    expect(page.status).toBe(200);
    expect(await decide(created.body.paymentForm, 'approve')).toBe(200);

    const read = await follow(created.body.location);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({
      id: created.body.id,
      state: 'approved',
      vccSessionState: 'Finished',
      outcome: { decision: 'ACCEPT', reasonCode: '100', amount: '12.40', amountMinor: '1240', currencyCode: 'GBP' },
    });
    expect(read.body.outcome.gatewayReference).toMatch(/^\d+$/);
    expect(read.body).not.toHaveProperty('agentAccessToken');
  });

  it('reads back a declined payment as declined', async () => {
    const created = await createSession(paymentRequest(uniqueAgentId()));
    await openPaymentForm(created.body.paymentForm);
    await decide(created.body.paymentForm, 'decline');

    const read = await getSession(created.body.id);
    expect(read.body).toMatchObject({ state: 'declined', outcome: { decision: 'REJECT', reasonCode: '203' } });
  });

  it('keeps reading a pending session as pending until the customer finishes', async () => {
    const created = await createSession(paymentRequest(uniqueAgentId()));
    const read = await getSession(created.body.id);
    expect(read.body).toMatchObject({ state: 'pending', vccSessionState: 'Created', outcome: null });
  });

  it("sends VCC the account configuration of the chosen flow and only VCC's own fields", async () => {
    const agentId = uniqueAgentId();
    const created = await createSession(paymentRequest(agentId, { paymentFlow: 'card-payment-moto' }));
    const received = await vccRecordOf(created.body.sessionGuid);
    expect(received.requestBody).toEqual({
      agentId,
      accountConfigurationId: 2,
      skipCallTransfer: true,
      paymentData: { FirstName: 'John', Surname: 'Smith', Amount: '12.40', Currency: 'GBP', MerchantReferenceCode: 'INV-1001' },
    });
  });

  it("never stores the agent tokens or the card holder's details", async () => {
    const agentId = uniqueAgentId();
    const created = await createSession(paymentRequest(agentId));
    const stored = JSON.stringify(await storedItemsMentioning(agentId));
    expect(stored).toContain(created.body.sessionGuid);
    for (const secret of [created.body.agentAccessToken, created.body.agentRefreshToken, 'John', 'Smith']) {
      expect(stored).not.toContain(secret);
    }
  });

  it('answers 404 for a session that does not exist and 400 for an id that cannot exist', async () => {
    expect((await getSession(crypto.randomUUID())).body.error.code).toBe('SESSION_NOT_FOUND');
    const invalid = await getSession('not-an-id');
    expect([invalid.status, invalid.body.error.code]).toEqual([400, 'INVALID_SESSION_ID']);
  });
});
