import { randomUUID } from 'node:crypto';
import type { AgentAssistSession, Payment, PaymentLink } from '#app/model/payment.ts';

/** A payment as recorded before VCC is called, an agent-assist session unless told, for tests that seed the store directly. */
export function creatingPayment(overrides?: Partial<AgentAssistSession>): AgentAssistSession;
export function creatingPayment(overrides: Partial<PaymentLink> & Pick<PaymentLink, 'kind'>): PaymentLink;
export function creatingPayment(overrides: Partial<Payment>): Payment;
export function creatingPayment(overrides: Partial<Payment> = {}): Payment {
  const now = new Date().toISOString();
  // The overloads keep each kind's fields to its kind; spreading a partial loses that.
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
  } as Payment;
}
