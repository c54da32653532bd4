import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ConnectorError } from '#app/contract/connector-error.ts';
import type { Payment } from '#app/model/payment.ts';
import type { PaymentStore } from '#app/ports/payment-store.ts';
import type { VccEventLog } from '#app/ports/vcc-event-log.ts';
import type { VccCreateDigitalSessionBody, VccPaymentClient, VccSessionStatus } from '#app/ports/vcc-payment-client.ts';
import { createPaymentLink, type PaymentLinkDeps } from '#app/use-cases/create-payment-link.ts';
import { createPaymentSession } from '#app/use-cases/create-payment-session.ts';
import { listPayments } from '#app/use-cases/list-payments.ts';
import { reconcilePaymentSessions } from '#app/use-cases/reconcile-payment-sessions.ts';
import { reissuePaymentLink } from '#app/use-cases/reissue-payment-link.ts';
import { recordStatusReport } from '#app/use-cases/vcc-status-reports.ts';
import { resultReadingsOf } from '#app/vcc/vcc-status-change.ts';
import { startEmbeddedStore } from '../support/embedded-store.ts';
import { recordingPublisher } from '../support/recording-publisher.ts';

/**
 * Domain rules of payment links on the real store (embedded DynamoDB). VCC is scripted here,
 * because these rules turn on answers the simulator gives only at set times (a link still open
 * when we judged it expired, a result already purged); the integration tests use the simulator.
 */
const HOUR = 60 * 60 * 1000;
let store: PaymentStore;
let eventLog: VccEventLog;
let stop: () => Promise<void>;
let publisher: ReturnType<typeof recordingPublisher>;
let vccStatuses: Map<string, VccSessionStatus>;
let digitalRequests: VccCreateDigitalSessionBody[];
let vccAnswer: Record<string, unknown>;
let deps: PaymentLinkDeps;

beforeAll(async () => ({ store, eventLog, stop } = await startEmbeddedStore()));
afterAll(() => stop());
beforeEach(() => {
  publisher = recordingPublisher();
  vccStatuses = new Map();
  digitalRequests = [];
  vccAnswer = {};
  const vcc: VccPaymentClient = {
    createAgentAssistSession: async () => ({
      sessionGuid: randomUUID(),
      providerSessionGuid: randomUUID(),
      agentAccessToken: 'a',
      agentRefreshToken: 'r',
      iframeUrl: 'https://pay.example/view/x/framed',
    }),
    createDigitalSession: async (body) => {
      digitalRequests.push(body);
      const sessionGuid = randomUUID();
      return { sessionGuid, providerSessionGuid: randomUUID(), paymentLink: `https://pay.example/pay/${sessionGuid}`, expiresAt: null, ...vccAnswer };
    },
    getSession: async (guid) => vccStatuses.get(guid),
  };
  deps = {
    store,
    eventLog,
    publisher,
    vcc,
    paymentFlows: { 'card-payment': 1 },
    environmentName: 'test',
    resultReadings: resultReadingsOf({}),
    onLeftForSweep: () => {},
  };
});

const crmReference = () => `case-${randomUUID()}`;
const linkRequest = (overrides: { crmReference?: string } = {}) => ({
  agentId: 'agent-1',
  paymentData: { Amount: '12.40', Currency: 'GBP', MerchantReferenceCode: 'INV-1', CustomerPhoneNumber: '+447700900123' },
  paymentFlow: 'card-payment',
  crmReference: overrides.crmReference ?? null,
});

async function newLink(overrides: { crmReference?: string; idempotencyKey?: string; now?: Date } = {}): Promise<Payment> {
  const result = await createPaymentLink(
    { request: linkRequest(overrides), clientId: 'crm', idempotencyKey: overrides.idempotencyKey ?? null },
    overrides.now ? { ...deps, now: () => overrides.now! } : deps,
  );
  return result.link;
}

