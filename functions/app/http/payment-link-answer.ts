import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logger, metrics } from '../observability/powertools.ts';
import type { PaymentLinkResult } from '../use-cases/create-payment-link.ts';
import type { ApiResponse } from './api-request.ts';
import { paymentSessionView } from './payment-session-view.ts';

/** How a created, reissued or replayed link is answered: the same for both routes that open one. */
export function paymentLinkAnswer(result: PaymentLinkResult): ApiResponse {
  if (result.outcome === 'replayed') {
    return { status: 200, headers: { 'idempotent-replayed': 'true' }, body: paymentSessionView(result.link) };
  }
  metrics.addMetric('PaymentLinkCreated', MetricUnit.Count, 1);
  const { link, recorded } = result;
  if (!recorded) {
    // The customer can still pay; an operator joins the outcome by these ids.
    logger.error('VCC opened a payment link the store did not record', {
      id: link.id,
      sessionGuid: link.sessionGuid,
      providerSessionGuid: link.providerSessionGuid,
    });
  }
  return { status: 201, headers: { location: `/v1/payment-links/${link.id}` }, body: paymentSessionView(link) };
}
