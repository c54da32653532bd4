import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Payment } from '#app/model/payment.ts';
import type { PaymentStore } from '#app/ports/payment-store.ts';
import type { VccEventLog } from '#app/ports/vcc-event-log.ts';
import type { VccPaymentClient, VccSessionStatus } from '#app/ports/vcc-payment-client.ts';
import { type ReconcileDeps, reconcilePaymentSessions } from '#app/use-cases/reconcile-payment-sessions.ts';
import { vccEventFrom } from '#app/vcc/vcc-event.ts';
import { resultReadingsOf } from '#app/vcc/vcc-status-change.ts';
import { startEmbeddedStore } from '../support/embedded-store.ts';
import { creatingPayment } from '../support/payment-fixture.ts';
import { recordingPublisher } from '../support/recording-publisher.ts';

let store: PaymentStore;
let eventLog: VccEventLog;
let stop: () => Promise<void>;
let publisher: ReturnType<typeof recordingPublisher>;
/** What VCC says of each sessionGuid; VCC itself is exercised over HTTP in the integration tests. */
let vccStatuses: Map<string, VccSessionStatus>;
let deps: ReconcileDeps;

beforeAll(async () => ({ store, eventLog, stop } = await startEmbeddedStore()));
afterAll(() => stop());
beforeEach(() => {
  publisher = recordingPublisher();
  vccStatuses = new Map();
  const vcc: VccPaymentClient = {
    createAgentAssistSession: () => Promise.reject(new Error('not used')),
    createDigitalSession: () => Promise.reject(new Error('not used')),
    getSession: async (guid) => vccStatuses.get(guid),
  };
  deps = {
    store,
    eventLog,
    publisher,
    vcc,
    environmentName: 'test',
    resultReadings: resultReadingsOf({}),
    onLeftForSweep: () => {},
    onSessionFailed: () => {},
  };
});

const MINUTE = 60_000;

/** A session whose form expired `minutesAgo` minutes before `asOf`, due for reconciliation since. */
async function overdueSession(asOf: Date, minutesAgo: number, opened = true): Promise<Payment> {
  const expiresAt = new Date(asOf.getTime() - minutesAgo * MINUTE).toISOString();
  const session = creatingPayment({ expiresAt, dueWork: 'RECONCILE', dueAt: expiresAt });
  await store.insertPayment(session);
  if (!opened) return session;
  return store.recordVccSessionOpened(session.id, {
    sessionGuid: randomUUID(),
    providerSessionGuid: randomUUID(),
    iframeUrl: 'https://pay.example/view/x/framed',
    updatedAt: session.createdAt,
  });
}

const finished = (sessionGuid: string): VccSessionStatus => ({
  sessionGuid,
  sessionState: 'Finished',
  lastUpdatedOn: '2026-11-21T10:01:00Z',
  paymentResultData: { decision: 'REJECT', reasonCode: '203', Amount: '100', Currency: 'GBP', transactionType: 'sale', requestID: 'r-1' },
});

// Each test sweeps a year before the previous one, so what earlier tests left due is never due for it.
let latestSweep = Date.UTC(2100, 0, 1);
const sweepTime = () => new Date((latestSweep -= 365 * 24 * 60 * MINUTE));

