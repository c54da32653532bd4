import { readdirSync, readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES } from '#app/contract/api-contract.ts';
import { CUSTOM_METRICS, VCC_ERROR_CODES } from '../../lib/constructs/connector-metrics.ts';
import type { PaymentApi } from '../../lib/constructs/payment-api.ts';
import { cdkJsonContext, cdkJsonStacks, type SynthesizedEnvironment, synthesize } from './support/synthesize.ts';

let synthesized: Record<string, SynthesizedEnvironment>;
let withoutCallback: SynthesizedEnvironment;
beforeAll(() => {
  synthesized = cdkJsonStacks();
  const changed = cdkJsonContext() as { paymentConnector: { environments: Record<string, Record<string, unknown>> } };
  delete changed.paymentConnector.environments.sandbox!.crmCallback;
  withoutCallback = synthesize(changed, { bundle: false }).sandbox!;
});

const ENVIRONMENTS = ['sandbox', 'production'] as const;

interface Widget {
  type: string;
  properties: { title?: string; markdown?: string; alarms?: string[]; metrics?: unknown[][] };
}

/** One line of a graph: its namespace, name, dimensions and options, as the console reads them. */
interface Line {
  namespace: string;
  metricName: string;
  dimensions: Record<string, string>;
  options: { stat?: string; period?: number; label?: string; expression?: string };
}

/**
 * The dashboard body is JSON joined with references: each reference becomes `<Ref:Id>` or
 * `<GetAtt:Id.Attr>` inside its JSON string, so the widgets can be read as data.
 */
function dashboardOf({ template }: SynthesizedEnvironment): { name: string; widgets: Widget[] } {
  const dashboards = Object.values(template.findResources('AWS::CloudWatch::Dashboard'));
  expect(dashboards).toHaveLength(1);
  const { DashboardBody, DashboardName } = dashboards[0]!.Properties;
  const parts: unknown[] = typeof DashboardBody === 'string' ? [DashboardBody] : DashboardBody['Fn::Join'][1];
  const body = parts.map((part) => (typeof part === 'string' ? part : placeholderOf(part))).join('');
  return { name: DashboardName, widgets: JSON.parse(body).widgets };
}

function placeholderOf(reference: unknown): string {
  const { Ref, 'Fn::GetAtt': getAtt } = reference as { Ref?: string; 'Fn::GetAtt'?: string[] };
  if (Ref) return `<Ref:${Ref}>`;
  if (getAtt) return `<GetAtt:${getAtt.join('.')}>`;
  throw new Error(`no placeholder for ${JSON.stringify(reference)}`);
}

function linesOf(widget: Widget): Line[] {
  return (widget.properties.metrics ?? []).map((entry) => {
    const options = (typeof entry.at(-1) === 'object' ? entry.at(-1) : {}) as Line['options'];
    const [namespace, metricName, ...rest] = entry.filter((item) => typeof item === 'string') as string[];
    const dimensions: Record<string, string> = {};
    for (let i = 0; i + 1 < rest.length; i += 2) dimensions[rest[i]!] = rest[i + 1]!;
    return { namespace: namespace!, metricName: metricName!, dimensions, options };
  });
}

const graphs = (environment: SynthesizedEnvironment): Widget[] => dashboardOf(environment).widgets.filter((widget) => widget.type === 'metric');

const graphTitled = (environment: SynthesizedEnvironment, title: string): Widget => {
  const graph = graphs(environment).find((widget) => widget.properties.title === title);
  if (!graph) throw new Error(`no graph titled ${title}`);
  return graph;
};

const allLines = (environment: SynthesizedEnvironment): Line[] => graphs(environment).flatMap(linesOf);

const idOf = ({ stack }: SynthesizedEnvironment, construct: { node: { defaultChild?: unknown } }): string =>
  stack.getLogicalId(construct.node.defaultChild as Parameters<typeof stack.getLogicalId>[0]);

