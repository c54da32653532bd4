import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPaymentSession } from '#shared/payment-sessions/create-payment-session.ts';
import type { PaymentSessionStore } from '#shared/stores/payment-session-store.ts';
import { vccPaymentClient, type VccPaymentClient } from '#shared/vcc/vcc-payment-client.ts';
import { vccTokenProvider } from '#shared/vcc/vcc-token-provider.ts';
import { startVccSimulator, type VccSimulator } from '../../local/vcc-simulator/index.ts';
import { startEmbeddedStore } from '../support/embedded-store.ts';

const credentials = { clientId: 'client', clientSecret: 'secret' };
let store: PaymentSessionStore;
let stopStore: () => Promise<void>;
let simulator: VccSimulator;
let vcc: VccPaymentClient;

beforeAll(async () => {
  ({ store, stop: stopStore } = await startEmbeddedStore());
  simulator = await startVccSimulator({ credentials: [credentials], accountConfigurationIds: [1] });
  const tokens = vccTokenProvider({ tokenUrl: simulator.tokenUrl, credentials: { get: async () => credentials }, timeoutMs: 2000 });
  vcc = vccPaymentClient({ baseUrl: simulator.url, tokens, timeoutMs: 2000 });
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
    const failingStore: PaymentSessionStore = { ...store, insertSession: async () => { throw new Error('DynamoDB unavailable'); } };

    await expect(createPaymentSession(input(key), { store: failingStore, vcc, paymentFlows: { 'card-payment': 1 } })).rejects.toThrow('DynamoDB unavailable');
    const retried = await createPaymentSession(input(key), { store, vcc, paymentFlows: { 'card-payment': 1 } });

    expect(retried.outcome).toBe('created');
  });

  it('tells a retry of an abandoned request (an invocation that died mid-way) that VCC\'s answer is unknown', async () => {
    const key = randomUUID();
    let now = new Date('2026-11-21T10:00:00Z');
    const neverAnswers: VccPaymentClient = { ...vcc, createAgentAssistSession: () => new Promise(() => undefined) };
    void createPaymentSession(input(key), { store, vcc: neverAnswers, paymentFlows: { 'card-payment': 1 }, now: () => now });
    await new Promise((resolve) => setTimeout(resolve, 200));

    const whileRunning = createPaymentSession(input(key), { store, vcc, paymentFlows: { 'card-payment': 1 }, now: () => now });
    await expect(whileRunning).rejects.toMatchObject({ code: 'IDEMPOTENCY_REQUEST_IN_PROGRESS' });
    now = new Date('2026-11-21T10:03:00Z');
    const afterwards = createPaymentSession(input(key), { store, vcc, paymentFlows: { 'card-payment': 1 }, now: () => now });
    await expect(afterwards).rejects.toMatchObject({ code: 'VCC_TIMEOUT' });
  });
});
