import { readFileSync } from 'node:fs';
import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { cdkJsonContext, cdkJsonStacks, type SynthesizedEnvironment, synthesize } from './support/synthesize.ts';

let synthesized: Record<string, SynthesizedEnvironment>;
let withEmail: SynthesizedEnvironment;
let withoutCallback: SynthesizedEnvironment;
beforeAll(() => {
  synthesized = cdkJsonStacks();
  const changed = cdkJsonContext() as { paymentConnector: { environments: Record<string, Record<string, unknown>> } };
  changed.paymentConnector.environments.production!.alarms = { email: 'payments-oncall@example.com' };
  delete changed.paymentConnector.environments.sandbox!.crmCallback;
  // Synthesis runs cdk-nag: both variants must be clean too.
  const changedStacks = synthesize(changed, { bundle: false });
  withEmail = changedStacks.production!;
  withoutCallback = changedStacks.sandbox!;
});

const ENVIRONMENTS = ['sandbox', 'production'] as const;

const idOf = ({ stack }: SynthesizedEnvironment, construct: { node: { defaultChild?: unknown } }): string =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

const alarmsOf = ({ template }: SynthesizedEnvironment): Record<string, Record<string, any>> =>
  Object.fromEntries(
    Object.entries(template.findResources('AWS::CloudWatch::Alarm')).map(([id, alarm]) => [
      id.replace(/^Alarms/, '').replace(/[0-9A-F]{8}$/, ''),
      alarm.Properties,
    ]),
  );

