import { apiHandler } from '#app/http/api-handler.ts';
import { paymentIdOf } from '#app/http/payment-id.ts';
import { paymentView, vccHistoryView } from '#app/http/payment-view.ts';
import { logger } from '#app/observability/powertools.ts';
import { getPaymentSession } from '#app/use-cases/get-payment-session.ts';
import { statusReports } from '#app/wiring/status-reports.ts';
import { config } from '#app/wiring/stores.ts';
import { vcc } from '#app/wiring/vcc-client.ts';

/**
 * GET /v1/payment-sessions/{id} and GET /v1/payment-links/{id}: the agent-assist session or link and its VCC
 * history, refreshed from VCC while pending.
 */
export const handler = apiHandler(async (request) => {
  const kind = request.resource.startsWith('/v1/payment-links/') ? 'payment-link' : 'agent-assist';
  const { payment, history } = await getPaymentSession(paymentIdOf(request), kind, {
    ...statusReports,
    vcc,
    onVccUnreachable: (error, { sessionGuid }) => logger.warn('VCC status unavailable; answering the stored payment', { sessionGuid, error: error as Error }),
  });
  return { status: 200, body: { ...paymentView(payment), vccHistory: vccHistoryView(history) } };
}, config);
