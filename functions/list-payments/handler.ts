import { apiHandler } from '#app/http/api-handler.ts';
import { listPaymentsQueryOf } from '#app/http/list-payments-query.ts';
import { paymentSessionView } from '#app/http/payment-session-view.ts';
import { listPayments } from '#app/use-cases/list-payments.ts';
import { config, paymentSessionStore } from '#app/wiring/stores.ts';

/** GET /v1/payments?crmReference=: every payment session and link of one CRM record, newest first. */
export const handler = apiHandler(async (request) => {
  const query = listPaymentsQueryOf(request);
  const { payments, nextCursor } = await listPayments({ ...query, cursor: query.cursor ?? null }, paymentSessionStore);
  return { status: 200, body: { payments: payments.map(paymentSessionView), nextCursor } };
}, config);