describe('the alarms', () => {
  it.each(ENVIRONMENTS)('in %s are the eight an operator must hear about', (name) => {
    expect(Object.keys(alarmsOf(synthesized[name]!)).sort()).toEqual([
      'Api5xx',
      'CrmCallbackDeadLetters',
      'CrmCallbackRuleFailures',
      'ReconcileErrors',
      'ReconcileNotRunning',
      'UnmatchedPaymentResults',
      'UnresolvedSessions',
      'WebhookRefused',
    ]);
  });

  it.each(ENVIRONMENTS)('in %s fire on the first payment result no payment could be matched to: the CRM has not been told', (name) => {
    expect(alarmsOf(synthesized[name]!).UnmatchedPaymentResults).toMatchObject({
      Namespace: 'VccPaymentConnector',
      MetricName: 'UnmatchedPaymentResults',
      Dimensions: expect.arrayContaining([
        { Name: 'environment', Value: name },
        { Name: 'service', Value: 'vcc-payment-connector' },
      ]),
      Statistic: 'Maximum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
    });
  });

  // The authorizer refuses a bad token before the receiver runs: only the gateway's count sees it.
  it.each(ENVIRONMENTS)('in %s fire on the first webhook answered 4xx, whoever refused it, since VCC drops it after its retries', (name) => {
    const environment = synthesized[name]!;
    const stage = environment.stack.node.findChild('PaymentApi').node.findChild('RestApi').node.findChild(`DeploymentStage.${name}`);

    expect(alarmsOf(environment).WebhookRefused).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '4XXError',
      Dimensions: [
        { Name: 'ApiName', Value: environment.stack.stackName },
        { Name: 'Method', Value: 'POST' },
        { Name: 'Resource', Value: '/v1/webhooks/vcc' },
        { Name: 'Stage', Value: { Ref: idOf(environment, stage) } },
      ],
      Statistic: 'Sum',
      Threshold: 0,
      ComparisonOperator: 'GreaterThanThreshold',
      TreatMissingData: 'notBreaching',
    });
  });

  it.each(ENVIRONMENTS)("in %s notify the stack's topic on ALARM and OK, and say what to do", (name) => {
    const environment = synthesized[name]!;
    const topic = { Ref: idOf(environment, environment.stack.alarms.topic) };
    for (const alarm of Object.values(alarmsOf(environment))) {
      expect(alarm).toMatchObject({ AlarmActions: [topic], OKActions: [topic] });
      expect(alarm.AlarmDescription).toMatch(/\. (Check|Fix|Look|Read) /);
    }
  });

  it.each(ENVIRONMENTS)("in %s watch unresolved sessions: the sweep's metric for this environment, Maximum above 0 for two 5-minute periods", (name) => {
    expect(alarmsOf(synthesized[name]!).UnresolvedSessions).toMatchObject({
      Namespace: 'VccPaymentConnector',
      MetricName: 'UnresolvedPaymentSessions',
      Dimensions: [
        { Name: 'environment', Value: name },
        { Name: 'service', Value: 'vcc-payment-connector' },
      ],
      Statistic: 'Maximum',
      Period: 300,
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
      EvaluationPeriods: 2,
      TreatMissingData: 'notBreaching',
    });
  });

  it.each(ENVIRONMENTS)("in %s read the functions' metrics of this environment only, as the functions name it", (name) => {
    const custom = Object.values(alarmsOf(synthesized[name]!)).filter((alarm) => alarm.Namespace === 'VccPaymentConnector');
    const functionEnvironments = Object.values(synthesized[name]!.template.findResources('AWS::Lambda::Function')).map(
      (fn) => fn.Properties.Environment.Variables.CONNECTOR_ENVIRONMENT,
    );

    expect(custom.map((alarm) => alarm.MetricName).sort()).toEqual(['UnmatchedPaymentResults', 'UnresolvedPaymentSessions']);
    for (const alarm of custom) expect(alarm.Dimensions).toContainEqual({ Name: 'environment', Value: name });
    expect(new Set(functionEnvironments)).toEqual(new Set([name]));
  });

  it.each(ENVIRONMENTS)("in %s end with a link to the alarm's runbook, a section of docs/operations.md", (name) => {
    const operations = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
    const anchors = [...operations.matchAll(/^### (.+)$/gm)].map(
      (match) =>
        `#${match[1]!
          .toLowerCase()
          .replace(/[^a-z0-9 -]/g, '')
          .replace(/ /g, '-')}`,
    );
    for (const [id, alarm] of Object.entries(alarmsOf(synthesized[name]!))) {
      expect(alarm.AlarmDescription).toMatch(new RegExp(` Runbook: docs/operations\\.md#alarm-${id.toLowerCase()}$`));
      expect(anchors).toContain(`#alarm-${id.toLowerCase()}`);
      // CloudWatch refuses a longer description.
      expect(alarm.AlarmDescription.length).toBeLessThanOrEqual(1024);
    }
  });

  it('watch the sweep failing, and the sweep not running at all', () => {
    const environment = synthesized.production!;
    const sweep = { Name: 'FunctionName', Value: { Ref: idOf(environment, environment.stack.functions['reconcile-payment-sessions'].function) } };
    const alarms = alarmsOf(environment);

    expect(alarms.ReconcileErrors).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Errors',
      Dimensions: [sweep],
      Statistic: 'Sum',
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
    expect(alarms.ReconcileNotRunning).toMatchObject({
      Namespace: 'AWS/Lambda',
      MetricName: 'Invocations',
      Dimensions: [sweep],
      Statistic: 'Sum',
      Period: 300,
      EvaluationPeriods: 3,
      ComparisonOperator: 'LessThanThreshold',
      Threshold: 1,
      TreatMissingData: 'breaching',
    });
  });

  it("watch the API's 5xx answers on the environment's stage, sustained over two of three periods", () => {
    const environment = synthesized.production!;

    expect(alarmsOf(environment).Api5xx).toMatchObject({
      Namespace: 'AWS/ApiGateway',
      MetricName: '5XXError',
      Dimensions: [
        { Name: 'ApiName', Value: 'PaymentConnector-Production' },
        {
          Name: 'Stage',
          Value: {
            Ref: idOf(environment, environment.stack.node.findChild('PaymentApi').node.findChild('RestApi').node.findChild('DeploymentStage.production')),
          },
        },
      ],
      Statistic: 'Sum',
      Threshold: 0,
      EvaluationPeriods: 3,
      DatapointsToAlarm: 2,
    });
  });

  it('watch the CRM callback dead-letter queue for any visible message', () => {
    const environment = synthesized.production!;

    expect(alarmsOf(environment).CrmCallbackDeadLetters).toMatchObject({
      Namespace: 'AWS/SQS',
      MetricName: 'ApproximateNumberOfMessagesVisible',
      Dimensions: [{ Name: 'QueueName', Value: { 'Fn::GetAtt': [idOf(environment, environment.stack.crmCallback!.deadLetterQueue), 'QueueName'] } }],
      ComparisonOperator: 'GreaterThanThreshold',
      Threshold: 0,
    });
  });

  it("watch the callback rule's failed invocations on the outcome bus, and events it could not dead-letter", () => {
    const environment = synthesized.production!;
    const dimensions = [
      { Name: 'EventBusName', Value: { Ref: idOf(environment, environment.stack.outcomeBus.bus) } },
      { Name: 'RuleName', Value: { Ref: idOf(environment, environment.stack.crmCallback!.rule) } },
    ];
    const { Metrics, Threshold, ComparisonOperator } = alarmsOf(environment).CrmCallbackRuleFailures!;

    expect({ Threshold, ComparisonOperator }).toEqual({ Threshold: 0, ComparisonOperator: 'GreaterThanThreshold' });
    expect(Metrics.filter((metric: any) => metric.MetricStat).map((metric: any) => metric.MetricStat.Metric)).toEqual([
      { Namespace: 'AWS/Events', MetricName: 'FailedInvocations', Dimensions: dimensions },
      { Namespace: 'AWS/Events', MetricName: 'InvocationsFailedToBeSentToDlq', Dimensions: dimensions },
    ]);
  });

  it('leave out the CRM callback alarms where no callback is configured', () => {
    expect(Object.keys(alarmsOf(withoutCallback)).sort()).toEqual([
      'Api5xx',
      'ReconcileErrors',
      'ReconcileNotRunning',
      'UnmatchedPaymentResults',
      'UnresolvedSessions',
      'WebhookRefused',
    ]);
  });
});

