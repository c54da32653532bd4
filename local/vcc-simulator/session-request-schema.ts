import { z } from 'zod';
import { fractionDigits, isIsoCurrency, minorUnitDigits } from './minor-units.ts';
import type { PaymentData } from './payment-session.ts';

const paymentData = z
  .object({
    Amount: z.string().regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'Amount must be a decimal string such as "12.40"'),
    Currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'Currency must be 3 upper-case letters')
      .refine(isIsoCurrency, 'Currency is not an ISO 4217 code'),
  })
  .catchall(z.string())
  .refine((data) => fractionDigits(data.Amount) <= minorUnitDigits(data.Currency), {
    message: 'Amount has more decimals than the currency has minor units',
    path: ['Amount'],
  });

/** E.164: a plus, a country code that does not start with 0, at most 15 digits in all. */
const E164 = /^\+[1-9]\d{1,14}$/;

/** The link goes to the customer by SMS, so a digital session needs the number to send it to. */
const digitalPaymentData = paymentData.safeExtend({
  CustomerPhoneNumber: z
    .string({ error: 'CustomerPhoneNumber is required, in E.164 such as "+447700900123"' })
    .regex(E164, 'CustomerPhoneNumber must be in E.164 such as "+447700900123"'),
});

const agentId = z.string().regex(/\S/, 'agentId must not be empty');

/**
 * `POST /v1/session` as a backend must send it. Deliberately stricter than what VCC documents,
 * so client bugs surface in tests: unknown top-level keys are refused (a client leaking its own
 * fields such as `paymentFlow`), `null` is not accepted for optional fields, `Amount` and an ISO
 * 4217 `Currency` are required, and `Amount` may not have more decimals than the currency.
 */
export const agentAssistSessionRequest = z.strictObject({
  agentId,
  paymentData,
  accountConfigurationId: z.number().int().optional(),
  skipCallTransfer: z.boolean().optional(),
});

/**
 * `POST /v1/digitalsession`, as strict as agent assist, plus `CustomerPhoneNumber`.
 * `skipCallTransfer` is agent assist only, so here it is an unknown key.
 */
export const digitalSessionRequest = z.strictObject({
  agentId,
  paymentData: digitalPaymentData,
  accountConfigurationId: z.number().int().optional(),
});

/** Either request, as the shared creation code reads it; only agent assist may carry skipCallTransfer. */
export interface SessionRequest {
  agentId: string;
  paymentData: PaymentData;
  accountConfigurationId?: number | undefined;
  skipCallTransfer?: boolean | undefined;
}
