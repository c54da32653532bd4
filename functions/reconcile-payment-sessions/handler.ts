import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import middy from '@middy/core';
import type { Context, ScheduledEvent } from 'aws-lambda';
import { CUSTOM_METRICS } from '#app/contract/api-contract.ts';
import { logger, metrics } from '#app/observability/powertools.ts';
import { reconcilePaymentSessions } from '#app/use-cases/reconcile-payment-sessions.ts';
import { statusReports } from '#app/wiring/status-reports.ts';
import { config } from '#app/wiring/stores.ts';
import { vcc } from '#app/wiring/vcc-client.ts';

/**
 * Runs every minute from an EventBridge schedule. The sweep's clock is the scheduled time in
 * the event, so a delayed invocation still judges what was due when it was meant to run.
 */
export const handler = middy(async (event: Pick<ScheduledEvent, 'time'>, context: Context) => {
  const asOf = event.time ? new Date(event.time) : new Date();
  const report = await reconcilePaymentSessions(asOf, {
    ...statusReports,
    vcc,
    // Room for one more session: a token call and a status call, each up to the VCC timeout.
    hasTimeLeft: () => context.getRemainingTimeInMillis() > 2 * config.vccTimeoutMs + 5_000,
    onSessionFailed: (error, id) => logger.warn('could not settle a session this time; it stays due', { id, error: error as Error }),
  });
  metrics.addMetric(CUSTOM_METRICS.unresolvedPayments, MetricUnit.Count, report.unresolved);
  metrics.addMetric(CUSTOM_METRICS.unmatchedPaymentResults, MetricUnit.Count, report.unmatchedResults);
  const attention = report.unresolved > 0 || report.unmatchedResults > 0;
  (attention ? logger.error.bind(logger) : logger.info.bind(logger))('reconciliation sweep', { asOf: asOf.toISOString(), ...report });
  return report;
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
