import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { CUSTOM_METRICS, MAX_WEBHOOK_BODY_BYTES } from '#app/contract/api-contract.ts';
import { isConnectorError } from '#app/contract/connector-error.ts';
import { apiHandler } from '#app/http/api-handler.ts';
import type { ApiRequest } from '#app/http/api-request.ts';
import { textBody } from '#app/http/json-body.ts';
import { logger, metrics } from '#app/observability/powertools.ts';
import { receiveVccWebhook } from '#app/use-cases/receive-vcc-webhook.ts';
import { statusReports } from '#app/wiring/status-reports.ts';
import { config } from '#app/wiring/stores.ts';

async function receive(request: ApiRequest) {
  // Read as JSON whatever its Content-Type says: VCC is a sender we cannot correct.
  const receipt = await receiveVccWebhook(textBody(request, MAX_WEBHOOK_BODY_BYTES), {
    ...statusReports,
    onCardNumberRemoved: (paths) => logger.warn('removed what looks like a card number from a VCC webhook before storing it', { paths }),
  });
  if (!receipt.sessionId) logger.info('kept a status report for a VCC session not joined to a payment yet', { eventId: receipt.eventId });
  return { status: 200, body: { received: true, ...receipt } };
}

/** POST /v1/webhooks/vcc: VCC's status report of a VCC session. 200 means stored; VCC retries anything else. */
export const handler = apiHandler(async (request) => {
  try {
    return await receive(request);
  } catch (error) {
    if (isConnectorError(error) && error.status < 500) {
      metrics.singleMetric().addMetric(CUSTOM_METRICS.webhookRefused, MetricUnit.Count, 1);
    }
    throw error;
  }
}, config);
