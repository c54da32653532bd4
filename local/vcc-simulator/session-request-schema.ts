import { z } from 'zod';
import { fractionDigits, isIsoCurrency, minorUnitDigits } from './minor-units.ts';

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

/**
 * `POST /v1/session` as a backend must send it. Deliberately stricter than what VCC documents,
 * so client bugs surface in tests: unknown top-level keys are refused (a client leaking its own
 * fields such as `paymentFlow`), `null` is not accepted for optional fields, `Amount` and an ISO
 * 4217 `Currency` are required, and `Amount` may not have more decimals than the currency.
 */
export const agentAssistSessionRequest = z.strictObject({
  agentId: z.string().regex(/\S/, 'agentId must not be empty'),
  paymentData,
  accountConfigurationId: z.number().int().optional(),
  skipCallTransfer: z.boolean().optional(),
});

export type AgentAssistSessionRequest = z.infer<typeof agentAssistSessionRequest>;
