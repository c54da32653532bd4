import { describe, expect, it } from 'vitest';
import {
  createLink,
  createSession,
  follow,
  getLink,
  getSession,
  linkRequest,
  listPayments,
  paymentRequest,
  reissueLink,
  tokenFor,
  uniqueAgentId,
} from './support/connector-api.ts';
import { integrationStack } from './support/integration-stack.ts';
import { callbacksFor, outcomeEventId, reconcileAsOf } from './support/local-controls.ts';
import { storedItemsMentioning } from './support/session-table.ts';
import { advanceLinkClock, openCustomerPage, payAtLink, simulatorStats } from './support/vcc-simulator-control.ts';
import { webhookBehaviour, webhookDeliveries } from './support/vcc-webhook-control.ts';
import { waitFor } from './support/wait-for.ts';

const HOUR_MS = 60 * 60 * 1000;
const LINK_LIFETIME_SECONDS = 72 * 60 * 60;

async function linkFor(agentId = uniqueAgentId(), overrides: Record<string, unknown> = {}) {
  const created = await createLink(linkRequest(agentId, overrides));
  expect(created.status).toBe(201);
  return created.body;
}

const settledLink = (id: string, state: string) =>
  waitFor(
    () => getLink(id),
    (read) => read.body.state === state,
    `the link ${state}`,
  );

/** Both clocks past the link's 72 hours: VCC's (compressed) and the sweep's. */
async function letLinksExpire(): Promise<void> {
  await advanceLinkClock(LINK_LIFETIME_SECONDS + 60);
  await reconcileAsOf(new Date(Date.now() + 73 * HOUR_MS));
}

describe('a customer who is not on the call pays by link', () => {
  it('creates a link, the customer pays on its page, and the outcome shows on the link, in the CRM record and at the CRM callback', async () => {
    const agentId = uniqueAgentId();
    const created = await createLink(linkRequest(agentId), { idempotencyKey: crypto.randomUUID() });

    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      kind: 'payment-link',
      state: 'pending',
      amount: '12.40',
      currencyCode: 'GBP',
      crmReference: `case-${agentId}`,
      reissueOf: null,
      supersededBy: null,
    });
    expect(created.body.paymentLink).toMatch(new RegExp(`/pay/${created.body.providerSessionGuid}$`));
    expect(Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt)).toBe(72 * HOUR_MS);
    expect(created.body).toMatchObject({ location: `${integrationStack().apiUrl}/v1/payment-links/${created.body.id}`, replayed: false });
    expect(created.headers.get('location')).toBe(created.body.location);
    expect(created.body).not.toHaveProperty('iframeUrl');

    const page = await openCustomerPage(created.body.paymentLink);
    expect(page.status).toBe(200);
    expect(page.html).toContain('12.40');
    expect(await payAtLink(created.body.paymentLink, 'approve')).toBe(200);

    // Read only once VCC's webhook was answered 200, i.e. stored: a read of a still pending link
    // asks VCC first, and would record the outcome as a poll.
    await waitFor(
      () => webhookDeliveries(created.body.sessionGuid),
      (d) => d[0]?.status === 'delivered',
      'the webhook to be delivered',
    );
    const paid = await follow(created.body.location);
    expect(paid.body).toMatchObject({
      state: 'approved',
      vccSessionState: 'Finished',
      outcome: { decision: 'ACCEPT', amount: '12.40', currencyCode: 'GBP' },
      vccHistory: [{ source: 'webhook', sessionState: 'Finished' }],
    });
    const listed = await listPayments({ crmReference: `case-${agentId}` });
    expect(listed.body.payments).toMatchObject([{ id: created.body.id, kind: 'payment-link', state: 'approved' }]);
    const { received } = await waitFor(
      () => callbacksFor(created.body.id),
      (c) => c.received.length === 1,
      'the CRM callback',
    );
    expect(received[0]?.event).toMatchObject({
      id: outcomeEventId(created.body.id, 'approved'),
      type: 'payment.link.completed',
      data: { state: 'approved', paymentLink: created.body.paymentLink },
    });
  });

  it('records a declined payment, and the CRM hears of it', async () => {
    const link = await linkFor();
    expect(await payAtLink(link.paymentLink, 'decline')).toBe(200);
    expect((await settledLink(link.id, 'declined')).body.outcome).toMatchObject({ decision: 'REJECT' });
    await waitFor(
      () => callbacksFor(link.id),
      (c) => c.received.some((r) => r.event.type === 'payment.link.completed'),
      'the CRM callback',
    );
  });

  it('answers a retry with the same Idempotency-Key with the same link, and opens one digital session', async () => {
    const key = crypto.randomUUID();
    const body = linkRequest(uniqueAgentId());
    const before = await simulatorStats();
    const first = await createLink(body, { idempotencyKey: key });
    const retry = await createLink(body, { idempotencyKey: key });

    expect([first.status, retry.status]).toEqual([201, 200]);
    expect(retry.headers.get('idempotent-replayed')).toBe('true');
    expect(retry.body).toMatchObject({ id: first.body.id, paymentLink: first.body.paymentLink });
    const after = await simulatorStats();
    expect(after.digitalSessionsCreated - before.digitalSessionsCreated).toBe(1);
  });

  it('is read at its own path: an agent-assist session is not a link, and a link not a session', async () => {
    const link = await linkFor();
    const session = await createSession(paymentRequest(uniqueAgentId()));
    expect((await getSession(link.id)).body.error.code).toBe('SESSION_NOT_FOUND');
    expect((await getLink(session.body.id)).body.error.code).toBe('LINK_NOT_FOUND');
  });
});

