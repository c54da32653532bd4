import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ConnectorFunction } from '../../lib/constructs/connector-function.ts';
import { cdkJsonStacks } from './support/synthesize.ts';

/**
 * Each function's cold start, with exactly the environment the stack gives it: a function that
 * reads a variable its construct does not set (or was not bound) fails here, not in AWS, where
 * a webhook function that cannot start loses VCC's only copy of an outcome.
 */
const environments = cdkJsonStacks();
const originalEnv = { ...process.env };
afterEach(() => {
  process.env = { ...originalEnv };
  vi.resetModules();
});

/** Values CloudFormation fills in at deploy time (table names, queue URLs) become placeholders. */
function deployedEnvironment(connectorFunction: ConnectorFunction): Record<string, string> {
  const cfn = connectorFunction.function.node.defaultChild as CfnFunction;
  const variables = (Stack.of(cfn).resolve(cfn.environment) as { variables?: Record<string, unknown> }).variables ?? {};
  return Object.fromEntries(
    Object.entries(variables).map(([name, value]) => [name, typeof value === 'string' ? value : `https://resolved-at-deploy.invalid/${name}`]),
  );
}

describe.each(Object.keys(environments))('every function of %s starts with the environment the stack sets', (name) => {
  const functions = Object.entries(environments[name]!.stack.functions) as [string, ConnectorFunction][];

  it.each(functions)('%s', async (functionName, connectorFunction) => {
    process.env = { AWS_REGION: 'eu-west-2', ...deployedEnvironment(connectorFunction) };
    const module = (await import(`../../functions/${functionName}/handler.ts`)) as { handler: unknown };
    expect(typeof module.handler).toBe('function');
  });

  // The alarms and the dashboard select this dimension: a metric without it is watched by nothing.
  it.each(functions)('%s labels every metric it publishes with the environment', async (functionName, connectorFunction) => {
    process.env = { AWS_REGION: 'eu-west-2', ...deployedEnvironment(connectorFunction) };
    await import(`../../functions/${functionName}/handler.ts`);
    const { metrics } = await import('#app/observability/powertools.ts');

    metrics.addMetric('Probe', MetricUnit.Count, 1);
    const published = metrics.serializeMetrics();
    metrics.clearMetrics();

    expect(published._aws.CloudWatchMetrics[0]!.Dimensions).toEqual([expect.arrayContaining(['service', 'environment'])]);
    expect(published).toMatchObject({ service: 'vcc-payment-connector', environment: name });
  });

  // The construct turns X-Ray on (Tracing.ACTIVE) and leaves POWERTOOLS_TRACE_ENABLED unset, so the tracer must load.
  it.each(functions)('%s loads the X-Ray tracer', async (functionName, connectorFunction) => {
    process.env = { AWS_REGION: 'eu-west-2', ...deployedEnvironment(connectorFunction) };
    await import(`../../functions/${functionName}/handler.ts`);
    const { tracer } = await import('#app/observability/powertools.ts');

    expect(tracer).toBeDefined();
  });
});

describe('where tracing is off, as in the local stack', () => {
  it('the tracer is not loaded and AWS clients are used as they are, less the logger middleware', async () => {
    process.env = { ...originalEnv, POWERTOOLS_TRACE_ENABLED: 'false' };
    const { tracer, awsClient } = await import('#app/observability/powertools.ts');
    const client = new DynamoDBClient({ region: 'eu-west-2' });
    const middlewareBefore = client.middlewareStack.identify();

    expect(tracer).toBeUndefined();
    expect(awsClient(client)).toBe(client);
    expect(middlewareBefore).toContain('loggerMiddleware - initialize');
    expect(client.middlewareStack.identify()).toEqual(middlewareBefore.filter((name) => name !== 'loggerMiddleware - initialize'));
  });
});
