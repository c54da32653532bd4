import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import { CRM_DELIVERY } from '#app/contract/api-contract.ts';
import type { ConnectorFunction } from '../../lib/constructs/connector-function.ts';
import { cdkJsonContext, cdkJsonStacks, type SynthesizedEnvironment, synthesize } from './support/synthesize.ts';

let synthesized: Record<string, SynthesizedEnvironment>;
let withoutCallback: SynthesizedEnvironment;
beforeAll(() => {
  synthesized = cdkJsonStacks();
  const context = cdkJsonContext() as { paymentConnector: { environments: Record<string, Record<string, unknown>> } };
  delete context.paymentConnector.environments.sandbox!.crmCallback;
  // Synthesis runs cdk-nag, so this also shows the stack without a callback is clean.
  withoutCallback = synthesize(context, { bundle: false }).sandbox!;
});

const ENVIRONMENTS = ['sandbox', 'production'] as const;

const idOf = ({ stack }: SynthesizedEnvironment, construct: { node: { defaultChild?: unknown } }): string =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

const resourceOf = (environment: SynthesizedEnvironment, construct: { node: { defaultChild?: unknown } }): Record<string, any> =>
  environment.template.toJSON().Resources[idOf(environment, construct)];

const arnOf = (environment: SynthesizedEnvironment, construct: { node: { defaultChild?: unknown } }) => ({
  'Fn::GetAtt': [idOf(environment, construct), 'Arn'],
});

describe('the outcome event bus', () => {
  it('has a name of its own in each environment, so both can share an account', () => {
    const names = ENVIRONMENTS.map((name) => resourceOf(synthesized[name]!, synthesized[name]!.stack.outcomeBus.bus).Properties.Name);

    expect(names).toEqual(['vcc-payment-connector-sandbox-outcomes', 'vcc-payment-connector-production-outcomes']);
  });

  it.each([
    ['sandbox', 30],
    ['production', 395],
  ] as const)('in %s archives every connector event for %i days', (name, days) => {
    const environment = synthesized[name]!;
    const { bus, archive } = environment.stack.outcomeBus;

    expect(resourceOf(environment, archive).Properties).toMatchObject({
      SourceArn: arnOf(environment, bus),
      EventPattern: { source: ['vcc-payment-connector'] },
      RetentionDays: days,
    });
  });
});

describe('the reconciliation schedule', () => {
  it.each(ENVIRONMENTS)('in %s invokes the sweep every minute from a scheduled rule, whose event carries the time', (name) => {
    const environment = synthesized[name]!;
    const sweep = environment.stack.functions['reconcile-payment-sessions'];
    const rules = Object.values(environment.template.findResources('AWS::Events::Rule')).filter((rule) => rule.Properties.ScheduleExpression);

    expect(rules).toHaveLength(1);
    expect(rules[0]!.Properties).toMatchObject({
      ScheduleExpression: 'rate(1 minute)',
      State: 'ENABLED',
      Targets: [{ Arn: arnOf(environment, sweep.function) }],
    });
    expect(rules[0]!.Properties.EventBusName).toBeUndefined();
  });

  it('does not retry a failed sweep, nor run a throttled tick once the next is due: the next sweep repeats it anyway', () => {
    const environment = synthesized.production!;
    const [config] = Object.values(environment.template.findResources('AWS::Lambda::EventInvokeConfig'));

    expect(config!.Properties).toMatchObject({
      FunctionName: { Ref: idOf(environment, environment.stack.functions['reconcile-payment-sessions'].function) },
      MaximumRetryAttempts: 0,
      // One schedule interval, rate(1 minute): a throttled tick is retried at most until the next one.
      MaximumEventAgeInSeconds: 60,
    });
  });
});

