import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { MAX_WEBHOOK_BODY_BYTES, WEBHOOK_REFUSED_METRIC } from '#shared/api-contract.ts';
import { isConnectorError } from '#shared/errors/connector-error.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import type { ApiRequest } from '#shared/http/api-request.ts';
import { jsonBody } from '#shared/http/json-body.ts';
import { logger, metrics } from '#shared/observability/powertools.ts';
import { config } from '#shared/runtime.ts';
import { vccNews } from '#shared/vcc-news-runtime.ts';
import { receiveVccWebhook } from '#shared/vcc-events/receive-vcc-webhook.ts';

async function receive(request: ApiRequest) {
  const receipt = await receiveVccWebhook(jsonBody(request, { maxBytes: MAX_WEBHOOK_BODY_BYTES, anyMediaType: true }), {
    ...vccNews,
    onCardNumberRemoved: (paths) => logger.warn('removed what looks like a card number from a VCC webhook before storing it', { paths }),
  });
  if (!receipt.sessionId) logger.info('kept a webhook for a VCC session not joined to ours yet', { eventId: receipt.eventId });
  return { status: 200, body: { received: true, ...receipt } };
}

/** POST /v1/webhooks/vcc: VCC's news of a session. 200 means stored; VCC retries anything else. */
export const handler = apiHandler(async (request) => {
  try {
    return await receive(request);
  } catch (error) {
    if (isConnectorError(error) && error.status < 500) {
      const metric = metrics.singleMetric();
      metric.addDimension('environment', config.environmentName);
      metric.addMetric(WEBHOOK_REFUSED_METRIC, MetricUnit.Count, 1);
    }
    throw error;
  }
}, config);
