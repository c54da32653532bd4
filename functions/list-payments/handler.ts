import { apiHandler } from '#app/http/api-handler.ts';
import { listPaymentsQueryOf } from '#app/http/list-payments-query.ts';
import { paymentView } from '#app/http/payment-view.ts';
import { listPayments } from '#app/use-cases/list-payments.ts';
import { config, paymentStore } from '#app/wiring/stores.ts';

/** GET /v1/payments?crmReference=: every payment of one CRM record, agent-assist sessions and links, newest first. */
export const handler = apiHandler(async (request) => {
  const { payments, nextCursor } = await listPayments(listPaymentsQueryOf(request), paymentStore);
  return { status: 200, body: { payments: payments.map(paymentView), nextCursor } };
}, config);
