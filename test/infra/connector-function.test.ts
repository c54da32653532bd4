import { App, Stack } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { describe, expect, it } from 'vitest';
import { loadEnvironments } from '../../lib/config/environment-config.ts';
import { ConnectorFunction, functionTimeout } from '../../lib/constructs/connector-function.ts';
import { PaymentSessionsTable } from '../../lib/constructs/payment-sessions-table.ts';
import { cdkJsonEnvironments } from './support/synthesize.ts';

const [sandbox] = loadEnvironments(cdkJsonEnvironments());
const config = sandbox!;

/** Bundling skipped: these tests read the template, not the code. */
const newStack = () => new Stack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'Test');

const variablesOf = (stack: Stack) =>
  Object.values(Template.fromStack(stack).findResources('AWS::Lambda::Function'))[0]!.Properties.Environment.Variables;

describe('ConnectorFunction', () => {
  it('merges the caller\'s environment with its own', () => {
    const stack = newStack();
    new ConnectorFunction(stack, 'Fn', { name: 'create-payment-session', description: 'test', config, environment: { FEATURE_X: 'on' } });

    expect(variablesOf(stack)).toMatchObject({ FEATURE_X: 'on', CONNECTOR_ENVIRONMENT: 'sandbox', POWERTOOLS_SERVICE_NAME: 'vcc-payment-connector' });
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

describe('the function timeout', () => {
  it('leaves room for a VCC token call and a VCC API call', () => {
    expect(functionTimeout(config).toSeconds()).toBeGreaterThan((2 * config.vcc.timeoutMs) / 1000);
  });

  it('stays under API Gateway\'s 29 s integration timeout at the largest VCC timeout allowed', () => {
    const slowest = { ...config, vcc: { ...config.vcc, timeoutMs: 12_000 } };

    expect(functionTimeout(slowest).toSeconds()).toBeLessThan(29);
  });
});
