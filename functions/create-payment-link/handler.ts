import { apiHandler } from '#shared/http/api-handler.ts';
import { openingRequestOf } from '#shared/http/opening-request.ts';
import { paymentLinkAnswer } from '#shared/http/payment-link-answer.ts';
import { createPaymentLink } from '#shared/payment-links/create-payment-link.ts';
import { paymentLinkRequestSchema } from '#shared/payment-links/payment-link-request.ts';
import { config } from '#shared/runtime.ts';
import { vccNews } from '#shared/vcc-news-runtime.ts';
import { vcc } from '#shared/vcc-runtime.ts';

const requestSchema = paymentLinkRequestSchema(config);

/** POST /v1/payment-links: opens a VCC digital session and answers the customer's link. */
export const handler = apiHandler(async (request) =>
  paymentLinkAnswer(await createPaymentLink(openingRequestOf(request, requestSchema), { ...vccNews, vcc, paymentFlows: config.paymentFlows })), config);
