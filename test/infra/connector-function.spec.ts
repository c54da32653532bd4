import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { EventBus } from 'aws-cdk-lib/aws-events';
import { Key } from 'aws-cdk-lib/aws-kms';
import { Queue } from 'aws-cdk-lib/aws-sqs';
import { describe, expect, it } from 'vitest';
import { loadEnvironments } from '../../lib/config/environment-config.ts';
import { ConfiguredSecret } from '../../lib/constructs/configured-secret.ts';
import { ConnectorFunction, functionTimeout } from '../../lib/constructs/connector-function.ts';
import { PaymentSessionsTable } from '../../lib/constructs/payment-sessions-table.ts';
import { cdkJsonEnvironments } from './support/synthesize.ts';

const [sandbox] = loadEnvironments(cdkJsonEnvironments());
const config = sandbox!;

/** Bundling skipped: these tests read the template, not the code. */
const newStack = () => new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false }), 'Test');

const variablesOf = (stack: Stack) => Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0]!.Properties.Environment.Variables;

describe('ConnectorFunction', () => {
  it("merges the caller's environment with its own", () => {
    const stack = newStack();
    new ConnectorFunction(stack, 'Fn', { name: 'create-payment-session', description: 'test', config, environment: { FEATURE_X: 'on' } });

    expect(variablesOf(stack)).toMatchObject({ FEATURE_X: 'on', CONNECTOR_ENVIRONMENT: 'sandbox', POWERTOOLS_SERVICE_NAME: 'vcc-payment-connector' });
  });

  it("gives the function each payment flow's result reading, by name where the flow uses a known gateway's", () => {
    const stack = newStack();
    new ConnectorFunction(stack, 'Fn', { name: 'receive-vcc-webhook', description: 'test', config });

    expect(JSON.parse(variablesOf(stack).PAYMENT_RESULT_READINGS)).toEqual({ 'card-payment': 'cybersource', 'card-payment-moto': 'cybersource' });
  });

  it('refuses a caller variable that would replace one of its own', () => {
    const stack = newStack();
    const create = () =>
      new ConnectorFunction(stack, 'Fn', { name: 'create-payment-session', description: 'test', config, environment: { ALLOW_SKIP_CALL_TRANSFER: 'true' } });

    expect(create).toThrow('Test/Fn: ALLOW_SKIP_CALL_TRANSFER is set by ConnectorFunction itself');
  });

  it('refuses to bind a second table, which would repoint the function and keep the first grant', () => {
    const stack = newStack();
    const fn = new ConnectorFunction(stack, 'Fn', { name: 'create-payment-session', description: 'test', config });
    fn.bindSessionTable(new PaymentSessionsTable(stack, 'First', { config }).table, 'read');

    expect(() => fn.bindSessionTable(new PaymentSessionsTable(stack, 'Second', { config }).table, 'read')).toThrow(
      'Test/Fn: PAYMENT_SESSIONS_TABLE is already bound',
    );
  });

  it('grants only GetItem for read access to the table', () => {
    const stack = newStack();
    const table = new PaymentSessionsTable(stack, 'Sessions', { config }).table;
    new ConnectorFunction(stack, 'Fn', { name: 'create-payment-session', description: 'test', config }).bindSessionTable(table, 'read');
    const statements = Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0]!.Properties.PolicyDocument.Statement;

    expect(statements.filter((statement: { Action: string | string[] }) => String(statement.Action).startsWith('dynamodb:'))).toEqual([
      { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^SessionsTable/), 'Arn'] } },
    ]);
  });
});

