import { z } from 'zod';
import type { ErrorCode } from '../contract/error-catalogue.ts';
import { amountProblem, currencyDecimals, isKnownCurrency } from '../model/money.ts';
import type { CreatePaymentSessionRequest } from '../model/payment-requests.ts';
import { VALIDATION_ERRORS } from './request-validation.ts';

/** What this environment allows; comes from the function configuration. */
export interface PaymentSessionPolicy {
  paymentFlows: Record<string, number>;
  defaultPaymentFlow: string;
  allowSkipCallTransfer: boolean;
}

/** An issue whose `params.code` names a specific error code instead of INVALID_REQUEST. */
export const issueWith = (code: ErrorCode, path: (string | number)[], message: string) => ({ code: 'custom' as const, path, message, params: { code } });

/** What checkPaymentData and checkPaymentFlow refuse with, beside what the schema itself does. */
export const PAYMENT_REQUEST_ERRORS = [
  ...VALIDATION_ERRORS,
  'UNSUPPORTED_CURRENCY',
  'INVALID_AMOUNT',
  'UNKNOWN_PAYMENT_FLOW',
] as const satisfies readonly ErrorCode[];
export const PAYMENT_SESSION_REQUEST_ERRORS = [...PAYMENT_REQUEST_ERRORS, 'SKIP_CALL_TRANSFER_NOT_ALLOWED'] as const satisfies readonly ErrorCode[];

const AMOUNT_MESSAGES = {
  'not-a-decimal-string': 'must be a decimal string such as "12.40", not a number',
  'not-positive': 'must be greater than zero',
  'too-precise': 'has more decimals than the currency allows',
} as const;

const paymentDataValue = z.string().max(256, 'must be at most 256 characters');

/** Gateway keys and values, contracted per merchant: any keys, string values, within bounds. */
export const paymentDataSchema = z
  .record(z.string().min(1).max(64), paymentDataValue)
  .refine((data) => Object.keys(data).length <= 50, 'may have at most 50 keys');

/** The fields agent-assist sessions and payment links share. */
export const paymentRequestFields = {
  agentId: z.string().trim().min(1, 'is required: the VCC agent taking the call').max(128),
  paymentData: paymentDataSchema,
  paymentFlow: z.string().min(1).optional(),
  crmReference: z.string().trim().min(1).max(255).optional(),
};

export interface Draft {
  paymentData: Record<string, unknown>;
  paymentFlow: unknown;
  skipCallTransfer: unknown;
}

/**
 * The body as a refinement sees it. Refinements run even when the body failed its own checks,
 * so that one answer lists every problem; the body may then be null, an array or a number.
 */
export const draftOf = (body: unknown): Partial<Draft> => (typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Partial<Draft>) : {});

export function checkPaymentData(draft: Partial<Draft>, ctx: z.RefinementCtx): void {
  const data = draft.paymentData;
  if (typeof data !== 'object' || data === null) return;
  const { Amount: amount, Currency: currency } = data;
  const currencyKnown = typeof currency === 'string' && isKnownCurrency(currency);
  if (!currencyKnown) {
    ctx.addIssue(issueWith('UNSUPPORTED_CURRENCY', ['paymentData', 'Currency'], 'must be an active ISO 4217 code in capitals, e.g. "GBP"'));
  }
  if (amount === undefined) {
    ctx.addIssue(issueWith('INVALID_AMOUNT', ['paymentData', 'Amount'], 'is required, as a decimal string such as "12.40"'));
  } else if (typeof amount === 'string' && currencyKnown) {
    const problem = amountProblem(amount, currency);
    if (problem) {
      const detail = problem === 'too-precise' ? ` (${currency} has ${currencyDecimals(currency)})` : '';
      ctx.addIssue(issueWith('INVALID_AMOUNT', ['paymentData', 'Amount'], `${AMOUNT_MESSAGES[problem]}${detail}`));
    }
  }
}

export function checkPaymentFlow(draft: Partial<Draft>, ctx: z.RefinementCtx, policy: Pick<PaymentSessionPolicy, 'paymentFlows'>): void {
  if (typeof draft.paymentFlow === 'string' && !(draft.paymentFlow in policy.paymentFlows)) {
    ctx.addIssue(issueWith('UNKNOWN_PAYMENT_FLOW', ['paymentFlow'], `must be one of: ${Object.keys(policy.paymentFlows).join(', ')}`));
  }
}

function checkSessionOptions(draft: Partial<Draft>, ctx: z.RefinementCtx, policy: PaymentSessionPolicy): void {
  checkPaymentFlow(draft, ctx, policy);
  if (draft.skipCallTransfer === true && !policy.allowSkipCallTransfer) {
    ctx.addIssue(issueWith('SKIP_CALL_TRANSFER_NOT_ALLOWED', ['skipCallTransfer'], 'is only allowed in sandbox environments'));
  }
}

export function paymentSessionRequestSchema(policy: PaymentSessionPolicy) {
  return (
    z
      .strictObject({ ...paymentRequestFields, skipCallTransfer: z.boolean().optional() })
      // Runs even when other fields are invalid, so one answer lists every problem.
      .superRefine(
        (body, ctx) => {
          const draft = draftOf(body);
          checkPaymentData(draft, ctx);
          checkSessionOptions(draft, ctx, policy);
        },
        { when: () => true },
      )
      .transform(
        (request): CreatePaymentSessionRequest => ({
          agentId: request.agentId,
          paymentData: request.paymentData,
          paymentFlow: request.paymentFlow ?? policy.defaultPaymentFlow,
          crmReference: request.crmReference ?? null,
          skipCallTransfer: request.skipCallTransfer ?? false,
        }),
      )
  );
}
