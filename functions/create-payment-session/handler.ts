import { apiHandler } from '#app/http/api-handler.ts';
import { paymentSessionAnswer } from '#app/http/opened-payment-answers.ts';
import { openingRequestOf } from '#app/http/opening-request.ts';
import { paymentSessionRequestSchema } from '#app/http/payment-session-request.ts';
import { createPaymentSession } from '#app/use-cases/create-payment-session.ts';
import { statusReports } from '#app/wiring/status-reports.ts';
import { config } from '#app/wiring/stores.ts';
import { vcc } from '#app/wiring/vcc-client.ts';

const requestSchema = paymentSessionRequestSchema(config);

/** POST /v1/payment-sessions: opens an agent-assist session at VCC. */
export const handler = apiHandler(
  async (request) =>
    paymentSessionAnswer(
      request,
      await createPaymentSession(openingRequestOf(request, requestSchema), { ...statusReports, vcc, paymentFlows: config.paymentFlows }),
    ),
  config,
);