const status = (link: Payment, sessionState: string, decision?: 'ACCEPT' | 'REJECT'): VccSessionStatus => ({
  sessionGuid: link.sessionGuid!,
  sessionState,
  lastUpdatedOn: new Date().toISOString(),
  paymentResultData: decision ? { decision, reasonCode: decision === 'ACCEPT' ? '100' : '203', Amount: '1240', Currency: 'GBP', requestID: 'r-1' } : null,
});

/** A status report from VCC as the webhook receiver takes it in. */
async function vccSays(link: Payment, sessionState: string, decision?: 'ACCEPT' | 'REJECT') {
  const report = status(link, sessionState, decision);
  vccStatuses.set(link.sessionGuid!, report);
  await recordStatusReport(report, 'webhook', deps);
}

const reissue = (link: Payment, idempotencyKey: string | null = null, phone = '+447700900999') =>
  reissuePaymentLink({ linkId: link.id, request: { agentId: null, paymentData: { CustomerPhoneNumber: phone } }, clientId: 'crm', idempotencyKey }, deps);

describe('creating a payment link', () => {
  it('records the link VCC gave, payable for 72 hours when VCC does not say how long', async () => {
    const now = new Date('2026-11-21T10:00:00.000Z');
    const link = await newLink({ now });
    expect(link).toMatchObject({
      kind: 'payment-link',
      state: 'pending',
      paymentLink: expect.stringMatching(/^https:\/\/pay\.example\/pay\//),
      expiresAt: '2026-11-24T10:00:00.000Z',
    });
    expect(await store.getPayment(link.id)).toMatchObject({ paymentLink: link.paymentLink, expiresAt: '2026-11-24T10:00:00.000Z', dueWork: 'RECONCILE' });
    expect(digitalRequests).toEqual([{ agentId: 'agent-1', paymentData: linkRequest().paymentData, accountConfigurationId: 1 }]);
  });

  it("takes the expiry from VCC's answer when it gives one", async () => {
    vccAnswer = { expiresAt: '2026-11-25T08:30:00.000Z' };
    const link = await newLink();
    expect((await store.getPayment(link.id))?.expiresAt).toBe('2026-11-25T08:30:00.000Z');
  });

  it('answers a retry with the same key with the same link, and opens one digital session', async () => {
    const key = randomUUID();
    const first = await newLink({ idempotencyKey: key });
    const retry = await createPaymentLink({ request: linkRequest(), clientId: 'crm', idempotencyKey: key }, deps);
    expect(retry).toMatchObject({ replayed: true, link: { id: first.id, paymentLink: first.paymentLink } });
    expect(digitalRequests).toHaveLength(1);
  });

  it('refuses a key already used for an agent-assist session: it stands for another payment', async () => {
    const key = randomUUID();
    const request = { ...linkRequest(), skipCallTransfer: false };
    await createPaymentSession({ request, clientId: 'crm', idempotencyKey: key }, deps);
    await expect(createPaymentLink({ request: linkRequest(), clientId: 'crm', idempotencyKey: key }, deps)).rejects.toMatchObject({
      code: 'IDEMPOTENCY_KEY_REUSED',
    });
  });
});

describe('reissuing a payment link', () => {
  it('opens a fresh link for the same amount, currency and reference, sent to the phone given now', async () => {
    const old = await newLink();
    await vccSays(old, 'ExpiredOnProviderSide');
    const { link: fresh } = await reissue(old);
    expect(fresh).toMatchObject({ kind: 'payment-link', state: 'pending', reissueOf: old.id, amount: '12.40', currency: 'GBP', merchantReference: 'INV-1' });
    expect(digitalRequests.at(-1)?.paymentData).toEqual({
      CustomerPhoneNumber: '+447700900999',
      Amount: '12.40',
      Currency: 'GBP',
      MerchantReferenceCode: 'INV-1',
    });
    expect((await store.getPayment(old.id))?.supersededBy).toBe(fresh.id);
  });

  it.each([
    ['declined', 'Finished', 'REJECT'],
    ['error', 'Error', undefined],
    ['timed_out', 'TimeOut', undefined],
  ] as const)('reissues a %s link', async (_, vccState, decision) => {
    const old = await newLink();
    await vccSays(old, vccState, decision);
    expect((await reissue(old)).replayed).toBe(false);
  });

  it('refuses a paid link', async () => {
    const old = await newLink();
    await vccSays(old, 'Finished', 'ACCEPT');
    await expect(reissue(old)).rejects.toMatchObject({ code: 'LINK_ALREADY_PAID', status: 409 });
    expect((await store.getPayment(old.id))?.supersededBy).toBeNull();
  });

  it('refuses a link VCC still takes payment on, since VCC cannot cancel it', async () => {
    const old = await newLink();
    vccStatuses.set(old.sessionGuid!, status(old, 'InProgress'));
    await expect(reissue(old)).rejects.toMatchObject({ code: 'LINK_STILL_PAYABLE' });
  });

  it('refuses a link we judged expired while VCC still reports it open', async () => {
    const old = await newLink({ now: new Date(Date.now() - 73 * HOUR) });
    await reconcilePaymentSessions(new Date(), { ...deps, onSessionFailed: () => {} });
    expect((await store.getPayment(old.id))?.state).toBe('expired');
    vccStatuses.set(old.sessionGuid!, status(old, 'Created'));
    await expect(reissue(old)).rejects.toMatchObject({ code: 'LINK_STILL_PAYABLE', message: expect.stringContaining('VCC reports it Created') });
  });

  it('finds a link we judged expired was paid after all: refused, and the payment recorded', async () => {
    const old = await newLink({ now: new Date(Date.now() - 73 * HOUR) });
    await reconcilePaymentSessions(new Date(), { ...deps, onSessionFailed: () => {} });
    vccStatuses.set(old.sessionGuid!, status(old, 'Finished', 'ACCEPT'));
    await expect(reissue(old)).rejects.toMatchObject({ code: 'LINK_ALREADY_PAID' });
    expect((await store.getPayment(old.id))?.state).toBe('approved');
    expect(publisher.published.filter((e) => e.data.id === old.id).map((e) => e.id)).toEqual([`evt_${old.id}_expired`, `evt_${old.id}_approved`]);
  });

  it('refuses a link whose result VCC had already purged: it may have been paid', async () => {
    const old = await newLink();
    await vccSays(old, 'Finished');
    await expect(reissue(old)).rejects.toMatchObject({ code: 'LINK_OUTCOME_UNKNOWN' });
  });

  it('gives one new link when two reissues race, and refuses the other', async () => {
    const old = await newLink({ crmReference: crmReference() });
    await vccSays(old, 'ExpiredOnProviderSide');
    const results = await Promise.allSettled([reissue(old), reissue(old), reissue(old)]);
    const created = results.filter((r) => r.status === 'fulfilled');
    const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => (r.reason as ConnectorError).code);
    expect(created).toHaveLength(1);
    expect(refused).toEqual(['LINK_ALREADY_REISSUED', 'LINK_ALREADY_REISSUED']);
    expect(digitalRequests).toHaveLength(2); // the original and the one reissue
    const { payments } = await store.listByCrmReference(old.crmReference!, 10, undefined);
    expect(payments).toHaveLength(2);
  });

  const failingAtVcc = (error: ConnectorError): PaymentLinkDeps => ({
    ...deps,
    vcc: {
      ...deps.vcc,
      createDigitalSession: async () => {
        throw error;
      },
    },
  });
  const reissueWith = (old: Payment, withDeps: PaymentLinkDeps) =>
    reissuePaymentLink(
      { linkId: old.id, request: { agentId: null, paymentData: { CustomerPhoneNumber: '+447700900999' } }, clientId: 'crm', idempotencyKey: null },
      withDeps,
    );

  it('reissues again when VCC certainly did not open the previous reissue, so the debt is never left without a link', async () => {
    const old = await newLink();
    await vccSays(old, 'ExpiredOnProviderSide');
    await expect(
      reissueWith(old, failingAtVcc(new ConnectorError('VCC_UNKNOWN_ACCOUNT_CONFIGURATION', { vccCertainlyDidNotAct: true }))),
    ).rejects.toMatchObject({ code: 'VCC_UNKNOWN_ACCOUNT_CONFIGURATION' });
    const { link } = await reissue(old);
    expect((await store.getPayment(old.id))?.supersededBy).toBe(link.id);
  });

  it('refuses to reissue while a previous reissue VCC may have opened (its answer timed out) could still be paid', async () => {
    const old = await newLink();
    await vccSays(old, 'ExpiredOnProviderSide');
    await expect(reissueWith(old, failingAtVcc(new ConnectorError('VCC_TIMEOUT')))).rejects.toMatchObject({ code: 'VCC_TIMEOUT' });
    await expect(reissue(old)).rejects.toMatchObject({ code: 'LINK_OUTCOME_UNKNOWN', message: expect.stringContaining('could be paid until') });
    expect(digitalRequests).toHaveLength(1); // the original only: the refusal opened nothing
  });

  it('frees the key of a refused reissue, and replays a completed one', async () => {
    const old = await newLink();
    const key = randomUUID();
    vccStatuses.set(old.sessionGuid!, status(old, 'Created'));
    await expect(reissue(old, key)).rejects.toMatchObject({ code: 'LINK_STILL_PAYABLE' });
    await vccSays(old, 'ExpiredOnProviderSide');
    const created = await reissue(old, key);
    expect(await reissue(old, key)).toMatchObject({ replayed: true, link: { id: created.link.id } });
  });

  it('stops before opening the new link when the status check left too little time, with the old link untouched and the key free', async () => {
    const old = await newLink();
    await vccSays(old, 'ExpiredOnProviderSide');
    const key = randomUUID();
    const request = { linkId: old.id, request: { agentId: null, paymentData: { CustomerPhoneNumber: '+447700900999' } }, clientId: 'crm', idempotencyKey: key };
    await expect(reissuePaymentLink(request, { ...deps, hasTimeForVccCall: () => false })).rejects.toMatchObject({
      code: 'VCC_UNAVAILABLE',
      vccCertainlyDidNotAct: true,
    });
    expect((await store.getPayment(old.id))?.supersededBy).toBeNull();
    expect((await reissuePaymentLink(request, deps)).replayed).toBe(false);
  });

  it('says which link replaced an already reissued one', async () => {
    const old = await newLink();
    await vccSays(old, 'ExpiredOnProviderSide');
    const { link } = await reissue(old);
    await expect(reissue(old)).rejects.toMatchObject({ code: 'LINK_ALREADY_REISSUED', details: [{ path: 'supersededBy', message: link.id }] });
  });

  it('refuses an agent-assist session as no link', async () => {
    const { session } = await createPaymentSession({ request: { ...linkRequest(), skipCallTransfer: false }, clientId: 'crm', idempotencyKey: null }, deps);
    await expect(
      reissuePaymentLink(
        { linkId: session.id, request: { agentId: null, paymentData: { CustomerPhoneNumber: '+447700900999' } }, clientId: 'crm', idempotencyKey: null },
        deps,
      ),
    ).rejects.toMatchObject({ code: 'LINK_NOT_FOUND' });
  });
});

