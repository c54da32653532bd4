import { apiHandler } from '#shared/http/api-handler.ts';
import { paymentIdOf } from '#shared/http/payment-id.ts';
import { logger } from '#shared/observability/powertools.ts';
import { getPaymentSession } from '#shared/payment-sessions/get-payment-session.ts';
import { paymentSessionView, vccHistoryView } from '#shared/payment-sessions/payment-session-view.ts';
import { config } from '#shared/runtime.ts';
import { vccNews } from '#shared/vcc-news-runtime.ts';
import { vcc } from '#shared/vcc-runtime.ts';

/**
 * GET /v1/payment-sessions/{id} and GET /v1/payment-links/{id}: the session or link and its VCC
 * history, refreshed from VCC while pending.
 */
export const handler = apiHandler(async (request) => {
  const kind = request.resource.startsWith('/v1/payment-links/') ? 'payment-link' : 'agent-assist';
  const { session, history } = await getPaymentSession(paymentIdOf(request), kind, {
    ...vccNews,
    vcc,
    onVccUnreachable: (error, { sessionGuid }) =>
      logger.warn('VCC status unavailable; answering the stored session', { sessionGuid, error: error as Error }),
  });
  return { status: 200, body: { ...paymentSessionView(session), vccHistory: vccHistoryView(history) } };
}, config);
