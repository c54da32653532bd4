import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Payment } from '#app/model/payment.ts';
import type { PaymentStore } from '#app/ports/payment-store.ts';
import type { VccEventLog } from '#app/ports/vcc-event-log.ts';
import { REDACTED_CARD_NUMBER } from '#app/privacy/payment-result-privacy.ts';
import { type ReceiveVccWebhookDeps, receiveVccWebhook as receiveRaw } from '#app/use-cases/receive-vcc-webhook.ts';
import { applyVccEvents } from '#app/use-cases/vcc-status-reports.ts';
import { resultReadingsOf } from '#app/vcc/vcc-status-change.ts';
import { startEmbeddedStore } from '../support/embedded-store.ts';
import { findCardLikeValues } from '../support/log-audit.ts';
import { creatingPayment } from '../support/payment-fixture.ts';
import { recordingPublisher } from '../support/recording-publisher.ts';

let store: PaymentStore;
let eventLog: VccEventLog;
let stop: () => Promise<void>;
let publisher: ReturnType<typeof recordingPublisher>;
let removedCardNumberPaths: string[][];
let deps: ReceiveVccWebhookDeps;

beforeAll(async () => ({ store, eventLog, stop } = await startEmbeddedStore()));
afterAll(() => stop());
beforeEach(() => {
  publisher = recordingPublisher();
  removedCardNumberPaths = [];
  deps = {
    store,
    eventLog,
    publisher,
    environmentName: 'test',
    resultReadings: resultReadingsOf({}),
    onLeftForSweep: () => {},
    onCardNumberRemoved: (paths) => removedCardNumberPaths.push(paths),
  };
});

/** A session VCC has opened, joined to its VCC session as the create path does. */
async function openSession(): Promise<Payment> {
  const session = creatingPayment({ amount: '12.40', currency: 'GBP' });
  await store.insertPayment(session);
  const sessionGuid = randomUUID();
  const opened = await store.recordVccSessionOpened(session.id, {
    sessionGuid,
    providerSessionGuid: randomUUID(),
    iframeUrl: 'https://pay.example/view/x/framed',
    updatedAt: session.createdAt,
  });
  await eventLog.join(sessionGuid, session.id, session.createdAt);
  return opened;
}

const approvedBody = (sessionGuid: string, lastUpdatedOn = '2026-11-21T10:01:00Z') => ({
  sessionGuid,
  callGuid: null,
  providerSessionGuid: randomUUID(),
  createdOn: '2026-11-21T10:00:00Z',
  lastUpdatedOn,
  sessionState: 'Finished',
  paymentResultData: {
    decision: 'ACCEPT',
    reasonCode: '100',
    transactionType: 'sale',
    requestID: '7000000000000000000001',
    Amount: '1240',
    Currency: 'GBP',
    FirstName: 'John',
    Surname: 'Smith',
    Email: 'john@example.com',
    Street1: '1 High St',
    MerchantReferenceCode: 'INV-1001',
    gatewayExtra: 'kept',
  },
  somethingVccAddedLater: { kept: true },
});

/** A webhook as VCC sends it: JSON text. */
const receiveVccWebhook = (body: unknown, webhookDeps: ReceiveVccWebhookDeps) => receiveRaw(JSON.stringify(body), webhookDeps);
const keptBodyOf = async (sessionGuid: string) => {
  const [event] = await eventLog.eventsOf(sessionGuid);
  return JSON.parse((await eventLog.bodyOf(event!.eventId))!) as Record<string, any>;
};