describe('the sweep and payment links', () => {
  it('records the payment of a link VCC opened but the store could not record, after the sweep closed it', async () => {
    const flaky: PaymentLinkDeps = {
      ...deps,
      store: {
        ...store,
        recordVccSessionOpened: async () => {
          throw new Error('DynamoDB unavailable');
        },
      },
    };
    const startedAt = new Date(Date.now() - 10 * 60 * 1000);
    const { link, recorded } = (await createPaymentLink(
      { request: linkRequest(), clientId: 'crm', idempotencyKey: null },
      { ...flaky, now: () => startedAt },
    )) as { link: Payment; recorded: boolean };
    expect(recorded).toBe(false);
    await reconcilePaymentSessions(new Date(), { ...deps, onSessionFailed: () => {} });
    expect(await store.getPayment(link.id)).toMatchObject({ state: 'creation_failed', vccMayHaveOpened: true });

    await vccSays(link, 'Finished', 'ACCEPT');
    expect((await store.getPayment(link.id))?.state).toBe('approved');
  });

  const sweepDeps = () => ({
    ...deps,
    onSessionFailed: (error: unknown) => {
      throw error;
    },
  });

  it('expires a link past its time with no outcome, and tells the CRM payment.link.expired', async () => {
    const link = await newLink({ now: new Date(Date.now() - 73 * HOUR) });
    vccStatuses.set(link.sessionGuid!, status(link, 'Created'));
    const report = await reconcilePaymentSessions(new Date(), sweepDeps());
    expect(report.linksExpired).toBeGreaterThanOrEqual(1);
    expect(await store.getPayment(link.id)).toMatchObject({ state: 'expired', vccSessionState: 'Created' });
    expect(publisher.published.filter((e) => e.data.id === link.id)).toMatchObject([{ type: 'payment.link.expired', id: `evt_${link.id}_expired` }]);
  });

  it('recovers a payment whose webhook was lost while the link is open, before VCC purges the result', async () => {
    const link = await newLink({ now: new Date(Date.now() - 11 * 60 * 1000) });
    vccStatuses.set(link.sessionGuid!, status(link, 'Finished', 'ACCEPT'));
    await reconcilePaymentSessions(new Date(), sweepDeps());
    expect((await store.getPayment(link.id))?.state).toBe('approved');
    expect(publisher.published.filter((e) => e.data.id === link.id)).toMatchObject([{ type: 'payment.link.completed' }]);
  });

  it('looks at an open link again at the poll interval, not only at its expiry', async () => {
    const link = await newLink({ now: new Date(Date.now() - 11 * 60 * 1000) });
    vccStatuses.set(link.sessionGuid!, status(link, 'Created'));
    const asOf = new Date();
    await reconcilePaymentSessions(asOf, sweepDeps());
    expect(await store.getPayment(link.id)).toMatchObject({ state: 'pending', dueAt: new Date(asOf.getTime() + 10 * 60 * 1000).toISOString() });
  });

  it('lets a late payment replace an expiry we judged: the money moved', async () => {
    const link = await newLink({ now: new Date(Date.now() - 73 * HOUR) });
    await reconcilePaymentSessions(new Date(), sweepDeps());
    await vccSays(link, 'Finished', 'ACCEPT');
    expect((await store.getPayment(link.id))?.state).toBe('approved');
    expect(publisher.published.filter((e) => e.data.id === link.id).map((e) => e.id)).toEqual([`evt_${link.id}_expired`, `evt_${link.id}_approved`]);
  });
});

