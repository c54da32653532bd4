import { ConnectorError } from '#shared/errors/connector-error.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { logger } from '#shared/observability/powertools.ts';
import { getPaymentSession } from '#shared/payment-sessions/get-payment-session.ts';
import { paymentSessionView, vccHistoryView } from '#shared/payment-sessions/payment-session-view.ts';
import { config, vccNews } from '#shared/runtime.ts';
import { vcc } from '#shared/vcc-runtime.ts';

const SESSION_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** GET /v1/payment-sessions/{id}: the session and its VCC history, refreshed from VCC while pending. */
export const handler = apiHandler(async (request) => {
  const id = request.pathParameters.id ?? '';
  if (!SESSION_ID.test(id)) throw new ConnectorError('INVALID_SESSION_ID');
  const { session, history } = await getPaymentSession(id, {
    ...vccNews,
    vcc,
    onVccUnreachable: (error, { sessionGuid }) =>
      logger.warn('VCC status unavailable; answering the stored session', { sessionGuid, error: error as Error }),
  });
  return { status: 200, body: { ...paymentSessionView(session), vccHistory: vccHistoryView(history) } };
}, config);
