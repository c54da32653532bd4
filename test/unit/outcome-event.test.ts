import { describe, expect, it } from 'vitest';
import { outcomeEventOf } from '#app/model/outcome-event.ts';
import { creatingPayment } from '../support/payment-fixture.ts';

const at = '2026-11-21T10:00:00.000Z';
const outcome = {
  decision: 'ACCEPT',
  reasonCode: '100',
  amount: '12.40',
  amountMinor: '1240',
  currency: 'GBP',
  transactionType: 'sale',
  gatewayReference: 'ref-1',
};
const base = {
  id: '69ddbf2e-0000-4000-8000-000000000001',
  agentId: 'agent-1',
  paymentFlow: 'card-payment',
  accountConfigurationId: 1,
  amount: '12.40',
  currency: 'GBP',
  merchantReference: 'INV-1001',
  crmReference: 'case-42',
  createdBy: 'crm',
  idempotencyKey: 'key-1',
  sessionGuid: 'g-1',
  providerSessionGuid: 'p-1',
  vccSessionState: 'Finished',
  vccLastUpdatedOn: at,
  outcome,
  createdAt: at,
  updatedAt: at,
  expiresAt: at,
  dueWork: 'PUBLISH' as const,
  dueAt: at,
};

/**
 * What CRMs receive today, pinned: a change here breaks every CRM integration, so it must be
 * deliberate (a new field is fine; a renamed or removed one is not).
 */
describe('the outcome event a CRM receives', () => {
  it('for an agent-assist payment has exactly this shape', () => {
    const event = outcomeEventOf(
      { ...creatingPayment(base), kind: 'agent-assist', state: 'approved', iframeUrl: 'https://pay.example/view/p-1/framed' },
      'sandbox',
    );
    expect(event).toStrictEqual({
      id: `evt_${base.id}_approved`,
      type: 'payment.session.completed',
      timestamp: at,
      environment: 'sandbox',
      data: {
        id: base.id,
        kind: 'agent-assist',
        state: 'approved',
        sessionGuid: 'g-1',
        providerSessionGuid: 'p-1',
        vccSessionState: 'Finished',
        agentId: 'agent-1',
        paymentFlow: 'card-payment',
        amount: '12.40',
        currency: 'GBP',
        merchantReference: 'INV-1001',
        crmReference: 'case-42',
        iframeUrl: 'https://pay.example/view/p-1/framed',
        outcome,
        failureCode: null,
        createdAt: at,
        updatedAt: at,
        expiresAt: at,
      },
    });
  });

  it('for a payment link that ran out has exactly this shape, and keeps no bookkeeping or idempotency key', () => {
    const event = outcomeEventOf(
      {
        ...creatingPayment(base),
        kind: 'payment-link',
        state: 'expired',
        outcome: null,
        paymentLink: 'https://pay.example/pay/p-1',
        reissueOf: null,
        supersededBy: null,
      },
      'production',
    );
    expect(event).toStrictEqual({
      id: `evt_${base.id}_expired`,
      type: 'payment.link.expired',
      timestamp: at,
      environment: 'production',
      data: {
        id: base.id,
        kind: 'payment-link',
        state: 'expired',
        sessionGuid: 'g-1',
        providerSessionGuid: 'p-1',
        vccSessionState: 'Finished',
        agentId: 'agent-1',
        paymentFlow: 'card-payment',
        amount: '12.40',
        currency: 'GBP',
        merchantReference: 'INV-1001',
        crmReference: 'case-42',
        paymentLink: 'https://pay.example/pay/p-1',
        reissueOf: null,
        supersededBy: null,
        outcome: null,
        failureCode: null,
        createdAt: at,
        updatedAt: at,
        expiresAt: at,
      },
    });
  });
});
