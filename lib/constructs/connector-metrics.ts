import { Duration } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { MathExpression, Metric } from 'aws-cdk-lib/aws-cloudwatch';
import type { IRule } from 'aws-cdk-lib/aws-events';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { CUSTOM_METRICS, type CustomMetricName, OBSERVABILITY, ROUTES, type RouteDefinition } from '#app/contract/api-contract.ts';
import { ERROR_CATALOGUE, type ErrorCode } from '#app/contract/error-catalogue.ts';

/** The period of every alarm and of every graph of the dashboard. */
export const METRIC_PERIOD = Duration.minutes(5);

/** The functions' metrics, by the names the contract gives them for both sides. */
export { CUSTOM_METRICS, type CustomMetricName };

/**
 * The dimension every metric of the functions carries, with the value of CONNECTOR_ENVIRONMENT
 * (functions/app/wiring/function-config.ts): without it two environments in one account add up.
 */
export const ENVIRONMENT_DIMENSION = 'environment';

/** VccError's `errorCode` takes no other values: the API handler counts the catalogue's VCC_* codes. */
export const VCC_ERROR_CODES = (Object.keys(ERROR_CATALOGUE) as ErrorCode[]).filter((code) => code.startsWith('VCC_'));

export type RouteMetricName = 'Count' | '4XXError' | '5XXError';

/** What the alarms and the dashboard watch of an environment's CRM callback, when it has one. */
export interface CrmCallbackMetricsSource {
  deadLetterQueue: IQueue;
  rule: IRule;
  busName: string;
}

/**
 * Every metric an operator reads, defined once for the alarms and the dashboard, which give it
 * their own label or statistic with `Metric.with`. The functions' metrics are read in one
 * environment only.
 */
export class ConnectorMetrics {
  constructor(private readonly environmentName: string) {}

  /** A metric the functions publish, in this environment; `errorCode` is VccError's. */
  custom(metricName: CustomMetricName, { statistic = 'Sum', errorCode }: { statistic?: string; errorCode?: ErrorCode } = {}): Metric {
    return new Metric({
      namespace: OBSERVABILITY.metricsNamespace,
      metricName,
      dimensionsMap: {
        service: OBSERVABILITY.serviceName,
        [ENVIRONMENT_DIMENSION]: this.environmentName,
        ...(errorCode ? { errorCode } : {}),
      },
      statistic,
      period: METRIC_PERIOD,
    });
  }

  // Each sweep counts what is still wrong, so a period's largest count is the one to read.
  unresolvedSessions(): Metric {
    return this.custom(CUSTOM_METRICS.unresolvedPayments, { statistic: 'Maximum' });
  }

  unmatchedPaymentResults(): Metric {
    return this.custom(CUSTOM_METRICS.unmatchedPaymentResults, { statistic: 'Maximum' });
  }

  webhookRefused(): Metric {
    return this.custom(CUSTOM_METRICS.webhookRefused);
  }

  vccErrors(errorCode: ErrorCode): Metric {
    return this.custom(CUSTOM_METRICS.vccError, { errorCode });
  }
}

export const apiServerErrors = (stage: Stage): Metric => stage.metricServerError({ period: METRIC_PERIOD, statistic: 'Sum' });

/**
 * One route's requests, 4xx or 5xx answers, summed. API Gateway publishes these per method only
 * for a stage with detailed metrics (PaymentApi enables them). A refusal by the authorizer counts
 * as the route's 4xx, though the function never sees it.
 */
export function routeMetric(stage: Stage, route: Pick<RouteDefinition, 'method' | 'path'>, metricName: RouteMetricName): Metric {
  return new Metric({
    namespace: 'AWS/ApiGateway',
    metricName,
    dimensionsMap: { ApiName: stage.restApi.restApiName, Method: route.method, Resource: route.path, Stage: stage.stageName },
    statistic: 'Sum',
    period: METRIC_PERIOD,
  });
}

/** VCC's webhook route: the one route another system calls, and retries for 12 hours before giving up. */
export const WEBHOOK_ROUTE = ROUTES.find((route) => route.functionName === 'receive-vcc-webhook')!;

/**
 * Webhooks answered with a 4xx and so not stored, whoever refused them: the token authorizer (a
 * token missing, expired or without the scope), the stage's throttle, or the receiver itself.
 * The receiver's own count, VccWebhookRefused, never sees the first two.
 */
export const webhookRefusals = (stage: Stage): Metric => routeMetric(stage, WEBHOOK_ROUTE, '4XXError');

export const deadLetterDepth = (deadLetterQueue: IQueue): Metric =>
  deadLetterQueue.metricApproximateNumberOfMessagesVisible({ period: METRIC_PERIOD, statistic: 'Maximum' });

/** Outcome events the bus rule could not send to the CRM callback queue, and those it could not dead-letter either. */
export function crmCallbackRuleFailures(busName: string, rule: IRule): MathExpression {
  const ruleDimensions = { EventBusName: busName, RuleName: rule.ruleName };
  return new MathExpression({
    expression: 'FILL(failed, 0) + FILL(lost, 0)',
    label: 'Outcome events not sent to the CRM callback queue',
    usingMetrics: {
      failed: new Metric({ namespace: 'AWS/Events', metricName: 'FailedInvocations', dimensionsMap: ruleDimensions, statistic: 'Sum' }),
      lost: new Metric({ namespace: 'AWS/Events', metricName: 'InvocationsFailedToBeSentToDlq', dimensionsMap: ruleDimensions, statistic: 'Sum' }),
    },
    period: METRIC_PERIOD,
  });
}