describe('a VCC webhook', () => {
  it('moves the session to its outcome, normalized, and publishes it once', async () => {
    const session = await openSession();
    const receipt = await receiveVccWebhook(approvedBody(session.sessionGuid!), deps);
    expect(receipt).toMatchObject({ duplicate: false, sessionId: session.id, state: 'approved' });
    expect((await store.getPayment(session.id))?.outcome).toEqual({
      decision: 'ACCEPT',
      reasonCode: '100',
      amountMinor: '1240',
      amount: '12.40',
      currency: 'GBP',
      transactionType: 'sale',
      gatewayReference: '7000000000000000000001',
    });
    expect(publisher.published.map((e) => [e.id, e.type, e.data.state])).toEqual([[`evt_${session.id}_approved`, 'payment.session.completed', 'approved']]);
  });

  it('is recorded once however often it is delivered, and published once', async () => {
    const session = await openSession();
    const receipts = await Promise.all([1, 2, 3].map(() => receiveVccWebhook(approvedBody(session.sessionGuid!), deps)));
    expect(receipts.filter((r) => !r.duplicate)).toHaveLength(1);
    expect(await eventLog.eventsOf(session.sessionGuid!)).toHaveLength(1);
    expect(publisher.published).toHaveLength(1);
  });

  it('cannot move a final payment back with an older, non-final status report', async () => {
    const session = await openSession();
    await receiveVccWebhook(approvedBody(session.sessionGuid!), deps);
    const late = await receiveVccWebhook({ sessionGuid: session.sessionGuid, sessionState: 'InProgress', lastUpdatedOn: '2026-11-21T10:00:30Z' }, deps);
    expect(late).toMatchObject({ duplicate: false, state: 'approved' });
    expect((await eventLog.eventsOf(session.sessionGuid!)).map((e) => e.sessionState)).toEqual(['Finished', 'InProgress']);
  });

  it('completes a session VCC reported finished without its result, when the result comes after all', async () => {
    const session = await openSession();
    await receiveVccWebhook({ ...approvedBody(session.sessionGuid!, '2026-11-21T10:20:00Z'), paymentResultData: null }, deps);
    const retried = await receiveVccWebhook(approvedBody(session.sessionGuid!), deps);
    expect(retried.state).toBe('approved');
    expect(publisher.published.map((e) => [e.id, e.data.state])).toEqual([
      [`evt_${session.id}_finished`, 'finished'],
      [`evt_${session.id}_approved`, 'approved'],
    ]);
    await receiveVccWebhook(
      { sessionGuid: session.sessionGuid, sessionState: 'Finished', lastUpdatedOn: '2026-11-21T10:30:00Z', paymentResultData: null },
      deps,
    );
    expect((await store.getPayment(session.id))?.state).toBe('approved');
  });

  it('keeps unknown states as received, without ending the session', async () => {
    const session = await openSession();
    const receipt = await receiveVccWebhook({ sessionGuid: session.sessionGuid, sessionState: 'AwaitingThreeDS', lastUpdatedOn: '2026-11-21T10:00:30Z' }, deps);
    expect(receipt.state).toBe('pending');
    expect((await store.getPayment(session.id))?.vccSessionState).toBe('AwaitingThreeDS');
  });

  it('for a session not joined yet is kept, then applied when the session is joined', async () => {
    const session = creatingPayment();
    await store.insertPayment(session);
    const sessionGuid = randomUUID();
    const early = await receiveVccWebhook(approvedBody(sessionGuid), deps);
    expect(early).toMatchObject({ duplicate: false, sessionId: null });

    await store.recordVccSessionOpened(session.id, {
      sessionGuid,
      providerSessionGuid: randomUUID(),
      iframeUrl: 'https://pay.example/view/x/framed',
      updatedAt: session.createdAt,
    });
    const joined = await applyVccEvents(session.id, await eventLog.join(sessionGuid, session.id, new Date().toISOString()), deps);
    expect(joined?.state).toBe('approved');
    expect(publisher.published).toHaveLength(1);
  });

  it("keeps the outcome owed when the bus is down, for whoever finds it once the first attempt's hold ends", async () => {
    const session = await openSession();
    publisher.failNext();
    await receiveVccWebhook(approvedBody(session.sessionGuid!), deps);
    expect((await store.getPayment(session.id))?.dueWork).toBe('PUBLISH');

    await receiveVccWebhook(approvedBody(session.sessionGuid!), deps);
    expect(publisher.published).toHaveLength(0);
    const later = await receiveVccWebhook(approvedBody(session.sessionGuid!), { ...deps, now: () => new Date(Date.now() + 2 * 60_000) });
    expect(later.duplicate).toBe(true);
    expect(publisher.published).toHaveLength(1);
    expect((await store.getPayment(session.id))?.dueWork).toBeUndefined();
  });

  it('is stored without card-holder details, keeping unknown fields', async () => {
    const session = await openSession();
    await receiveVccWebhook(approvedBody(session.sessionGuid!), deps);
    const kept = await keptBodyOf(session.sessionGuid!);
    expect(kept.paymentResultData).toEqual({
      decision: 'ACCEPT',
      reasonCode: '100',
      transactionType: 'sale',
      requestID: '7000000000000000000001',
      Amount: '1240',
      Currency: 'GBP',
      MerchantReferenceCode: 'INV-1001',
      gatewayExtra: 'kept',
    });
    expect(kept).toMatchObject({ somethingVccAddedLater: { kept: true } });
  });

  it('has anything that looks like a card number removed before it is stored', async () => {
    const session = await openSession();
    const body = approvedBody(session.sessionGuid!);
    body.paymentResultData.gatewayExtra = '4111 1111 1111 1111';
    await receiveVccWebhook(body, deps);
    const [event] = await eventLog.eventsOf(session.sessionGuid!);
    expect((await keptBodyOf(session.sessionGuid!)).paymentResultData.gatewayExtra).toBe(REDACTED_CARD_NUMBER);
    expect(findCardLikeValues(JSON.stringify(event))).toEqual([]);
    expect(findCardLikeValues((await eventLog.bodyOf(event!.eventId)) ?? '')).toEqual([]);
    expect(removedCardNumberPaths).toEqual([['paymentResultData.gatewayExtra']]);
  });

  it('removes a gateway reference that looks like a card number: a lost reference is recoverable, a kept card number is not', async () => {
    const session = await openSession();
    const body = approvedBody(session.sessionGuid!);
    body.paymentResultData.requestID = '4111111111111111';
    await receiveVccWebhook(body, deps);
    expect((await store.getPayment(session.id))?.outcome?.gatewayReference).toBe(REDACTED_CARD_NUMBER);
    expect(removedCardNumberPaths).toEqual([['paymentResultData.requestID']]);
  });

  it('removes card numbers sent as JSON numbers, in any field, however long', async () => {
    const session = await openSession();
    const text = JSON.stringify(approvedBody(session.sessionGuid!)).replace(
      '"gatewayExtra":"kept"',
      '"gatewayExtra":4111111111111111,"nested":{"requestID":4000000000000000006}',
    );
    const receipt = await receiveRaw(text, deps);
    expect(receipt.state).toBe('approved');
    const [event] = await eventLog.eventsOf(session.sessionGuid!);
    const kept = (await eventLog.bodyOf(event!.eventId))!;
    expect(kept).not.toMatch(/4111111111111111|4000000000000000006/);
  });

  it('removes a card number spread over several values, and keeps the body JSON', async () => {
    const session = await openSession();
    const body = { ...approvedBody(session.sessionGuid!), notes: [4111, 1111, 1111, 1111] };
    await receiveVccWebhook(body, deps);
    const kept = await keptBodyOf(session.sessionGuid!);
    expect(findCardLikeValues(JSON.stringify(kept.notes))).toEqual([]);
    expect(removedCardNumberPaths).toEqual([['(body text)']]);
  });

  it('drops echoed card-holder and card fields a gateway may add', async () => {
    const session = await openSession();
    const body = approvedBody(session.sessionGuid!) as ReturnType<typeof approvedBody> & { paymentResultData: Record<string, string> };
    Object.assign(body.paymentResultData, {
      req_bill_to_forename: 'John',
      cardholderName: 'J SMITH',
      req_card_expiry_date: '12-2030',
      maskedPan: '411111xxxxxx1111',
    });
    await receiveVccWebhook(body, deps);
    const [event] = await eventLog.eventsOf(session.sessionGuid!);
    expect(JSON.stringify(event) + (await eventLog.bodyOf(event!.eventId))).not.toMatch(/J SMITH|12-2030|411111xxxxxx1111|"John"/);
  });

  it('keeps fields of unexpected types as received, and a result that is not an object gives no outcome', async () => {
    const session = await openSession();
    const receipt = await receiveVccWebhook(
      { sessionGuid: session.sessionGuid, sessionState: 'Finished', lastUpdatedOn: '2026-11-21T10:01:00Z', callGuid: 42, paymentResultData: 'unavailable' },
      deps,
    );
    expect(receipt.state).toBe('finished');
    expect(await keptBodyOf(session.sessionGuid!)).toMatchObject({ callGuid: 42, paymentResultData: 'unavailable' });
  });

  it('is answered as stored when applying it fails, and the sweep is told to apply it', async () => {
    const session = await openSession();
    const left: [string, string][] = [];
    const brokenStore = { ...store, applyStatusChange: () => Promise.reject(new Error('DynamoDB throttled')) };
    const receipt = await receiveVccWebhook(approvedBody(session.sessionGuid!), {
      ...deps,
      store: brokenStore,
      onLeftForSweep: (_, id, step) => left.push([id, step]),
    });
    expect(receipt).toMatchObject({ duplicate: false, sessionId: session.id, state: null });
    expect(left).toEqual([[session.id, 'apply']]);
    expect(await eventLog.eventsOf(session.sessionGuid!)).toHaveLength(1);
  });

  it.each([
    ['no sessionGuid', { sessionState: 'Finished', lastUpdatedOn: '2026-11-21T10:01:00Z' }, 'sessionGuid'],
    ['an empty sessionGuid', { sessionGuid: ' ', sessionState: 'Finished' }, 'sessionGuid'],
    ['a sessionGuid that is an object', { sessionGuid: { id: 'g-1' }, sessionState: 'Finished' }, 'sessionGuid'],
    ['a body that is not an object', ['Finished'], '(body)'],
    ['a body that is null', null, '(body)'],
  ])("with %s can never be VCC's: it is refused with what to fix, and nothing is stored", async (_, body, path) => {
    await expect(receiveVccWebhook(body, deps)).rejects.toMatchObject({ code: 'INVALID_REQUEST', details: [expect.objectContaining({ path })] });
    expect(await eventLog.eventsOf('g-1')).toEqual([]);
  });

  it('that is not JSON is refused as such', async () => {
    await expect(receiveRaw('{"sessionGuid": "g-1",', deps)).rejects.toMatchObject({ code: 'INVALID_JSON' });
  });

  it.each([
    ['no sessionState', { lastUpdatedOn: '2026-11-21T10:01:00Z' }],
    ['no lastUpdatedOn', { sessionState: 'Finished' }],
    ['an unreadable lastUpdatedOn', { sessionState: 'Finished', lastUpdatedOn: 'yesterday' }],
    ['a sessionState of another type', { sessionState: { odd: true }, lastUpdatedOn: '2026-11-21T10:01:00Z' }],
    [
      'a __proto__ key in its result',
      JSON.parse('{"sessionState":"Finished","paymentResultData":{"__proto__":{"decision":"ACCEPT"},"constructor":{"prototype":{"x":1}}}}'),
    ],
  ])("with %s may still be VCC's: it is kept", async (_, fields) => {
    const guid = randomUUID();
    const receipt = await receiveVccWebhook({ sessionGuid: guid, ...fields }, deps);
    expect(receipt).toMatchObject({ duplicate: false, sessionId: null });
    expect(await eventLog.eventsOf(guid)).toHaveLength(1);
  });

  it('whose numbers no JavaScript number holds, or nested deeper than DynamoDB allows, is kept whole', async () => {
    const guid = randomUUID();
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const text = `{"sessionGuid":"${guid}","sessionState":"Finished","requestID":1234567890123456789012,"tiny":1e-320,"deep":${deep}}`;
    await receiveRaw(text, deps);
    const [event] = await eventLog.eventsOf(guid);
    const kept = (await eventLog.bodyOf(event!.eventId))!;
    expect(kept).toContain('"1234567890123456789012"');
    expect(kept).toContain('1e-320');
    expect(kept).toContain(deep);
  });

  it("ends a payment on VCC's final word even after an odd report stamped in the future", async () => {
    const session = await openSession();
    await receiveVccWebhook({ sessionGuid: session.sessionGuid, sessionState: 'SomethingNew', lastUpdatedOn: '2099-01-01T00:00:00Z' }, deps);
    const ended = await receiveVccWebhook({ sessionGuid: session.sessionGuid, sessionState: 'TimeOut', lastUpdatedOn: '2026-11-21T10:05:00Z' }, deps);
    expect(ended.state).toBe('timed_out');
    expect(publisher.published.map((e) => e.data.state)).toEqual(['timed_out']);
  });
});
