import { apiHandler } from '#shared/http/api-handler.ts';
import { idempotencyKeyOf } from '#shared/http/idempotency-key.ts';
import { jsonBody } from '#shared/http/json-body.ts';
import { paymentIdOf } from '#shared/http/payment-id.ts';
import { parseOrThrow } from '#shared/http/request-validation.ts';
import { paymentLinkAnswer } from '#shared/payment-links/payment-link-answer.ts';
import { reissuePaymentLinkRequestSchema } from '#shared/payment-links/payment-link-request.ts';
import { reissuePaymentLink } from '#shared/payment-links/reissue-payment-link.ts';
import { refuseCardNumbers } from '#shared/payment-sessions/refuse-card-numbers.ts';
import { config } from '#shared/runtime.ts';
import { vccNews } from '#shared/vcc-news-runtime.ts';
import { vcc } from '#shared/vcc-runtime.ts';

/** POST /v1/payment-links/{id}/reissue: a fresh link for the same payment, once the old one cannot be paid. */
export const handler = apiHandler(async (request) => {
  const linkId = paymentIdOf(request);
  const body = jsonBody(request);
  refuseCardNumbers(body, request.rawBody ?? '');
  const input = {
    linkId,
    request: parseOrThrow(reissuePaymentLinkRequestSchema, body),
    idempotencyKey: idempotencyKeyOf(request.headers),
    clientId: request.caller.clientId,
  };
  const hasTimeForVccCall = () => request.remainingTimeMs() > config.vccTimeoutMs + 1000;
  return paymentLinkAnswer(await reissuePaymentLink(input, { ...vccNews, vcc, paymentFlows: config.paymentFlows, hasTimeForVccCall }));
}, config);