describe('ConnectorFunction bind helpers', () => {
  const statementsOf = (stack: Stack) =>
    Object.values(Template.fromStack(stack).findResources('AWS::IAM::Policy'))[0]!.Properties.PolicyDocument.Statement as {
      Action: string | string[];
      Resource: unknown;
    }[];

  it.each([
    'PAYMENT_SESSIONS_TABLE',
    'OUTCOME_EVENT_BUS_NAME',
    'CRM_CALLBACK_QUEUE_URL',
    'CRM_CALLBACK_SECRET_ID',
    'CRM_CALLBACK_URL',
    'PAYMENT_RESULT_READINGS',
  ])('refuse %s from the caller: resource names come with their grant, settings from cdk.json', (name) => {
    const stack = newStack();
    const create = () => new ConnectorFunction(stack, 'Fn', { name: 'receive-vcc-webhook', description: 'test', config, environment: { [name]: 'x' } });

    expect(create).toThrow(`Test/Fn: ${name} is set by ConnectorFunction itself`);
  });

  it('allow Query on the due-work index of the bound table only', () => {
    const stack = newStack();
    const table = new PaymentSessionsTable(stack, 'Sessions', { config }).table;
    new ConnectorFunction(stack, 'Fn', { name: 'reconcile-payment-sessions', description: 'test', config })
      .bindSessionTable(table, 'readUpdate')
      .bindDueWorkIndex();

    expect(statementsOf(stack).filter((statement) => statement.Action === 'dynamodb:Query')).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^SessionsTable/), 'Arn'] }, '/index/due-work']] },
      },
    ]);
  });

  it('name the table for index-only access without allowing any item call on it', () => {
    const stack = newStack();
    const table = new PaymentSessionsTable(stack, 'Sessions', { config }).table;
    new ConnectorFunction(stack, 'Fn', { name: 'list-payments', description: 'test', config }).bindSessionTable(table, 'indexOnly');

    expect(variablesOf(stack).PAYMENT_SESSIONS_TABLE).toEqual({ Ref: expect.stringMatching(/^SessionsTable/) });
    expect(statementsOf(stack).filter((statement) => String(statement.Action).startsWith('dynamodb:'))).toEqual([]);
  });

  it('allow Query on the crm-reference index of the bound table only', () => {
    const stack = newStack();
    const table = new PaymentSessionsTable(stack, 'Sessions', { config }).table;
    new ConnectorFunction(stack, 'Fn', { name: 'list-payments', description: 'test', config }).bindSessionTable(table, 'indexOnly').bindCrmReferenceIndex();

    expect(statementsOf(stack).filter((statement) => String(statement.Action).startsWith('dynamodb:'))).toEqual([
      {
        Effect: 'Allow',
        Action: 'dynamodb:Query',
        Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [expect.stringMatching(/^SessionsTable/), 'Arn'] }, '/index/crm-reference']] },
      },
    ]);
  });

  it('refuse the crm-reference index before the table is bound', () => {
    const stack = newStack();
    const fn = new ConnectorFunction(stack, 'Fn', { name: 'list-payments', description: 'test', config });

    expect(() => fn.bindCrmReferenceIndex()).toThrow('Test/Fn: bind the session table before its crm-reference index');
  });

  it('refuse the due-work index before the table is bound', () => {
    const stack = newStack();
    const fn = new ConnectorFunction(stack, 'Fn', { name: 'reconcile-payment-sessions', description: 'test', config });

    expect(() => fn.bindDueWorkIndex()).toThrow('Test/Fn: bind the session table before its due-work index');
  });

  it('name the outcome bus and allow PutEvents on that bus only, once', () => {
    const stack = newStack();
    const bus = new EventBus(stack, 'Bus');
    const fn = new ConnectorFunction(stack, 'Fn', { name: 'receive-vcc-webhook', description: 'test', config }).bindOutcomeBus(bus);

    expect(variablesOf(stack).OUTCOME_EVENT_BUS_NAME).toEqual({ Ref: expect.stringMatching(/^Bus/) });
    expect(statementsOf(stack).filter((statement) => String(statement.Action).startsWith('events:'))).toEqual([
      { Effect: 'Allow', Action: 'events:PutEvents', Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Bus/), 'Arn'] } },
    ]);
    expect(() => fn.bindOutcomeBus(bus)).toThrow('Test/Fn: OUTCOME_EVENT_BUS_NAME is already bound');
  });

  it('give the delivery function its queue with ChangeMessageVisibility and its signing secret, nothing else', () => {
    const stack = newStack();
    const queue = new Queue(stack, 'Queue');
    const encryptionKey = new Key(stack, 'Key');
    const secret = new ConfiguredSecret(stack, 'Signing', {
      config,
      source: { name: 'crm/signing' },
      description: 'test',
      initialValue: { json: {} },
      encryptionKey,
    });
    new ConnectorFunction(stack, 'Fn', { name: 'deliver-crm-callback', description: 'test', config }).bindCrmCallback(queue, secret);
    const statements = statementsOf(stack).filter((statement) => /^(sqs|secretsmanager):/.test([statement.Action].flat()[0]!));

    expect(variablesOf(stack)).toMatchObject({ CRM_CALLBACK_QUEUE_URL: { Ref: expect.stringMatching(/^Queue/) }, CRM_CALLBACK_SECRET_ID: 'crm/signing' });
    expect(statements).toEqual([
      {
        Effect: 'Allow',
        Action: expect.arrayContaining(['sqs:ReceiveMessage', 'sqs:DeleteMessage', 'sqs:ChangeMessageVisibility']),
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Queue/), 'Arn'] },
      },
      { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: expect.objectContaining({ 'Fn::Join': expect.anything() }) },
    ]);
    expect(JSON.stringify(statements[1]!.Resource)).toContain(':secret:crm/signing-??????');
    expect(statementsOf(stack).filter((statement) => String(statement.Action).startsWith('kms:'))).toEqual([]);
  });

  it('may decrypt a secret the stack created with its key, through Secrets Manager only', () => {
    const stack = newStack();
    const queue = new Queue(stack, 'Queue');
    const encryptionKey = new Key(stack, 'Key');
    const secret = new ConfiguredSecret(stack, 'Signing', { config, source: { create: true }, description: 'test', initialValue: { json: {} }, encryptionKey });
    new ConnectorFunction(stack, 'Fn', { name: 'deliver-crm-callback', description: 'test', config }).bindCrmCallback(queue, secret);

    expect(statementsOf(stack).filter((statement) => String(statement.Action).startsWith('kms:'))).toEqual([
      {
        Effect: 'Allow',
        Action: 'kms:Decrypt',
        Resource: { 'Fn::GetAtt': [expect.stringMatching(/^Key/), 'Arn'] },
        Condition: { StringEquals: { 'kms:ViaService': { 'Fn::Join': ['', ['secretsmanager.', { Ref: 'AWS::Region' }, '.amazonaws.com']] } } },
      },
    ]);
  });
});

describe('the function timeout', () => {
  it('leaves room for a VCC token call and a VCC API call', () => {
    expect(functionTimeout(config).toSeconds()).toBeGreaterThan((2 * config.vcc.timeoutMs) / 1000);
  });

  it("stays under API Gateway's 29 s integration timeout at the largest VCC timeout allowed", () => {
    const slowest = { ...config, vcc: { ...config.vcc, timeoutMs: 12_000 } };

    expect(functionTimeout(slowest).toSeconds()).toBeLessThan(29);
  });
});