describe('bad input for a payment link', () => {
  it.each([
    ['a phone number with spaces', { CustomerPhoneNumber: '+44 7700 900123' }, 'INVALID_PHONE_NUMBER'],
    ['a national phone number', { CustomerPhoneNumber: '07700900123' }, 'INVALID_PHONE_NUMBER'],
    ['no phone number', { CustomerPhoneNumber: undefined }, 'INVALID_PHONE_NUMBER'],
    ['an over-precise amount', { Amount: '12.401' }, 'INVALID_AMOUNT'],
    ['an unknown currency', { Currency: 'XYZ' }, 'UNSUPPORTED_CURRENCY'],
    ['a card number', { Notes: '4111 1111 1111 1111' }, 'CARD_NUMBER_REFUSED'],
  ])('refuses %s with %s, and stores and forwards nothing', async (_, paymentData, code) => {
    const agentId = uniqueAgentId();
    const body = linkRequest(agentId);
    const before = await simulatorStats();
    const answer = await createLink({ ...body, paymentData: JSON.parse(JSON.stringify({ ...body.paymentData, ...paymentData })) });

    expect(answer.status).toBe(400);
    expect(answer.body.error).toMatchObject({ code, message: expect.any(String) });
    expect(await storedItemsMentioning(agentId)).toEqual([]);
    expect((await simulatorStats()).digitalSessionsCreated).toBe(before.digitalSessionsCreated);
  });

  it('refuses skipCallTransfer, which only agent assist has', async () => {
    const answer = await createLink({ ...linkRequest(uniqueAgentId()), skipCallTransfer: true });
    expect(answer.body.error).toMatchObject({
      code: 'INVALID_REQUEST',
      details: [{ path: 'skipCallTransfer', message: expect.stringContaining('a payment link has no call to skip') }],
    });
  });
});

describe('a link that is not paid in time', () => {
  it('is expired by the sweep once past its time, even while VCC still shows it open, and the CRM is told payment.link.expired', async () => {
    const agentId = uniqueAgentId();
    await webhookBehaviour(agentId, 'drop');
    const link = await linkFor(agentId);

    await reconcileAsOf(new Date(Date.now() + 73 * HOUR_MS));

    expect((await getLink(link.id)).body).toMatchObject({ state: 'expired', vccSessionState: 'Created' });
    const { received } = await waitFor(
      () => callbacksFor(link.id),
      (c) => c.received.length === 1,
      'the expiry callback',
    );
    expect(received[0]?.event).toMatchObject({ id: outcomeEventId(link.id, 'expired'), type: 'payment.link.expired', data: { id: link.id, state: 'expired' } });
  });

  it('expires when VCC reports the link expired on its compressed clock', async () => {
    const link = await linkFor();
    await advanceLinkClock(LINK_LIFETIME_SECONDS + 60);
    expect((await settledLink(link.id, 'expired')).body).toMatchObject({ vccSessionState: 'ExpiredOnProviderSide' });
    expect((await openCustomerPage(link.paymentLink)).status).toBe(410);
  });

  it('is reissued for the same payment: a fresh link the customer can pay, and the old one marked superseded', async () => {
    const old = await linkFor();
    await letLinksExpire();
    await settledLink(old.id, 'expired');

    const reissued = await reissueLink(old.id, { paymentData: { CustomerPhoneNumber: '+447700900999' } });
    expect(reissued.status).toBe(201);
    expect(reissued.body).toMatchObject({
      kind: 'payment-link',
      state: 'pending',
      reissueOf: old.id,
      amount: old.amount,
      currencyCode: old.currencyCode,
      merchantReference: old.merchantReference,
      crmReference: old.crmReference,
    });
    expect(reissued.body.paymentLink).not.toBe(old.paymentLink);
    expect((await follow(reissued.body.location)).body).toMatchObject({ id: reissued.body.id, reissueOf: old.id });
    expect((await getLink(old.id)).body).toMatchObject({ state: 'expired', supersededBy: reissued.body.id });

    expect(await payAtLink(reissued.body.paymentLink, 'approve')).toBe(200);
    await settledLink(reissued.body.id, 'approved');
  });
});

