import { z } from 'zod';
import { PAYMENTS_PAGE } from '../contract/api-contract.ts';

/** The query of `GET /v1/payments`: one CRM record's payments, a page at a time. */
export const listPaymentsQuerySchema = z.strictObject({
  crmReference: z.string({ error: 'is required: the CRM record whose payments to list' }).trim().min(1, 'must not be empty').max(255),
  limit: z.coerce.number().int().min(1).max(PAYMENTS_PAGE.maxLimit, `must be at most ${PAYMENTS_PAGE.maxLimit}`).default(PAYMENTS_PAGE.defaultLimit),
  cursor: z.string().min(1).max(2048).optional(),
});
