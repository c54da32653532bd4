import { MAX_WEBHOOK_BODY_BYTES } from '#shared/api-contract.ts';
import { apiHandler } from '#shared/http/api-handler.ts';
import { jsonBody } from '#shared/http/json-body.ts';
import { logger } from '#shared/observability/powertools.ts';
import { config, vccNews } from '#shared/runtime.ts';
import { receiveVccWebhook } from '#shared/vcc-events/receive-vcc-webhook.ts';

/** POST /v1/webhooks/vcc: VCC's news of a session. 200 means stored; VCC retries anything else. */
export const handler = apiHandler(async (request) => {
  const receipt = await receiveVccWebhook(jsonBody(request, { maxBytes: MAX_WEBHOOK_BODY_BYTES, anyMediaType: true }), {
    ...vccNews,
    onCardNumberRemoved: (paths) => logger.warn('removed what looks like a card number from a VCC webhook before storing it', { paths }),
  });
  if (!receipt.sessionId) logger.info('kept a webhook for a VCC session not joined to ours yet', { eventId: receipt.eventId });
  return { status: 200, body: { received: true, ...receipt } };
}, config);
