import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Payment } from '#app/model/payment.ts';
import type { PaymentStore, StatusChange } from '#app/ports/payment-store.ts';
import { startEmbeddedStore } from '../support/embedded-store.ts';
import { creatingPayment } from '../support/payment-fixture.ts';

let store: PaymentStore;
let stop: () => Promise<void>;
beforeAll(async () => ({ store, stop } = await startEmbeddedStore()));
afterAll(() => stop());

const pendingSession = async (): Promise<Payment> => {
  const session = creatingPayment();
  await store.insertPayment(session);
  return store.recordVccSessionOpened(session.id, {
    sessionGuid: randomUUID(),
    providerSessionGuid: randomUUID(),
    iframeUrl: 'https://pay.example/view/x/framed',
    updatedAt: session.createdAt,
  });
};

const change = (state: StatusChange['state'], vccSessionState: string, vccLastUpdatedOn: string | null): StatusChange => ({
  state,
  vccSessionState,
  vccLastUpdatedOn,
  outcome: null,
  updatedAt: new Date().toISOString(),
});

describe("a payment's state only moves forward", () => {
  it('applies a newer status change', async () => {
    const { id } = await pendingSession();
    await store.applyStatusChange(id, change('pending', 'Created', '2026-11-21T10:00:00.000Z'));
    const applied = await store.applyStatusChange(id, change('pending', 'InProgress', '2026-11-21T10:01:00.000Z'));
    expect(applied?.vccSessionState).toBe('InProgress');
  });

  it('ignores a status change older than what it holds', async () => {
    const { id } = await pendingSession();
    await store.applyStatusChange(id, change('pending', 'InProgress', '2026-11-21T10:01:00.000Z'));
    const kept = await store.applyStatusChange(id, change('pending', 'Created', '2026-11-21T10:00:00.000Z'));
    expect(kept?.vccSessionState).toBe('InProgress');
  });

  it('never leaves a final state, even for a newer status change', async () => {
    const { id } = await pendingSession();
    await store.applyStatusChange(id, change('approved', 'Finished', '2026-11-21T10:01:00.000Z'));
    const kept = await store.applyStatusChange(id, change('pending', 'InProgress', '2026-11-21T10:05:00.000Z'));
    expect([kept?.state, kept?.vccSessionState]).toEqual(['approved', 'Finished']);
  });

  it("applies a status change without a timestamp, and still orders later ones by VCC's own clock", async () => {
    const { id } = await pendingSession();
    await store.applyStatusChange(id, change('pending', 'InProgress', null));
    const finished = await store.applyStatusChange(id, change('approved', 'Finished', '2026-11-21T10:00:00.000Z'));
    expect(finished?.state).toBe('approved');
  });

  it('changes nothing for an unknown payment', async () => {
    expect(await store.applyStatusChange(randomUUID(), change('approved', 'Finished', '2026-11-21T10:01:00.000Z'))).toBeUndefined();
  });
});

describe('idempotency keys', () => {
  it('are claimed once per API client', async () => {
    const key = randomUUID();
    const claim = { key, requestHash: 'h1', sessionId: 's1', createdAt: new Date().toISOString() };
    expect(await store.claimIdempotencyKey({ ...claim, clientId: 'crm-a' })).toEqual({ claimed: true });
    expect(await store.claimIdempotencyKey({ ...claim, clientId: 'crm-b' })).toEqual({ claimed: true });
    expect(await store.claimIdempotencyKey({ ...claim, clientId: 'crm-a', sessionId: 's2', requestHash: 'h2' })).toEqual({
      claimed: false,
      sessionId: 's1',
      requestHash: 'h1',
      claimedAt: claim.createdAt,
    });
  });

  it('are freed only by the payment that holds them', async () => {
    const key = randomUUID();
    const claim = { clientId: 'crm', key, requestHash: 'h', sessionId: 's1', createdAt: new Date().toISOString() };
    await store.claimIdempotencyKey(claim);
    await store.releaseIdempotencyKey('crm', key, 'another-session');
    expect((await store.claimIdempotencyKey({ ...claim, sessionId: 's2' })).claimed).toBe(false);
    await store.releaseIdempotencyKey('crm', key, 's1');
    expect((await store.claimIdempotencyKey({ ...claim, sessionId: 's2' })).claimed).toBe(true);
  });
});

describe('the same status change twice', () => {
  it('is not written again', async () => {
    const { id } = await pendingSession();
    const first = await store.applyStatusChange(id, change('pending', 'InProgress', '2026-11-21T10:01:00.000Z'));
    const replay = await store.applyStatusChange(id, { ...change('pending', 'InProgress', '2026-11-21T10:01:00.000Z'), updatedAt: '2099-01-01T00:00:00.000Z' });
    expect(replay?.updatedAt).toBe(first?.updatedAt);
  });
});