describe('the dashboard', () => {
  it.each(ENVIRONMENTS)(
    'of %s is one per stack, named after the stack and its region (dashboards are global to an account), and the stack outputs its URL',
    (name) => {
      const environment = synthesized[name]!;
      const { stackName } = environment.stack;

      expect(dashboardOf(environment).name).toBe(`${stackName}-eu-west-2`);
      const [dashboardId] = Object.keys(environment.template.findResources('AWS::CloudWatch::Dashboard'));
      environment.template.hasOutput('DashboardUrl', {
        Value: { 'Fn::Join': ['', ['https://eu-west-2.console.aws.amazon.com/cloudwatch/home?region=eu-west-2#dashboards/dashboard/', { Ref: dashboardId }]] },
      });
    },
  );

  it.each(ENVIRONMENTS)('of %s reads every metric of the functions in this environment only, through the dimension the functions are given', (name) => {
    const environment = synthesized[name]!;
    const custom = allLines(environment).filter((line) => line.namespace === 'VccPaymentConnector');
    const variables = Object.values(environment.template.findResources('AWS::Lambda::Function')).map(
      (fn) => fn.Properties.Environment.Variables.CONNECTOR_ENVIRONMENT,
    );

    expect(new Set(custom.map((line) => line.metricName))).toEqual(new Set(Object.values(CUSTOM_METRICS)));
    for (const line of custom) expect(line.dimensions).toMatchObject({ environment: name, service: 'vcc-payment-connector' });
    expect(new Set(variables)).toEqual(new Set([name]));
  });

  it.each(ENVIRONMENTS)(
    'of %s shows agent-assist sessions and payment links opened, by answer: created, and each opening route’s requests, 4xx and 5xx',
    (name) => {
      const environment = synthesized[name]!;
      const sessions = linesOf(graphTitled(environment, 'Agent-assist sessions opened, by answer'));
      const links = linesOf(graphTitled(environment, 'Payment links opened and reissued, by answer'));
      const stage = (environment.stack.node.findChild('PaymentApi') as PaymentApi).restApi.deploymentStage;
      const api = { ApiName: environment.stack.stackName, Stage: `<Ref:${idOf(environment, stage)}>` };

      expect(sessions.map((line) => line.metricName)).toEqual(['PaymentSessionCreated', 'Count', '4XXError', '5XXError']);
      expect(sessions.slice(1).map((line) => line.dimensions)).toEqual(Array(3).fill({ ...api, Method: 'POST', Resource: '/v1/payment-sessions' }));
      expect(links[0]).toMatchObject({ metricName: 'PaymentLinkCreated', options: { stat: 'Sum' } });
      expect(new Set(links.slice(1).map((line) => `${line.dimensions.Method} ${line.dimensions.Resource}`))).toEqual(
        new Set(['POST /v1/payment-links', 'POST /v1/payment-links/{id}/reissue']),
      );
    },
  );

  it.each(ENVIRONMENTS)("of %s shows VCC's webhooks received and refused, by the gateway (the authorizer included) and by the receiver", (name) => {
    const environment = synthesized[name]!;
    const lines = linesOf(graphTitled(environment, 'VCC webhooks received and refused'));
    const webhook = ROUTES.find((route) => route.functionName === 'receive-vcc-webhook')!;

    expect(lines.map((line) => [line.metricName, line.dimensions.Method, line.dimensions.Resource])).toEqual([
      ['Count', webhook.method, webhook.path],
      ['4XXError', webhook.method, webhook.path],
      ['VccWebhookRefused', undefined, undefined],
      ['5XXError', webhook.method, webhook.path],
    ]);
  });

  it('relies on per-method API metrics, which the stage publishes', () => {
    const [stage] = Object.values(synthesized.production!.template.findResources('AWS::ApiGateway::Stage'));

    expect(stage!.Properties.MethodSettings).toEqual([expect.objectContaining({ HttpMethod: '*', ResourcePath: '/*', MetricsEnabled: true })]);
  });

  it.each(ENVIRONMENTS)("of %s shows VCC's errors by code, one line for each VCC code of the catalogue", (name) => {
    const lines = linesOf(graphTitled(synthesized[name]!, 'VCC errors by code'));

    expect(VCC_ERROR_CODES).toContain('VCC_TIMEOUT');
    expect(lines.map((line) => [line.metricName, line.dimensions.errorCode, line.options.label])).toEqual(
      VCC_ERROR_CODES.map((code) => ['VccError', code, code]),
    );
  });

  it.each(ENVIRONMENTS)('of %s shows the payments not resolved with the metrics and statistics their alarms watch', (name) => {
    const environment = synthesized[name]!;
    const lines = linesOf(graphTitled(environment, 'Payments not resolved (above 0 raises their alarms)'));
    const alarms = Object.values(environment.template.findResources('AWS::CloudWatch::Alarm')).map((alarm) => alarm.Properties);

    expect(lines.map((line) => line.metricName)).toEqual(['UnresolvedPaymentSessions', 'UnmatchedPaymentResults']);
    for (const line of lines) {
      const alarm = alarms.find((candidate) => candidate.MetricName === line.metricName)!;
      expect({ ...line.dimensions }).toEqual(Object.fromEntries(alarm.Dimensions.map(({ Name, Value }: { Name: string; Value: string }) => [Name, Value])));
      // A graph leaves out the period when it is the default, 300 seconds.
      expect([line.options.stat, line.options.period ?? 300]).toEqual([alarm.Statistic, alarm.Period]);
    }
  });

  it.each(ENVIRONMENTS)('of %s shows CRM deliveries, failed attempts, events not queued and the dead-letter queue’s depth', (name) => {
    const environment = synthesized[name]!;
    const lines = linesOf(graphTitled(environment, 'CRM callback deliveries'));
    const deadLetterQueue = idOf(environment, environment.stack.crmCallback!.deadLetterQueue);

    expect(lines.filter((line) => line.metricName).map((line) => line.metricName)).toEqual(
      expect.arrayContaining(['CrmCallbackDelivered', 'CrmCallbackFailed', 'FailedInvocations', 'InvocationsFailedToBeSentToDlq']),
    );
    expect(lines).toContainEqual(
      expect.objectContaining({
        namespace: 'AWS/SQS',
        metricName: 'ApproximateNumberOfMessagesVisible',
        dimensions: { QueueName: `<GetAtt:${deadLetterQueue}.QueueName>` },
        options: expect.objectContaining({ stat: 'Maximum', yAxis: 'right' }),
      }),
    );
  });

  it('leaves out the CRM callback graph where no callback is configured', () => {
    const titles = graphs(withoutCallback).map((widget) => widget.properties.title);

    expect(titles).not.toContain('CRM callback deliveries');
    expect(titles).toContain('Payments not resolved (above 0 raises their alarms)');
  });

  it.each(ENVIRONMENTS)('of %s shows p50 and p99 duration, throttles and errors of every function of the stack', (name) => {
    const environment = synthesized[name]!;
    const functionIds = Object.values(environment.stack.functions).map((fn) => `<Ref:${idOf(environment, fn.function)}>`);

    for (const [title, metricName, stat] of [
      ['Duration p50 (ms)', 'Duration', 'p50'],
      ['Duration p99 (ms)', 'Duration', 'p99'],
      ['Throttles', 'Throttles', 'Sum'],
      ['Errors', 'Errors', 'Sum'],
    ] as const) {
      const lines = linesOf(graphTitled(environment, title));
      expect(lines.map((line) => [line.metricName, line.options.stat])).toEqual(functionIds.map(() => [metricName, stat]));
      expect(lines.map((line) => line.dimensions.FunctionName).sort()).toEqual([...functionIds].sort());
    }
    expect(functionIds).toHaveLength(8);
  });

  it.each(ENVIRONMENTS)('of %s starts with the state of every alarm of the stack, and says where their runbooks are', (name) => {
    const environment = synthesized[name]!;
    const { widgets } = dashboardOf(environment);
    const alarmIds = Object.keys(environment.template.findResources('AWS::CloudWatch::Alarm'));

    expect(widgets[0]!.properties.markdown).toContain('docs/operations.md');
    expect(widgets[1]).toMatchObject({ type: 'alarm' });
    expect([...widgets[1]!.properties.alarms!].sort()).toEqual(alarmIds.map((id) => `<GetAtt:${id}.Arn>`).sort());
  });
});

describe('the metrics the dashboard reads', () => {
  it('are each published by a function, under the name the contract gives both sides', () => {
    const functionsDir = new URL('../../functions/', import.meta.url);
    const sources = readdirSync(functionsDir, { recursive: true, encoding: 'utf8' })
      .filter((file) => file.endsWith('.ts'))
      .map((file) => readFileSync(new URL(file, functionsDir), 'utf8'))
      .join('\n');

    const published = new Set([...sources.matchAll(/addMetric\(\s*CUSTOM_METRICS\.(\w+)\s*,/g)].map((match) => match[1]!));
    expect([...published].sort()).toEqual(Object.keys(CUSTOM_METRICS).sort());
  });
});

describe('docs/operations.md', () => {
  it('lists, in its metrics table, only metrics the dashboard shows', () => {
    const operations = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    const metricsSection = operations.split(/^## /m).find((section) => section.startsWith('Metrics'))!;
    const documented = [...metricsSection.matchAll(/^\| `(\w+)` \|/gm)].map((match) => match[1]!);

    expect(documented.length).toBeGreaterThan(0);
    for (const name of documented) expect(Object.values(CUSTOM_METRICS)).toContain(name);
  });
});