describe('listing the payments of a CRM record', () => {
  it('gives sessions and links newest first, a page at a time, and says when there is no next page', async () => {
    const reference = crmReference();
    const ids: string[] = [];
    for (let minute = 0; minute < 5; minute += 1) {
      const at = new Date(Date.UTC(2026, 10, 21, 10, minute));
      if (minute % 2 === 0) ids.push((await newLink({ crmReference: reference, now: at })).id);
      else
        ids.push(
          (
            await createPaymentSession(
              { request: { ...linkRequest({ crmReference: reference }), skipCallTransfer: false }, clientId: 'crm', idempotencyKey: null },
              { ...deps, now: () => at },
            )
          ).session.id,
        );
    }
    await newLink({ crmReference: crmReference() }); // another record's

    const first = await listPayments({ crmReference: reference, pageSize: 2 }, store);
    const second = await listPayments({ crmReference: reference, pageSize: 2, cursor: first.nextCursor! }, store);
    const last = await listPayments({ crmReference: reference, pageSize: 2, cursor: second.nextCursor! }, store);

    expect([...first.payments, ...second.payments, ...last.payments].map((p) => p.id)).toEqual([...ids].reverse());
    expect(first.payments.map((p) => p.kind)).toEqual(['payment-link', 'agent-assist']);
    expect(last).toMatchObject({ nextCursor: null });
    expect(last.payments).toHaveLength(1);
  });

  it('answers an empty list for a record with no payments', async () => {
    expect(await listPayments({ crmReference: crmReference(), pageSize: 20 }, store)).toEqual({ payments: [], nextCursor: null });
  });

  /** The cursor after the first of two payments of a new CRM record. */
  async function realCursor(): Promise<{ reference: string; cursor: string }> {
    const reference = crmReference();
    await newLink({ crmReference: reference, now: new Date(Date.UTC(2026, 10, 21, 10, 0)) });
    await newLink({ crmReference: reference, now: new Date(Date.UTC(2026, 10, 21, 10, 1)) });
    const { nextCursor } = await listPayments({ crmReference: reference, pageSize: 1 }, store);
    return { reference, cursor: nextCursor! };
  }

  it("refuses another CRM record's cursor with INVALID_CURSOR, saying whose it is", async () => {
    const { cursor } = await realCursor();
    const { reference: another } = await realCursor();
    await expect(listPayments({ crmReference: another, pageSize: 1, cursor }, store)).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
      status: 400,
      details: [{ path: 'cursor', message: expect.stringContaining("another crmReference's") }],
    });
  });

  it.each([
    ['cut short', (cursor: string) => cursor.slice(0, -3)],
    ['given a character base64url has not', (cursor: string) => `${cursor.slice(0, 5)}+${cursor.slice(6)}`],
    [
      'made to name an item that is no payment',
      (cursor: string) => Buffer.from(Buffer.from(cursor, 'base64url').toString().replace('SESSION#', 'IDEMPOTENCY#')).toString('base64url'),
    ],
  ])('refuses its own cursor %s with INVALID_CURSOR', async (_, tamper) => {
    const { reference, cursor } = await realCursor();
    await expect(listPayments({ crmReference: reference, pageSize: 1, cursor: tamper(cursor) }, store)).rejects.toMatchObject({
      code: 'INVALID_CURSOR',
      details: [{ path: 'cursor', message: expect.stringContaining('is not a nextCursor this API gave') }],
    });
  });

  it('pages on with its own cursor unchanged', async () => {
    const { reference, cursor } = await realCursor();
    const next = await listPayments({ crmReference: reference, pageSize: 1, cursor }, store);
    expect(next).toMatchObject({ payments: [{ crmReference: reference }], nextCursor: null });
  });

  it.each([
    ['not base64 JSON', '%%%'],
    ['a key of another record', Buffer.from(JSON.stringify({ pk: 'SESSION#x', crmReference: 'someone-else', createdAt: '2026' })).toString('base64url')],
    ['a key with empty values', Buffer.from(JSON.stringify({ pk: '', crmReference: 'r', createdAt: '' })).toString('base64url')],
    ['a key of another kind of item', Buffer.from(JSON.stringify({ pk: 'IDEMPOTENCY#crm#k', crmReference: 'r', createdAt: '2026' })).toString('base64url')],
    ['a key with extra attributes', Buffer.from(JSON.stringify({ pk: 'SESSION#x', crmReference: 'r', createdAt: '2026', state: 'x' })).toString('base64url')],
  ])('refuses a cursor that is %s with INVALID_CURSOR', async (_, cursor) => {
    await expect(listPayments({ crmReference: 'r', pageSize: 20, cursor }, store)).rejects.toMatchObject({ code: 'INVALID_CURSOR' });
  });
});
