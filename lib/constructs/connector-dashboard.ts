import { Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { AlarmStatusWidget, Dashboard, GraphWidget, type IMetric, type IWidget, TextWidget } from 'aws-cdk-lib/aws-cloudwatch';
import { Construct } from 'constructs';
import { type FunctionName, ROUTES, type RouteDefinition } from '#app/contract/api-contract.ts';
import type { EnvironmentConfig } from '../config/environment-config.ts';
import type { ConnectorAlarms } from './connector-alarms.ts';
import type { ConnectorFunction } from './connector-function.ts';
import {
  ConnectorMetrics,
  type CrmCallbackMetricsSource,
  CUSTOM_METRICS,
  crmCallbackRuleFailures,
  deadLetterDepth,
  METRIC_PERIOD,
  routeMetric,
  VCC_ERROR_CODES,
  WEBHOOK_ROUTE,
  webhookRefusals,
} from './connector-metrics.ts';

export interface ConnectorDashboardProps {
  config: EnvironmentConfig;
  apiStage: Stage;
  functions: Partial<Record<FunctionName, ConnectorFunction>>;
  alarms: ConnectorAlarms;
  /** Present when the environment delivers outcomes to a CRM callback. */
  crmCallback?: CrmCallbackMetricsSource;
}

const HALF = 12;
const FULL = 24;

/**
 * One CloudWatch dashboard per environment: the alarms' states, then what the connector did
 * (payments opened, VCC's webhooks and errors, payments not resolved, CRM deliveries) and how
 * its functions ran. Dashboards are global to an account, so the name carries the region too.
 */
export class ConnectorDashboard extends Construct {
  readonly dashboard: Dashboard;
  /** The dashboard in the CloudWatch console of the stack's region. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: ConnectorDashboardProps) {
    super(scope, id);
    const { config, apiStage, alarms } = props;
    const { stackName, region } = Stack.of(this);
    const metrics = new ConnectorMetrics(config.name);
    const routesOf = (...names: FunctionName[]): RouteDefinition[] => ROUTES.filter((route) => names.includes(route.functionName));
    const answersOf = (routes: RouteDefinition[]): IMetric[] =>
      routes.flatMap((route) => {
        const name = `${route.method} ${route.path}`;
        return [
          routeMetric(apiStage, route, 'Count').with({ label: `${name}: requests` }),
          routeMetric(apiStage, route, '4XXError').with({ label: `${name}: refused (4xx)` }),
          routeMetric(apiStage, route, '5XXError').with({ label: `${name}: failed (5xx)` }),
        ];
      });
    const functions = Object.entries(props.functions) as [FunctionName, ConnectorFunction][];
    const perFunction = (title: string, metricOf: (fn: ConnectorFunction, label: string) => IMetric): GraphWidget =>
      graph(
        title,
        functions.map(([name, fn]) => metricOf(fn, name)),
      );

    const rows: IWidget[][] = [
      [
        new TextWidget({
          markdown:
            `# VCC payment connector: ${config.name}\n` +
            `Built by the stack ${stackName}: a change made here in the console is undone by the next deploy. ` +
            "Each alarm's runbook is its section of docs/operations.md; every count is per 5 minutes.",
          width: FULL,
          height: 2,
        }),
      ],
      [new AlarmStatusWidget({ title: 'Alarms', alarms: Object.values(alarms.alarms), width: FULL, height: 3 })],
      [
        graph('Agent-assist sessions opened, by answer', [
          metrics.custom(CUSTOM_METRICS.paymentSessionCreated).with({ label: 'created' }),
          ...answersOf(routesOf('create-payment-session')),
        ]),
        graph('Payment links opened and reissued, by answer', [
          metrics.custom(CUSTOM_METRICS.paymentLinkCreated).with({ label: 'created (reissues included)' }),
          ...answersOf(routesOf('create-payment-link', 'reissue-payment-link')),
        ]),
      ],
      [
        graph('VCC webhooks received and refused', [
          routeMetric(apiStage, WEBHOOK_ROUTE, 'Count').with({ label: 'received' }),
          webhookRefusals(apiStage).with({ label: 'refused, 4xx (alarm WebhookRefused)' }),
          metrics.webhookRefused().with({ label: 'of those, refused by the receiver' }),
          routeMetric(apiStage, WEBHOOK_ROUTE, '5XXError').with({ label: 'failed, 5xx' }),
        ]),
        graph(
          'VCC errors by code',
          VCC_ERROR_CODES.map((code) => metrics.vccErrors(code).with({ label: code })),
        ),
      ],
      [
        graph('Payments not resolved (above 0 raises their alarms)', [
          metrics.unresolvedSessions().with({ label: 'unresolved payment sessions (alarm UnresolvedSessions)' }),
          metrics.unmatchedPaymentResults().with({ label: 'unmatched payment results (alarm UnmatchedPaymentResults)' }),
        ]),
        ...(props.crmCallback ? [crmCallbackGraph(metrics, props.crmCallback)] : []),
      ],
      [
        perFunction('Duration p50 (ms)', (fn, label) => fn.function.metricDuration({ statistic: 'p50', period: METRIC_PERIOD, label })),
        perFunction('Duration p99 (ms)', (fn, label) => fn.function.metricDuration({ statistic: 'p99', period: METRIC_PERIOD, label })),
      ],
      [
        perFunction('Throttles', (fn, label) => fn.function.metricThrottles({ statistic: 'Sum', period: METRIC_PERIOD, label })),
        perFunction('Errors', (fn, label) => fn.function.metricErrors({ statistic: 'Sum', period: METRIC_PERIOD, label })),
      ],
    ];

    this.dashboard = new Dashboard(this, 'Dashboard', { dashboardName: `${stackName}-${region}`, widgets: rows });
    this.url = `https://${region}.console.aws.amazon.com/cloudwatch/home?region=${region}#dashboards/dashboard/${this.dashboard.dashboardName}`;
  }
}

function graph(title: string, left: IMetric[]): GraphWidget {
  return new GraphWidget({ title, left, width: HALF, height: 6, leftYAxis: { min: 0 } });
}

function crmCallbackGraph(metrics: ConnectorMetrics, { deadLetterQueue, rule, busName }: CrmCallbackMetricsSource): GraphWidget {
  return new GraphWidget({
    title: 'CRM callback deliveries',
    left: [
      metrics.custom(CUSTOM_METRICS.crmCallbackDelivered).with({ label: 'delivered' }),
      metrics.custom(CUSTOM_METRICS.crmCallbackFailed).with({ label: 'failed attempts (retried, or dead-lettered after the last)' }),
      crmCallbackRuleFailures(busName, rule).with({ label: 'not sent to the queue (alarm CrmCallbackRuleFailures)' }),
    ],
    right: [deadLetterDepth(deadLetterQueue).with({ label: 'in the dead-letter queue (alarm CrmCallbackDeadLetters)' })],
    width: HALF,
    height: 6,
    leftYAxis: { min: 0 },
    rightYAxis: { min: 0 },
  });
}
