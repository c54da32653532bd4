import { apiHandler } from '#app/http/api-handler.ts';
import { paymentLinkAnswer } from '#app/http/opened-payment-answers.ts';
import { openingRequestOf } from '#app/http/opening-request.ts';
import { paymentLinkRequestSchema } from '#app/http/payment-link-request.ts';
import { createPaymentLink } from '#app/use-cases/create-payment-link.ts';
import { statusReports } from '#app/wiring/status-reports.ts';
import { config } from '#app/wiring/stores.ts';
import { vcc } from '#app/wiring/vcc-client.ts';

const requestSchema = paymentLinkRequestSchema(config);

/** POST /v1/payment-links: opens a VCC digital session and answers the customer's link. */
export const handler = apiHandler(
  async (request) =>
    paymentLinkAnswer(request, await createPaymentLink(openingRequestOf(request, requestSchema), { ...statusReports, vcc, paymentFlows: config.paymentFlows })),
  config,
);
