import { randomUUID } from 'node:crypto';
import type { PaymentSession } from '#app/model/payment-session.ts';

/** A session as recorded before VCC is called, for tests that seed the store directly. */
export const creatingSession = (overrides: Partial<PaymentSession> = {}): PaymentSession => {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    kind: 'agent-assist',
    state: 'creating',
    agentId: 'agent-1',
    paymentFlow: 'card-payment',
    accountConfigurationId: 1,
    amount: '1.00',
    currency: 'GBP',
    merchantReference: null,
    crmReference: null,
    createdBy: 'crm',
    idempotencyKey: null,
    sessionGuid: null,
    providerSessionGuid: null,
    iframeUrl: null,
    paymentLink: null,
    reissueOf: null,
    supersededBy: null,
    vccSessionState: null,
    vccLastUpdatedOn: null,
    outcome: null,
    failureCode: null,
    vccMayHaveOpened: false,
    createdAt: now,
    updatedAt: now,
    expiresAt: now,
    dueWork: 'RECONCILE',
    dueAt: now,
    ...overrides,
  };
};