describe('the reconciliation sweep', () => {
  it('asks VCC about a session whose webhook never came, applies the answer and publishes it', async () => {
    const asOf = sweepTime();
    const session = await overdueSession(asOf, 1);
    vccStatuses.set(session.sessionGuid!, finished(session.sessionGuid!));
    const report = await reconcilePaymentSessions(asOf, deps);
    expect(report).toMatchObject({ resolved: 1, unresolved: 0 });
    expect((await store.getPayment(session.id))?.state).toBe('declined');
    expect(publisher.published.map((e) => e.data.id)).toEqual([session.id]);
    expect((await eventLog.eventsOf(session.sessionGuid!)).map((e) => e.source)).toEqual(['reconciliation']);
  });

  it('applies status reports recorded before the VCC session was joined, without asking VCC', async () => {
    const asOf = sweepTime();
    const session = await overdueSession(asOf, 1);
    const early = vccEventFrom(finished(session.sessionGuid!), 'webhook', asOf.toISOString(), deps.resultReadings.fields);
    await eventLog.record(early, JSON.stringify(finished(session.sessionGuid!)), null);
    const report = await reconcilePaymentSessions(asOf, deps);
    expect(report.resolved).toBe(1);
    expect((await store.getPayment(session.id))?.state).toBe('declined');
  });

  it('closes a session whose creation died before VCC answered', async () => {
    const asOf = sweepTime();
    const session = await overdueSession(asOf, 1, false);
    expect((await reconcilePaymentSessions(asOf, deps)).creationsAbandoned).toBe(1);
    expect(await store.getPayment(session.id)).toMatchObject({ state: 'creation_failed', failureCode: 'VCC_TIMEOUT' });
    expect(publisher.published).toEqual([]);
  });

  it('looks again a minute later while VCC has no final word', async () => {
    const asOf = sweepTime();
    const session = await overdueSession(asOf, 1);
    vccStatuses.set(session.sessionGuid!, { sessionGuid: session.sessionGuid!, sessionState: 'InProgress', lastUpdatedOn: '2026-11-21T10:00:00Z' });
    expect((await reconcilePaymentSessions(asOf, deps)).stillOpen).toBe(1);
    expect((await store.getPayment(session.id))?.vccSessionState).toBe('InProgress');
    // Progress reports move the session but stay out of its history, which polling would fill.
    expect(await eventLog.eventsOf(session.sessionGuid!)).toEqual([]);
    expect((await reconcilePaymentSessions(asOf, deps)).stillOpen).toBe(0);
    expect((await reconcilePaymentSessions(new Date(asOf.getTime() + MINUTE), deps)).stillOpen).toBe(1);
  });

  it('looks less often at a session the longer it is overdue, at most hourly', async () => {
    const asOf = sweepTime();
    const session = await overdueSession(asOf, 60);
    await reconcilePaymentSessions(asOf, deps);
    expect((await store.getPayment(session.id))?.dueAt).toBe(new Date(asOf.getTime() + 15 * MINUTE).toISOString());
  });

  it('puts a session whose VCC call failed behind the others, so it cannot block the sweep', async () => {
    const asOf = sweepTime();
    const session = await overdueSession(asOf, 1);
    const failed: string[] = [];
    const unreachable = { ...deps.vcc, getSession: () => Promise.reject(new Error('VCC timed out')) };
    const report = await reconcilePaymentSessions(asOf, { ...deps, vcc: unreachable, onSessionFailed: (_, id) => failed.push(id) });
    expect([report.failed, failed]).toEqual([1, [session.id]]);
    expect((await store.getPayment(session.id))?.dueAt).toBe(new Date(asOf.getTime() + MINUTE).toISOString());
  });

  it('takes no more sessions once the invocation is running out of time', async () => {
    const asOf = sweepTime();
    const session = await overdueSession(asOf, 1);
    vccStatuses.set(session.sessionGuid!, finished(session.sessionGuid!));
    const report = await reconcilePaymentSessions(asOf, { ...deps, hasTimeLeft: () => false });
    expect(report.resolved).toBe(0);
    expect((await store.getPayment(session.id))?.state).toBe('pending');
  });

  it('counts a session still open long after it should have ended as unresolved', async () => {
    const asOf = sweepTime();
    const session = await overdueSession(asOf, 16);
    expect(await reconcilePaymentSessions(asOf, deps)).toMatchObject({ unresolved: 1, unresolvedSessionIds: [session.id], stillOpen: 1 });
    // Looked at again only minutes later, it still counts in every sweep meanwhile.
    expect(await reconcilePaymentSessions(new Date(asOf.getTime() + MINUTE), deps)).toMatchObject({ unresolved: 1, stillOpen: 0 });
  });

  it('publishes an outcome the bus refused earlier', async () => {
    const asOf = sweepTime();
    const session = await overdueSession(asOf, 1);
    vccStatuses.set(session.sessionGuid!, finished(session.sessionGuid!));
    publisher.failNext();
    await reconcilePaymentSessions(asOf, deps);
    expect(publisher.published).toEqual([]);
    expect((await reconcilePaymentSessions(new Date(asOf.getTime() + MINUTE), deps)).published).toBe(1);
    expect(publisher.published.map((e) => e.data.id)).toEqual([session.id]);
  });

  it('leaves sessions that are not yet due alone', async () => {
    const asOf = sweepTime();
    const session = await overdueSession(asOf, -2);
    vccStatuses.set(session.sessionGuid!, finished(session.sessionGuid!));
    await reconcilePaymentSessions(asOf, deps);
    expect((await store.getPayment(session.id))?.state).toBe('pending');
  });
});