describe('reissue refusals', () => {
  it('refuses a paid link: one debt, one payment', async () => {
    const link = await linkFor();
    await payAtLink(link.paymentLink, 'approve');
    await settledLink(link.id, 'approved');
    const answer = await reissueLink(link.id);
    expect(answer.status).toBe(409);
    expect(answer.body.error.code).toBe('LINK_ALREADY_PAID');
    expect((await getLink(link.id)).body.supersededBy).toBeNull();
  });

  it('refuses a link the customer can still pay, because VCC cannot cancel it', async () => {
    const link = await linkFor();
    await openCustomerPage(link.paymentLink);
    const answer = await reissueLink(link.id);
    expect(answer.status).toBe(409);
    expect(answer.body.error).toMatchObject({ code: 'LINK_STILL_PAYABLE', message: expect.stringContaining('InProgress') });
  });

  it('gives one new link when two reissues race, and tells the other which link replaced it', async () => {
    const agentId = uniqueAgentId();
    const old = await linkFor(agentId);
    await letLinksExpire();
    await settledLink(old.id, 'expired');

    const answers = await Promise.all([reissueLink(old.id), reissueLink(old.id)]);
    const [won, lost] = answers.sort((a, b) => a.status - b.status);
    expect([won?.status, lost?.status]).toEqual([201, 409]);
    expect(lost?.body.error.code).toBe('LINK_ALREADY_REISSUED');
    const listed = await listPayments({ crmReference: `case-${agentId}` });
    expect(listed.body.payments.map((p: { id: string }) => p.id)).toEqual([won?.body.id, old.id]);
  });

  it('answers 404 for an unknown link and 400 for a malformed id', async () => {
    expect((await reissueLink(crypto.randomUUID())).body.error.code).toBe('LINK_NOT_FOUND');
    expect((await reissueLink('not-an-id')).body.error.code).toBe('INVALID_SESSION_ID');
  });
});

describe('every payment attempt of a CRM record', () => {
  it('lists sessions and links newest first, a page at a time', async () => {
    const crmReference = `case-${crypto.randomUUID()}`;
    const ids: string[] = [];
    for (const kind of ['link', 'session', 'link', 'session', 'link']) {
      const created =
        kind === 'link'
          ? await createLink(linkRequest(uniqueAgentId(), { crmReference }))
          : await createSession(paymentRequest(uniqueAgentId(), { crmReference }));
      ids.push(created.body.id);
    }

    const pages = [];
    let cursor: string | null = null;
    do {
      const page = await listPayments({ crmReference, pageSize: '2', ...(cursor ? { cursor } : {}) }, await tokenFor('crmReadOnly'));
      expect(page.status).toBe(200);
      pages.push(page.body.payments.map((p: { id: string }) => p.id));
      cursor = page.body.nextCursor;
    } while (cursor);

    expect(pages.map((p) => p.length)).toEqual([2, 2, 1]);
    expect(pages.flat()).toEqual([...ids].reverse());
  });

  it('still reads limit, the page size before 0.2.0, and refuses it beside a pageSize that says otherwise', async () => {
    const crmReference = `case-${crypto.randomUUID()}`;
    for (let i = 0; i < 3; i += 1) await createSession(paymentRequest(uniqueAgentId(), { crmReference }));
    const sizeOf = async (query: Record<string, string>) => (await listPayments({ crmReference, ...query })).body.payments.length;
    expect(await sizeOf({ limit: '2' })).toBe(2);
    expect(await sizeOf({ limit: '1', pageSize: '1' })).toBe(1);
    const both = await listPayments({ crmReference, limit: '1', pageSize: '2' });
    expect(both.status).toBe(400);
    expect(both.body.error).toMatchObject({ code: 'INVALID_REQUEST', details: [{ path: 'limit', message: expect.stringContaining('send pageSize only') }] });
  });

  it.each([
    ['no crmReference', {}, 'INVALID_REQUEST'],
    ['a pageSize over 100', { crmReference: 'case-1', pageSize: '500' }, 'INVALID_REQUEST'],
    ['a limit over 100', { crmReference: 'case-1', limit: '500' }, 'INVALID_REQUEST'],
    [
      'a cursor of another record',
      { crmReference: 'case-1', cursor: Buffer.from(JSON.stringify({ pk: 'SESSION#x', crmReference: 'case-2', createdAt: 'x' })).toString('base64url') },
      'INVALID_CURSOR',
    ],
    ['an unknown parameter', { crmReference: 'case-1', state: 'approved' }, 'INVALID_REQUEST'],
  ])('refuses %s with %s', async (_, query, code) => {
    const answer = await listPayments(query as Record<string, string>);
    expect(answer.status).toBe(400);
    expect(answer.body.error.code).toBe(code);
  });
});