describe('the alarm topic', () => {
  it.each(ENVIRONMENTS)('in %s is encrypted with a rotating key CloudWatch may use, and refuses publishing without TLS', (name) => {
    const environment = synthesized[name]!;
    const { topic } = environment.stack.alarms;
    const topicResource = environment.template.toJSON().Resources[idOf(environment, topic)];
    const keyId = topicResource.Properties.KmsMasterKeyId['Fn::GetAtt'][0];
    const key = environment.template.toJSON().Resources[keyId];
    const [policy] = Object.values(environment.template.findResources('AWS::SNS::TopicPolicy'));

    expect(key).toMatchObject({ Type: 'AWS::KMS::Key', Properties: { EnableKeyRotation: true } });
    expect(key.Properties.KeyPolicy.Statement).toContainEqual({
      Effect: 'Allow',
      Principal: { Service: 'cloudwatch.amazonaws.com' },
      Action: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      Resource: '*',
    });
    expect(policy!.Properties.PolicyDocument.Statement).toEqual([
      expect.objectContaining({ Effect: 'Deny', Action: 'sns:Publish', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      expect.objectContaining({ Effect: 'Allow', Action: 'sns:Publish', Principal: { Service: 'cloudwatch.amazonaws.com' } }),
    ]);
    environment.template.hasOutput('AlarmTopicArn', { Value: { Ref: idOf(environment, topic) } });
  });

  it('has no subscription unless cdk.json names an alarm email', () => {
    expect(synthesized.production!.template.findResources('AWS::SNS::Subscription')).toEqual({});
  });

  it('sends to the alarm email cdk.json names', () => {
    const subscriptions = Object.values(withEmail.template.findResources('AWS::SNS::Subscription'));

    expect(subscriptions.map((subscription) => subscription.Properties)).toEqual([
      { Protocol: 'email', Endpoint: 'payments-oncall@example.com', TopicArn: { Ref: idOf(withEmail, withEmail.stack.alarms.topic) } },
    ]);
  });
});
