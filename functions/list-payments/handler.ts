import { z } from 'zod';
import { PAYMENTS_PAGE } from '#app/contract/api-contract.ts';
import { apiHandler } from '#app/http/api-handler.ts';
import { paymentSessionView } from '#app/http/payment-session-view.ts';
import { parseOrThrow } from '#app/http/request-validation.ts';
import { refuseCardNumbers } from '#app/privacy/refuse-card-numbers.ts';
import { listPayments } from '#app/use-cases/list-payments.ts';
import { config, paymentSessionStore } from '#app/wiring/stores.ts';

const querySchema = z.strictObject({
  crmReference: z.string({ error: 'is required: the CRM record whose payments to list' }).trim().min(1, 'must not be empty').max(255),
  limit: z.coerce.number().int().min(1).max(PAYMENTS_PAGE.maxLimit, `must be at most ${PAYMENTS_PAGE.maxLimit}`).default(PAYMENTS_PAGE.defaultLimit),
  cursor: z.string().min(1).max(2048).optional(),
});

/** GET /v1/payments?crmReference=: every payment session and link of one CRM record, newest first. */
export const handler = apiHandler(async (request) => {
  // Like every input, the query may not carry a card number.
  refuseCardNumbers(request.query, Object.values(request.query).join(' '));
  const query = parseOrThrow(querySchema, request.query);
  const { payments, nextCursor } = await listPayments({ ...query, cursor: query.cursor ?? null }, paymentSessionStore);
  return { status: 200, body: { payments: payments.map(paymentSessionView), nextCursor } };
}, config);