describe('the CRM callback delivery', () => {
  it.each(ENVIRONMENTS)('in %s: a rule on the outcome bus sends every connector event to the queue, and failed sends to the dead-letter queue', (name) => {
    const environment = synthesized[name]!;
    const { stack } = environment;
    const delivery = stack.crmCallback!;

    expect(resourceOf(environment, delivery.rule).Properties).toMatchObject({
      EventBusName: { Ref: idOf(environment, stack.outcomeBus.bus) },
      EventPattern: { source: ['vcc-payment-connector'] },
      Targets: [
        {
          Arn: arnOf(environment, delivery.queue),
          DeadLetterConfig: { Arn: arnOf(environment, delivery.deadLetterQueue) },
          RetryPolicy: { MaximumRetryAttempts: 185, MaximumEventAgeInSeconds: 86_400 },
        },
      ],
    });
    expect(Object.keys(resourceOf(environment, delivery.rule).Properties.EventPattern)).toEqual(['source']);
  });

  it.each(ENVIRONMENTS)(
    'in %s: the queue is encrypted, moves a message to the dead-letter queue after CRM_DELIVERY.maxReceiveCount attempts and outlasts six function timeouts',
    (name) => {
      const environment = synthesized[name]!;
      const delivery = environment.stack.crmCallback!;
      const timeout = resourceOf(environment, delivery.function.function).Properties.Timeout;

      expect(resourceOf(environment, delivery.queue).Properties).toMatchObject({
        SqsManagedSseEnabled: true,
        RedrivePolicy: { deadLetterTargetArn: arnOf(environment, delivery.deadLetterQueue), maxReceiveCount: CRM_DELIVERY.maxReceiveCount },
      });
      expect(resourceOf(environment, delivery.queue).Properties.VisibilityTimeout).toBeGreaterThanOrEqual(6 * timeout);
      // Tags are every resource's, checked in cdk-defaults.spec.ts.
      const { Tags: _tags, ...deadLetterSettings } = resourceOf(environment, delivery.deadLetterQueue).Properties;
      expect(deadLetterSettings).toEqual({ SqsManagedSseEnabled: true, MessageRetentionPeriod: 14 * 24 * 3600 });
    },
  );

  it.each(ENVIRONMENTS)('in %s: both queues refuse requests without TLS', (name) => {
    const environment = synthesized[name]!;
    const delivery = environment.stack.crmCallback!;
    for (const queue of [delivery.queue, delivery.deadLetterQueue]) {
      const policies = Object.values(environment.template.findResources('AWS::SQS::QueuePolicy')).filter((policy) =>
        policy.Properties.Queues.some((ref: { Ref: string }) => ref.Ref === idOf(environment, queue)),
      );

      expect(policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement)).toContainEqual({
        Effect: 'Deny',
        Action: 'sqs:*',
        Principal: { AWS: '*' },
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        Resource: arnOf(environment, queue),
      });
    }
  });

  it.each(ENVIRONMENTS)('in %s: the delivery function takes one message at a time, at most five at once, and reports the ones that failed', (name) => {
    const environment = synthesized[name]!;
    const delivery = environment.stack.crmCallback!;
    const mappings = Object.values(environment.template.findResources('AWS::Lambda::EventSourceMapping'));

    expect(mappings.map(({ Properties: { Tags: _tags, ...settings } }) => settings)).toEqual([
      {
        EventSourceArn: arnOf(environment, delivery.queue),
        FunctionName: { Ref: idOf(environment, delivery.function.function) },
        BatchSize: 1,
        FunctionResponseTypes: ['ReportBatchItemFailures'],
        ScalingConfig: { MaximumConcurrency: 5 },
      },
    ]);
  });

  it('times out after one CRM request and five seconds more', () => {
    const environment = synthesized.sandbox!;

    expect(resourceOf(environment, environment.stack.crmCallback!.function.function).Properties.Timeout).toBe(CRM_DELIVERY.requestTimeoutMs / 1000 + 5);
  });

  it('in the sandbox signs with a secret Secrets Manager generates: 32 letters and digits under signingSecret', () => {
    const environment = synthesized.sandbox!;
    const secret = environment.stack.crmCallback!.signingSecret.createdSecret!;

    expect(resourceOf(environment, secret).Properties.GenerateSecretString).toEqual({
      SecretStringTemplate: '{}',
      GenerateStringKey: 'signingSecret',
      ExcludePunctuation: true,
      PasswordLength: 32,
    });
  });

  it('in production signs with the existing secret named in cdk.json, and creates none', () => {
    const environment = synthesized.production!;

    expect(environment.stack.crmCallback!.signingSecret.secretId).toBe('vcc-payment-connector/production/crm-callback-signing-secret');
    expect(environment.template.findResources('AWS::SecretsManager::Secret')).toEqual({});
  });
});

describe('an environment without a CRM callback', () => {
  it('has no callback queue, rule, delivery function or signing secret', () => {
    const { template, stack } = withoutCallback;

    expect(stack.crmCallback).toBeUndefined();
    expect(Object.keys(stack.functions).sort()).toEqual([
      'create-payment-link',
      'create-payment-session',
      'get-payment-session',
      'list-payments',
      'receive-vcc-webhook',
      'reconcile-payment-sessions',
      'reissue-payment-link',
    ]);
    expect(template.findResources('AWS::SQS::Queue')).toEqual({});
    expect(template.findResources('AWS::Lambda::EventSourceMapping')).toEqual({});
    expect(Object.values(template.findResources('AWS::Events::Rule')).filter((rule) => rule.Properties.EventPattern)).toEqual([]);
    expect(Object.keys(template.findResources('AWS::SecretsManager::Secret'))).toEqual([expect.stringMatching(/^VccCredentials/)]);
    expect(Object.keys(template.findOutputs('*')).filter((output) => output.startsWith('CrmCallback'))).toEqual([]);
  });

  it('still publishes outcomes to its bus and runs the sweep', () => {
    const environment = withoutCallback;
    const { template, stack } = environment;
    const { bus } = stack.outcomeBus;
    const publishing = (fn: ConnectorFunction) => {
      const roleId = idOf(environment, fn.role);
      const statements = Object.values(template.findResources('AWS::IAM::Policy'))
        .filter((policy) => policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId))
        .flatMap((policy) => policy.Properties.PolicyDocument.Statement);
      return {
        busName: resourceOf(environment, fn.function).Properties.Environment.Variables.OUTCOME_EVENT_BUS_NAME,
        putEvents: statements.filter((statement: { Action: string }) => statement.Action === 'events:PutEvents'),
      };
    };
    const publisher = {
      busName: { Ref: idOf(environment, bus) },
      putEvents: [{ Effect: 'Allow', Action: 'events:PutEvents', Resource: arnOf(environment, bus) }],
    };

    expect(resourceOf(environment, bus)).toMatchObject({ Type: 'AWS::Events::EventBus' });
    expect(Object.fromEntries(Object.entries(stack.functions).map(([name, fn]) => [name, publishing(fn)]))).toEqual({
      'create-payment-session': publisher,
      'get-payment-session': publisher,
      'create-payment-link': publisher,
      'reissue-payment-link': publisher,
      'list-payments': { busName: undefined, putEvents: [] },
      'receive-vcc-webhook': publisher,
      'reconcile-payment-sessions': publisher,
    });
    expect(Object.values(template.findResources('AWS::Events::Rule')).map((rule) => rule.Properties)).toEqual([
      expect.objectContaining({
        ScheduleExpression: 'rate(1 minute)',
        Targets: [expect.objectContaining({ Arn: arnOf(environment, stack.functions['reconcile-payment-sessions'].function) })],
      }),
    ]);
    template.hasOutput('OutcomeEventBusName', { Value: { Ref: idOf(environment, bus) } });
  });
});
