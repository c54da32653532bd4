import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { vccPaymentClient } from '#app/adapters/vcc/vcc-payment-client.ts';
import { vccTokenProvider } from '#app/adapters/vcc/vcc-token-provider.ts';
import { requestFingerprint } from '#app/model/request-fingerprint.ts';
import type { PaymentStore } from '#app/ports/payment-store.ts';
import type { VccEventLog } from '#app/ports/vcc-event-log.ts';
import type { VccPaymentClient } from '#app/ports/vcc-payment-client.ts';
import { type CreatePaymentSessionDeps, createPaymentSession } from '#app/use-cases/create-payment-session.ts';
import { resultReadingsOf } from '#app/vcc/vcc-status-change.ts';
import { startVccSimulator, type VccSimulator } from '../../local/vcc-simulator/index.ts';
import { startEmbeddedStore } from '../support/embedded-store.ts';
import { creatingPayment } from '../support/payment-fixture.ts';
import { recordingPublisher } from '../support/recording-publisher.ts';

const credentials = { clientId: 'client', clientSecret: 'secret' };
let store: PaymentStore;
let stopStore: () => Promise<void>;
let simulator: VccSimulator;
let vcc: VccPaymentClient;
let deps: CreatePaymentSessionDeps;

beforeAll(async () => {
  let eventLog: VccEventLog;
  ({ store, eventLog, stop: stopStore } = await startEmbeddedStore());
  simulator = await startVccSimulator({ credentials: [credentials], accountConfigurationIds: [1] });
  const tokens = vccTokenProvider({ tokenUrl: simulator.tokenUrl, credentials: { get: async () => credentials }, timeoutMs: 2000 });
  vcc = vccPaymentClient({ baseUrl: simulator.url, tokens, timeoutMs: 2000 });
  deps = {
    store,
    eventLog,
    vcc,
    paymentFlows: { 'card-payment': 1 },
    publisher: recordingPublisher(),
    environmentName: 'test',
    resultReadings: resultReadingsOf({}),
    onLeftForSweep: () => {},
  };
});
afterAll(async () => {
  await simulator.stop();
  await stopStore();
});

const input = (idempotencyKey: string) => ({
  request: { agentId: 'agent-1', paymentData: { Amount: '1.00', Currency: 'GBP' }, paymentFlow: 'card-payment', crmReference: null, skipCallTransfer: true },
  clientId: 'crm',
  idempotencyKey,
});

describe('creating a payment session', () => {
  it('frees the idempotency key when the session could not be recorded, so a retry can succeed', async () => {
    const key = randomUUID();
    const failingStore: PaymentStore = {
      ...store,
      insertPayment: async () => {
        throw new Error('DynamoDB unavailable');
      },
    };

    await expect(createPaymentSession(input(key), { ...deps, store: failingStore })).rejects.toThrow('DynamoDB unavailable');
    const retried = await createPaymentSession(input(key), deps);

    expect(retried.replayed).toBe(false);
  });

  it.each([
    ['still running (recorded a moment ago)', 30_000, 'IDEMPOTENCY_REQUEST_IN_PROGRESS'],
    ['abandoned by an invocation that died (recorded 3 minutes ago)', 180_000, 'VCC_TIMEOUT'],
  ])('answers a retry of a request %s with %s', async (_, ageMs, code) => {
    const key = randomUUID();
    const now = new Date('2026-11-21T10:00:00Z');
    const recordedAt = new Date(now.getTime() - ageMs).toISOString();
    const first = creatingPayment({ createdAt: recordedAt, idempotencyKey: key });
    await store.claimIdempotencyKey({ clientId: 'crm', key, requestHash: requestFingerprint(input(key).request), sessionId: first.id, createdAt: recordedAt });
    await store.insertPayment(first);

    await expect(createPaymentSession(input(key), { ...deps, now: () => now })).rejects.toMatchObject({ code });
  });

  it.each([
    ['a moment ago: its request may still be recording it', 5_000, 'IDEMPOTENCY_REQUEST_IN_PROGRESS'],
    ['longer ago than any request runs: nothing reached VCC, so the key is free again', 31_000, null],
  ])('treats a key claimed for a session that was never recorded %s', async (_, ageMs, code) => {
    const key = randomUUID();
    const now = new Date('2026-11-21T10:00:00Z');
    const claimedAt = new Date(now.getTime() - ageMs).toISOString();
    await store.claimIdempotencyKey({
      clientId: 'crm',
      key,
      requestHash: requestFingerprint(input(key).request),
      sessionId: randomUUID(),
      createdAt: claimedAt,
    });

    const retry = createPaymentSession(input(key), { ...deps, now: () => now });
    if (code) await expect(retry).rejects.toMatchObject({ code });
    else expect((await retry).replayed).toBe(false);
  });

  it('still hands the agent the form when VCC opened the session but the store could not record it', async () => {
    const flakyStore: PaymentStore = {
      ...store,
      recordVccSessionOpened: async () => {
        throw new Error('DynamoDB unavailable');
      },
    };
    const result = await createPaymentSession(input(randomUUID()), { ...deps, store: flakyStore });
    expect(result).toMatchObject({
      replayed: false,
      recorded: false,
      session: { state: 'pending', sessionGuid: expect.any(String) },
      agentAccess: { agentAccessToken: expect.any(String) },
    });
  });

  it('frees the key when the token endpoint could not be reached, since VCC never saw the request', async () => {
    const key = randomUUID();
    const unreachableTokens = vccTokenProvider({
      tokenUrl: 'http://127.0.0.1:1/Auth/connect/token',
      credentials: { get: async () => credentials },
      timeoutMs: 2000,
    });
    const cutOff = vccPaymentClient({ baseUrl: simulator.url, tokens: unreachableTokens, timeoutMs: 2000 });

    await expect(createPaymentSession(input(key), { ...deps, vcc: cutOff })).rejects.toMatchObject({ code: 'VCC_UNAVAILABLE', vccCertainlyDidNotAct: true });
    expect((await createPaymentSession(input(key), deps)).replayed).toBe(false);
  });
});
