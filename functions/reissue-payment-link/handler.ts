import { apiHandler } from '#shared/http/api-handler.ts';
import { openingRequestOf } from '#shared/http/opening-request.ts';
import { paymentIdOf } from '#shared/http/payment-id.ts';
import { paymentLinkAnswer } from '#shared/http/payment-link-answer.ts';
import { reissuePaymentLinkRequestSchema } from '#shared/payment-links/payment-link-request.ts';
import { reissuePaymentLink } from '#shared/payment-links/reissue-payment-link.ts';
import { config } from '#shared/runtime.ts';
import { vccNews } from '#shared/vcc-news-runtime.ts';
import { vcc } from '#shared/vcc-runtime.ts';

/** POST /v1/payment-links/{id}/reissue: a fresh link for the same payment, once the old one cannot be paid. */
export const handler = apiHandler(async (request) => {
  const input = { linkId: paymentIdOf(request), ...openingRequestOf(request, reissuePaymentLinkRequestSchema) };
  const hasTimeForVccCall = () => request.remainingTimeMs() > config.vccTimeoutMs + 1000;
  return paymentLinkAnswer(await reissuePaymentLink(input, { ...vccNews, vcc, paymentFlows: config.paymentFlows, hasTimeForVccCall }));
}, config);
