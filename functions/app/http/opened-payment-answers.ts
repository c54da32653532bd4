import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { CUSTOM_METRICS } from '../contract/api-contract.ts';
import type { Payment, PaymentKind } from '../model/payment.ts';
import { logger, metrics } from '../observability/powertools.ts';
import type { PaymentLinkResult } from '../use-cases/create-payment-link.ts';
import type { CreatePaymentSessionResult } from '../use-cases/create-payment-session.ts';
import type { ApiRequest, ApiResponse } from './api-request.ts';
import { openedPaymentView, paymentFormFor } from './payment-view.ts';

/** Where each kind of payment is read: the path of its GET route, before the id. */
const READ_PATHS = { 'agent-assist': '/v1/payment-sessions/', 'payment-link': '/v1/payment-links/' } as const satisfies Record<PaymentKind, string>;

/** The payment's URL, on the host, stage or base path the request came in on. */
export const paymentLocation = (request: ApiRequest, payment: Payment): string => `${request.baseUrl}${READ_PATHS[payment.kind]}${payment.id}`;

/**
 * A route that opens a payment answers 201 with `Location`, or 200 with `Idempotent-Replayed`
 * when it repeats an earlier request's answer. Salesforce External Services ignores answer
 * headers, so the body says the same: `location` and `replayed`.
 */
function openedPaymentAnswer(request: ApiRequest, payment: Payment, replayed: boolean, handOut: object = {}): ApiResponse {
  const location = paymentLocation(request, payment);
  return {
    status: replayed ? 200 : 201,
    headers: replayed ? { 'idempotent-replayed': 'true' } : { location },
    body: { ...openedPaymentView(payment, { location, replayed }), ...handOut },
  };
}

/** The payment is live at VCC whether or not our store took it: the caller gets it, and an operator the ids. */
function logIfNotRecorded(payment: Payment, recorded: boolean): void {
  if (recorded) return;
  logger.error('VCC opened a payment the store did not record', {
    id: payment.id,
    kind: payment.kind,
    sessionGuid: payment.sessionGuid,
    providerSessionGuid: payment.providerSessionGuid,
  });
}

/** `POST /v1/payment-sessions`: the agent tokens and the form only when new; they were handed out once and never stored. */
export function paymentSessionAnswer(request: ApiRequest, result: CreatePaymentSessionResult): ApiResponse {
  if (result.replayed) return openedPaymentAnswer(request, result.session, true);
  const { session, agentAccess, recorded } = result;
  metrics.addMetric(CUSTOM_METRICS.paymentSessionCreated, MetricUnit.Count, 1);
  logIfNotRecorded(session, recorded);
  return openedPaymentAnswer(request, session, false, { ...agentAccess, paymentForm: paymentFormFor(session.iframeUrl ?? '', agentAccess) });
}

/** `POST /v1/payment-links` and its reissue: a created, reissued or replayed link. */
export function paymentLinkAnswer(request: ApiRequest, result: PaymentLinkResult): ApiResponse {
  if (result.replayed) return openedPaymentAnswer(request, result.link, true);
  metrics.addMetric(CUSTOM_METRICS.paymentLinkCreated, MetricUnit.Count, 1);
  logIfNotRecorded(result.link, result.recorded);
  return openedPaymentAnswer(request, result.link, false);
}
