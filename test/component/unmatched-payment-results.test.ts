import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Payment } from '#app/model/payment.ts';
import type { PaymentStore } from '#app/ports/payment-store.ts';
import type { VccEventLog } from '#app/ports/vcc-event-log.ts';
import { type ReceiveVccWebhookDeps, receiveVccWebhook } from '#app/use-cases/receive-vcc-webhook.ts';
import { attachVccSession, matchUnmatchedResults } from '#app/use-cases/unmatched-payment-results.ts';
import { resultReadingsOf } from '#app/vcc/vcc-status-change.ts';
import { startEmbeddedStore } from '../support/embedded-store.ts';
import { creatingPayment } from '../support/payment-fixture.ts';
import { recordingPublisher } from '../support/recording-publisher.ts';

let store: PaymentStore;
let eventLog: VccEventLog;
let stop: () => Promise<void>;
let publisher: ReturnType<typeof recordingPublisher>;
let deps: ReceiveVccWebhookDeps;

// A fresh table per test: the sweep counts every unmatched result in it.
beforeEach(async () => {
  ({ store, eventLog, stop } = await startEmbeddedStore());
  publisher = recordingPublisher();
  deps = {
    store,
    eventLog,
    publisher,
    environmentName: 'test',
    resultReadings: resultReadingsOf({}),
    onLeftForSweep: () => {},
    onCardNumberRemoved: () => {},
  };
});
afterEach(() => stop());

const LATER = () => new Date(Date.now() + 5 * 60_000);

/** VCC opened the session or link but answered after our timeout: we recorded a failure. */
async function timedOutCreation(overrides: Partial<Payment> = {}): Promise<Payment> {
  const session = creatingPayment({
    amount: '12.40',
    currency: 'GBP',
    merchantReference: 'INV-1001',
    expiresAt: new Date(Date.now() + 72 * 3600_000).toISOString(),
    ...overrides,
  });
  await store.insertPayment(session);
  await store.recordCreationFailed(session.id, { failureCode: 'VCC_TIMEOUT', vccMayHaveOpened: true }, new Date().toISOString());
  return (await store.getPayment(session.id))!;
}

/** The customer paid: VCC's webhook for the session we never learned of. */
const paidWebhook = (sessionGuid: string, { amount = '1240', reference = 'INV-1001' } = {}) =>
  receiveVccWebhook(
    JSON.stringify({
      sessionGuid,
      sessionState: 'Finished',
      lastUpdatedOn: new Date().toISOString(),
      paymentResultData: { decision: 'ACCEPT', reasonCode: '100', requestID: 'ref-77', Amount: amount, Currency: 'GBP', MerchantReferenceCode: reference },
    }),
    deps,
  );

describe('a payment result for a VCC session no payment is joined to', () => {
  it('is kept and awaits its payment, answered as stored', async () => {
    const sessionGuid = randomUUID();
    expect(await paidWebhook(sessionGuid)).toMatchObject({ duplicate: false, sessionId: null });
    expect((await eventLog.findAwaitingJoin(LATER().toISOString(), 10)).sessionGuids).toEqual([sessionGuid]);
  });

  it('is joined by the sweep to the one failed creation it echoes, and the CRM is told once', async () => {
    const payment = await timedOutCreation();
    const other = await timedOutCreation({ amount: '99.00', merchantReference: 'INV-2' });
    const sessionGuid = randomUUID();
    await paidWebhook(sessionGuid);

    const report = await matchUnmatchedResults(LATER(), deps);

    expect(report).toEqual({ matched: 1, unmatched: 0, unmatchedSessionGuids: [] });
    const joined = await store.getPayment(payment.id);
    expect(joined).toMatchObject({ state: 'approved', sessionGuid, outcome: { decision: 'ACCEPT', amount: '12.40', gatewayReference: 'ref-77' } });
    expect(publisher.published.map((event) => [event.data.id, event.data.state])).toEqual([[payment.id, 'approved']]);
    expect((await store.getPayment(other.id))?.state).toBe('creation_failed');
    expect(await matchUnmatchedResults(LATER(), deps)).toEqual({ matched: 0, unmatched: 0, unmatchedSessionGuids: [] });
  });

  it('is left for an operator, and counted for the alarm, when two failed creations could be its payment', async () => {
    const first = await timedOutCreation();
    const second = await timedOutCreation();
    const sessionGuid = randomUUID();
    await paidWebhook(sessionGuid);

    expect(await matchUnmatchedResults(LATER(), deps)).toEqual({ matched: 0, unmatched: 1, unmatchedSessionGuids: [sessionGuid] });
    expect([(await store.getPayment(first.id))?.state, (await store.getPayment(second.id))?.state]).toEqual(['creation_failed', 'creation_failed']);

    const attached = await attachVccSession(sessionGuid, second.id, deps);
    expect(attached).toMatchObject({ state: 'approved', sessionGuid });
    expect(publisher.published.map((event) => event.data.id)).toEqual([second.id]);
    expect((await matchUnmatchedResults(LATER(), deps)).unmatched).toBe(0);
  });

  it('is counted for the alarm when no payment echoes it: another amount, another reference', async () => {
    await timedOutCreation();
    const wrongAmount = randomUUID();
    const wrongReference = randomUUID();
    await paidWebhook(wrongAmount, { amount: '1241' });
    await paidWebhook(wrongReference, { reference: 'INV-9' });
    const report = await matchUnmatchedResults(LATER(), deps);
    expect(report.matched).toBe(0);
    expect(report.unmatched).toBe(2);
    expect(report.unmatchedSessionGuids.sort()).toEqual([wrongAmount, wrongReference].sort());
  });

  it('is not counted while the create call of its payment may still be joining it', async () => {
    await paidWebhook(randomUUID());
    expect((await matchUnmatchedResults(new Date(), deps)).unmatched).toBe(0);
  });

  it('cannot be attached by an operator to a payment that has its VCC session', async () => {
    const session = creatingPayment();
    await store.insertPayment(session);
    await store.recordVccSessionOpened(session.id, {
      sessionGuid: randomUUID(),
      providerSessionGuid: null,
      iframeUrl: 'https://pay.example/x',
      updatedAt: session.createdAt,
    });
    await expect(attachVccSession(randomUUID(), session.id, deps)).rejects.toMatchObject({ code: 'INVALID_REQUEST' });
  });
});
