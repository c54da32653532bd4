import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { apiHandler } from '#app/http/api-handler.ts';
import type { ApiResponse } from '#app/http/api-request.ts';
import { openingRequestOf } from '#app/http/opening-request.ts';
import { paymentSessionRequestSchema } from '#app/http/payment-session-request.ts';
import { paymentFormFor, paymentSessionView } from '#app/http/payment-session-view.ts';
import { logger, metrics } from '#app/observability/powertools.ts';
import { createPaymentSession } from '#app/use-cases/create-payment-session.ts';
import { statusReports } from '#app/wiring/status-reports.ts';
import { config } from '#app/wiring/stores.ts';
import { vcc } from '#app/wiring/vcc-client.ts';

const requestSchema = paymentSessionRequestSchema(config);

/** POST /v1/payment-sessions: opens an agent-assist session at VCC. */
export const handler = apiHandler(async (request): Promise<ApiResponse> => {
  const result = await createPaymentSession(openingRequestOf(request, requestSchema), {
    ...statusReports,
    vcc,
    paymentFlows: config.paymentFlows,
  });

  if (result.outcome === 'replayed') {
    // The agent tokens were handed out once and never stored: a replay cannot repeat them.
    return { status: 200, headers: { 'idempotent-replayed': 'true' }, body: paymentSessionView(result.session) };
  }
  metrics.addMetric('PaymentSessionCreated', MetricUnit.Count, 1);
  const { session, agentAccess, recorded } = result;
  if (!recorded) {
    // The agent can still take the payment; an operator joins the outcome by these ids.
    logger.error('VCC opened a session the store did not record', {
      id: session.id,
      sessionGuid: session.sessionGuid,
      providerSessionGuid: session.providerSessionGuid,
    });
  }
  return {
    status: 201,
    headers: { location: `/v1/payment-sessions/${session.id}` },
    body: {
      ...paymentSessionView(session),
      ...agentAccess,
      paymentForm: paymentFormFor(session.iframeUrl ?? '', agentAccess),
    },
  };
}, config);
