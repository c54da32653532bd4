import { z } from 'zod';
import type { ErrorCode } from '../contract/error-catalogue.ts';
import type { CreatePaymentLinkRequest, ReissuePaymentLinkRequest } from '../model/payment-requests.ts';
import type { CardGuardExemption } from '../privacy/refuse-card-numbers.ts';
import {
  checkPaymentData,
  checkPaymentFlow,
  type Draft,
  draftOf,
  issueWith,
  PAYMENT_REQUEST_ERRORS,
  type PaymentSessionPolicy,
  paymentDataSchema,
  paymentRequestFields,
} from './payment-session-request.ts';
import { VALIDATION_ERRORS } from './request-validation.ts';

export const PAYMENT_LINK_REQUEST_ERRORS = [...PAYMENT_REQUEST_ERRORS, 'INVALID_PHONE_NUMBER'] as const satisfies readonly ErrorCode[];
export const REISSUE_REQUEST_ERRORS = [...VALIDATION_ERRORS, 'INVALID_PHONE_NUMBER'] as const satisfies readonly ErrorCode[];

/** The key VCC's digital session reads the customer's mobile number from. */
export const CUSTOMER_PHONE_KEY = 'CustomerPhoneNumber';

const E164 = /^\+[1-9]\d{1,14}$/;

/** What is wrong with a phone number, said so the agent can fix it; null when it is E.164. */
function phoneProblem(value: unknown): string | null {
  if (value === undefined) return 'is required: the customer\'s mobile number the link is sent to, e.g. "+447700900123"';
  if (typeof value !== 'string' || E164.test(value)) return null;
  if (/[\s().-]/.test(value)) return 'must be digits only after the +, with no spaces or punctuation, e.g. "+447700900123"';
  if (!value.startsWith('+')) return 'must start with + and the country code, e.g. "+447700900123" rather than "07700900123"';
  return 'must be + then a country code and number, 15 digits at most and not starting with 0';
}

/**
 * How the card guard reads the customer's phone number. E.164 allows 15 digits, and a card
 * number typed with a "+" is E.164 too. Up to 13 digits it is read as a phone number, never as
 * a card number: 13-digit mobiles with a country code from 2 to 6 (Germany, Indonesia...) are
 * common and one in ten passes the Luhn check, while 13-digit card numbers are an old Visa
 * length no longer issued. A 14- or 15-digit one is checked like any other field: such phone
 * numbers are rare, and card numbers of that length (Diners, Amex) are not.
 */
export const CUSTOMER_PHONE_EXEMPTION: CardGuardExemption = {
  path: ['paymentData', CUSTOMER_PHONE_KEY],
  allows: (phone) => /^\+[1-9]\d{1,12}$/.test(phone),
};

function checkCustomerPhone(draft: Partial<Draft>, ctx: z.RefinementCtx): void {
  const data = draft.paymentData;
  if (typeof data !== 'object' || data === null) return;
  const phone = data[CUSTOMER_PHONE_KEY];
  const problem = phoneProblem(phone);
  if (problem) ctx.addIssue(issueWith('INVALID_PHONE_NUMBER', ['paymentData', CUSTOMER_PHONE_KEY], problem));
}

/** `POST /v1/payment-links`: an agent-assist request without `skipCallTransfer`, plus the customer's phone. */
export function paymentLinkRequestSchema(policy: Pick<PaymentSessionPolicy, 'paymentFlows' | 'defaultPaymentFlow'>) {
  return (
    z
      .strictObject(paymentRequestFields)
      // Runs even when other fields are invalid, so one answer lists every problem.
      .superRefine(
        (body, ctx) => {
          const draft = draftOf(body);
          checkPaymentData(draft, ctx);
          checkPaymentFlow(draft, ctx, policy);
          checkCustomerPhone(draft, ctx);
        },
        { when: () => true },
      )
      .transform(
        (request): CreatePaymentLinkRequest => ({
          agentId: request.agentId,
          paymentData: request.paymentData,
          paymentFlow: request.paymentFlow ?? policy.defaultPaymentFlow,
          crmReference: request.crmReference ?? null,
        }),
      )
  );
}

/** What a reissued link takes from the link it replaces: the same payment, whatever the body says. */
const KEPT_FROM_LINK = ['Amount', 'Currency', 'MerchantReferenceCode'] as const;

/**
 * `POST /v1/payment-links/{id}/reissue`. The customer's details are not stored (we keep no card
 * holder data), so the phone number comes again, which also lets an agent correct it.
 */
export const reissuePaymentLinkRequestSchema = z
  .strictObject({
    agentId: paymentRequestFields.agentId.optional(),
    paymentData: paymentDataSchema,
  })
  .superRefine(
    (body, ctx) => {
      const draft = draftOf(body);
      checkCustomerPhone(draft, ctx);
      const data = draftOf(draft.paymentData);
      for (const key of KEPT_FROM_LINK) {
        if (Object.hasOwn(data, key)) ctx.addIssue({ code: 'custom', path: ['paymentData', key], message: 'is taken from the link being reissued; remove it' });
      }
    },
    { when: () => true },
  )
  .transform((request): ReissuePaymentLinkRequest => ({ agentId: request.agentId ?? null, paymentData: request.paymentData }));
