import { apiHandler } from '#app/http/api-handler.ts';
import { paymentLinkAnswer } from '#app/http/opened-payment-answers.ts';
import { openingRequestOf } from '#app/http/opening-request.ts';
import { paymentIdOf } from '#app/http/payment-id.ts';
import { reissuePaymentLinkRequestSchema } from '#app/http/payment-link-request.ts';
import { reissuePaymentLink } from '#app/use-cases/reissue-payment-link.ts';
import { statusReports } from '#app/wiring/status-reports.ts';
import { config } from '#app/wiring/stores.ts';
import { vcc } from '#app/wiring/vcc-client.ts';

/** POST /v1/payment-links/{id}/reissue: a fresh link for the same payment, once the old one cannot be paid. */
export const handler = apiHandler(async (request) => {
  const input = { linkId: paymentIdOf(request), ...openingRequestOf(request, reissuePaymentLinkRequestSchema) };
  const hasTimeForVccCall = () => request.remainingTimeMs() > config.vccTimeoutMs + 1000;
  return paymentLinkAnswer(request, await reissuePaymentLink(input, { ...statusReports, vcc, paymentFlows: config.paymentFlows, hasTimeForVccCall }));
}, config);
