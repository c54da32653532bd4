import { apiHandler } from '#shared/http/api-handler.ts';
import { idempotencyKeyOf } from '#shared/http/idempotency-key.ts';
import { jsonBody } from '#shared/http/json-body.ts';
import { parseOrThrow } from '#shared/http/request-validation.ts';
import { createPaymentLink } from '#shared/payment-links/create-payment-link.ts';
import { paymentLinkAnswer } from '#shared/payment-links/payment-link-answer.ts';
import { paymentLinkRequestSchema } from '#shared/payment-links/payment-link-request.ts';
import { refuseCardNumbers } from '#shared/payment-sessions/refuse-card-numbers.ts';
import { config } from '#shared/runtime.ts';
import { vccNews } from '#shared/vcc-news-runtime.ts';
import { vcc } from '#shared/vcc-runtime.ts';

const requestSchema = paymentLinkRequestSchema(config);

/** POST /v1/payment-links: opens a VCC digital session and answers the customer's link. */
export const handler = apiHandler(async (request) => {
  const body = jsonBody(request);
  refuseCardNumbers(body, request.rawBody ?? '');
  const input = {
    request: parseOrThrow(requestSchema, body),
    idempotencyKey: idempotencyKeyOf(request.headers),
    clientId: request.caller.clientId,
  };
  return paymentLinkAnswer(await createPaymentLink(input, { ...vccNews, vcc, paymentFlows: config.paymentFlows }));
}, config);
