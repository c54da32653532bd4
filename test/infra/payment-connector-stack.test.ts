import type { CfnElement } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { ROUTES, SCOPES } from '#shared/api-contract.ts';
import { loadFunctionConfig } from '#shared/config/function-environment.ts';
import type { ConnectorFunction } from '../../lib/constructs/connector-function.ts';
import { type SynthesizedEnvironment, synthesize } from './support/synthesize.ts';

let synthesized: Record<string, SynthesizedEnvironment>;
beforeAll(() => {
  synthesized = synthesize();
});

const ENVIRONMENTS = ['sandbox', 'production'] as const;

const logicalId = ({ stack }: SynthesizedEnvironment, construct: { node: { defaultChild?: unknown } }): string =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

const onlyResource = (environment: SynthesizedEnvironment, type: string): { id: string; properties: Record<string, any>; resource: Record<string, any> } => {
  const resources = Object.entries(environment.template.findResources(type));
  expect(resources).toHaveLength(1);
  const [id, resource] = resources[0]!;
  return { id, properties: resource.Properties, resource };
};

describe('synthesis', () => {
  it('builds one stack per environment, named after it', () => {
    expect(Object.values(synthesized).map(({ stack }) => stack.stackName)).toEqual(['PaymentConnector-Sandbox', 'PaymentConnector-Production']);
  });

  it.each(ENVIRONMENTS)('of %s raises no CDK warning or error', (name) => {
    const annotations = Annotations.fromStack(synthesized[name]!.stack);

    expect([...annotations.findWarning('*', Match.anyValue()), ...annotations.findError('*', Match.anyValue())]).toEqual([]);
  });

  it('outputs what the CRM and the operator need', () => {
    for (const name of ENVIRONMENTS) {
      expect(Object.keys(synthesized[name]!.template.findOutputs('*')).sort()).toEqual(
        ['ApiUrl', 'CrmClientId', 'SessionsTableName', 'TokenUrl', 'UserPoolId', 'VccCredentialsSecretArn'],
      );
    }
  });

  it('outputs the Cognito token URL of the configured domain prefix', () => {
    const production = synthesized.production!;
    const domain = onlyResource(production, 'AWS::Cognito::UserPoolDomain');

    expect(domain.properties.Domain).toBe('example-payment-connector-production');
    production.template.hasOutput('TokenUrl', {
      Value: { 'Fn::Join': ['', ['https://', { Ref: domain.id }, '.auth.eu-west-2.amazoncognito.com/oauth2/token']] },
    });
  });
});

describe('the payment sessions table', () => {
  it.each(ENVIRONMENTS)('in %s has PITR, encryption at rest, the TTL attribute and on-demand billing', (name) => {
    const { properties } = onlyResource(synthesized[name]!, 'AWS::DynamoDB::Table');

    expect(properties).toMatchObject({
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      BillingMode: 'PAY_PER_REQUEST',
      PointInTimeRecoverySpecification: { PointInTimeRecoveryEnabled: true },
      SSESpecification: { SSEEnabled: true },
      TimeToLiveSpecification: { AttributeName: 'ttl', Enabled: true },
    });
    expect(properties.TableName).toBeUndefined();
  });

  it('is retained and deletion-protected in production', () => {
    const { properties, resource } = onlyResource(synthesized.production!, 'AWS::DynamoDB::Table');

    expect(resource).toMatchObject({ DeletionPolicy: 'Retain', UpdateReplacePolicy: 'Retain' });
    expect(properties.DeletionProtectionEnabled).toBe(true);
  });

  it('is destroyed with the sandbox stack', () => {
    const { properties, resource } = onlyResource(synthesized.sandbox!, 'AWS::DynamoDB::Table');

    expect(resource).toMatchObject({ DeletionPolicy: 'Delete' });
    expect(properties.DeletionProtectionEnabled).toBe(false);
  });
});

describe('the API', () => {
  it.each(ROUTES.map((route) => [route.method, route.path, route.scopes] as const))(
    '%s %s requires a Cognito token with scopes %j',
    (method, path, scopes) => {
      for (const name of ENVIRONMENTS) {
        const { template } = synthesized[name]!;
        const methods = Object.values(template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: method } }));
        const pathPart = path.split('/').at(-1)!;
        const resources = template.findResources('AWS::ApiGateway::Resource', { Properties: { PathPart: pathPart } });
        const resourceIds = Object.keys(resources);
        const routeMethods = methods.filter((m) => resourceIds.includes(m.Properties.ResourceId.Ref));

        expect(routeMethods).toHaveLength(1);
        expect(routeMethods[0]!.Properties).toMatchObject({
          AuthorizationType: 'COGNITO_USER_POOLS',
          AuthorizationScopes: scopes,
          Integration: { Type: 'AWS_PROXY' },
        });
      }
    },
  );

  it('authorizes with the stack\'s own user pool', () => {
    const environment = synthesized.sandbox!;
    const { properties } = onlyResource(environment, 'AWS::ApiGateway::Authorizer');

    expect(properties).toMatchObject({ Type: 'COGNITO_USER_POOLS', ProviderARNs: [{ 'Fn::GetAtt': [onlyResource(environment, 'AWS::Cognito::UserPool').id, 'Arn'] }] });
  });

  it('has no method without authorization other than CORS preflight', () => {
    for (const name of ENVIRONMENTS) {
      const open = Object.values(synthesized[name]!.template.findResources('AWS::ApiGateway::Method')).filter(
        (m) => m.Properties.AuthorizationType !== 'COGNITO_USER_POOLS',
      );

      expect(open.map((m) => m.Properties.HttpMethod)).toEqual(open.map(() => 'OPTIONS'));
    }
  });

  it('answers CORS preflight for the allowed origins only', () => {
    const preflight = (name: string) =>
      Object.values(synthesized[name]!.template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'OPTIONS' } }))[0]!
        .Properties.Integration.IntegrationResponses[0];

    expect(preflight('production').ResponseParameters).toMatchObject({
      'method.response.header.Access-Control-Allow-Origin': "'https://crm.example.com'",
      'method.response.header.Access-Control-Allow-Methods': "'GET,POST,OPTIONS'",
      'method.response.header.Access-Control-Allow-Headers': "'Authorization,Content-Type,Idempotency-Key,X-Correlation-Id'",
    });
    expect(preflight('sandbox').ResponseParameters['method.response.header.Access-Control-Allow-Origin']).toBe("'https://crm-sandbox.example.com'");
    expect(preflight('sandbox').ResponseTemplates['application/json']).toContain('#if($origin == "http://localhost:5173")');
  });

  it('logs access as JSON, traces with X-Ray, throttles as configured and never logs bodies', () => {
    const { properties } = onlyResource(synthesized.production!, 'AWS::ApiGateway::Stage');

    expect(JSON.parse(properties.AccessLogSetting.Format)).toMatchObject({ requestId: '$context.requestId', status: '$context.status' });
    expect(properties).toMatchObject({
      StageName: 'production',
      TracingEnabled: true,
      MethodSettings: [{ HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'ERROR', DataTraceEnabled: false, ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 }],
    });
  });

  // No status for the DEFAULT_* types: they keep the status API Gateway chose.
  it.each([
    { type: 'UNAUTHORIZED', status: '401', code: 'UNAUTHORIZED' },
    { type: 'ACCESS_DENIED', status: '403', code: 'FORBIDDEN' },
    { type: 'MISSING_AUTHENTICATION_TOKEN', status: '404', code: 'NOT_FOUND' },
    { type: 'REQUEST_TOO_LARGE', status: '413', code: 'PAYLOAD_TOO_LARGE' },
    { type: 'THROTTLED', status: '429', code: 'THROTTLED' },
    { type: 'DEFAULT_4XX', status: undefined, code: 'BAD_REQUEST' },
    { type: 'DEFAULT_5XX', status: undefined, code: 'INTERNAL_ERROR' },
  ])('turns the gateway\'s own $type error into the connector error body with code $code', ({ type, status, code }) => {
    const responses = synthesized.production!.template.findResources('AWS::ApiGateway::GatewayResponse', { Properties: { ResponseType: type } });
    const [response] = Object.values(responses);
    const body = JSON.parse(response!.Properties.ResponseTemplates['application/json']);

    expect(response!.Properties.StatusCode).toBe(status);
    expect(body).toEqual({ error: { code, message: expect.any(String), correlationId: '$context.requestId' } });
    expect(response!.Properties.ResponseParameters['gatewayresponse.header.Access-Control-Allow-Origin']).toBe("'https://crm.example.com'");
  });

  it('tells an unauthorized caller to bring a valid bearer token with the route\'s scope', () => {
    const [response] = Object.values(synthesized.sandbox!.template.findResources('AWS::ApiGateway::GatewayResponse', { Properties: { ResponseType: 'UNAUTHORIZED' } }));
    const { message } = JSON.parse(response!.Properties.ResponseTemplates['application/json']).error;

    expect(message).toMatch(/valid, unexpired bearer token with the scope this route needs, from the connector's token endpoint/);
  });
});

describe('the CRM app client', () => {
  it.each(ENVIRONMENTS)('in %s uses client credentials with a secret and both scopes', (name) => {
    const { properties } = onlyResource(synthesized[name]!, 'AWS::Cognito::UserPoolClient');
    const scopes = properties.AllowedOAuthScopes.map((scope: any) => scope['Fn::Join'][1][1]);

    expect(properties).toMatchObject({ AllowedOAuthFlows: ['client_credentials'], AllowedOAuthFlowsUserPoolClient: true, GenerateSecret: true });
    expect(scopes).toEqual(Object.values(SCOPES).map((scope) => scope.slice(scope.indexOf('/'))));
  });

  it('is issued by a pool nobody can sign up to, with a resource server holding the API scopes', () => {
    const environment = synthesized.sandbox!;

    expect(onlyResource(environment, 'AWS::Cognito::UserPool').properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    expect(onlyResource(environment, 'AWS::Cognito::UserPoolResourceServer').properties).toMatchObject({
      Identifier: 'payment-connector',
      Scopes: [
        { ScopeName: 'sessions.write', ScopeDescription: expect.any(String) },
        { ScopeName: 'sessions.read', ScopeDescription: expect.any(String) },
      ],
    });
  });
});

describe('the functions', () => {
  const functionsOf = (name: string): [string, ConnectorFunction][] => Object.entries(synthesized[name]!.stack.functions);

  it.each(ENVIRONMENTS)('in %s run Node.js 24 on ARM with tracing, JSON logs into their own log group', (name) => {
    const environment = synthesized[name]!;
    for (const [, fn] of functionsOf(name)) {
      const properties = environment.template.toJSON().Resources[logicalId(environment, fn.function)].Properties;

      expect(properties).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        Timeout: 20,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalId(environment, fn.logGroup) } },
      });
    }
  });

  it.each(ENVIRONMENTS)('in %s receive an environment that passes the function-side validation', (name) => {
    const environment = synthesized[name]!;
    const config = environment.stack.config;
    for (const [, fn] of functionsOf(name)) {
      const variables: Record<string, unknown> = environment.template.toJSON().Resources[logicalId(environment, fn.function)].Properties.Environment.Variables;
      // CloudFormation fills in references at deploy time; any non-empty string stands in for them.
      const asDeployed = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, typeof value === 'string' ? value : `deployed:${key}`]));

      expect(loadFunctionConfig(asDeployed)).toMatchObject({
        environmentName: name,
        paymentFlows: config.vcc.paymentFlows,
        allowSkipCallTransfer: config.vcc.allowSkipCallTransfer,
        allowedOrigins: config.api.allowedOrigins,
      });
      expect(variables.PAYMENT_SESSIONS_TABLE).toEqual({ Ref: logicalId(environment, environment.stack.sessionsTable.table) });
      expect(variables).toMatchObject({ POWERTOOLS_METRICS_NAMESPACE: 'VccPaymentConnector', NODE_OPTIONS: '--enable-source-maps' });
    }
  });

  it('in production name the referenced VCC credentials secret, in the sandbox the created one', () => {
    const variablesOf = (name: string) =>
      Object.values(synthesized[name]!.template.findResources('AWS::Lambda::Function')).map((fn) => fn.Properties.Environment.Variables);

    for (const variables of variablesOf('production')) {
      expect(variables.VCC_CREDENTIALS_SECRET_ID).toBe('vcc-payment-connector/production/vcc-api-credentials');
    }
    for (const variables of variablesOf('sandbox')) {
      expect(variables.VCC_CREDENTIALS_SECRET_ID).toEqual({ Ref: onlyResource(synthesized.sandbox!, 'AWS::SecretsManager::Secret').id });
    }
  });
});

describe('each function role is least privilege', () => {
  const statementsOf = (environment: SynthesizedEnvironment, fn: ConnectorFunction) => {
    const roleId = logicalId(environment, fn.role);
    const policies = Object.values(environment.template.findResources('AWS::IAM::Policy')).filter((policy) =>
      policy.Properties.Roles.some((role: { Ref: string }) => role.Ref === roleId),
    );
    return policies.flatMap((policy) => policy.Properties.PolicyDocument.Statement);
  };

  it.each(ENVIRONMENTS)('in %s: only its log group, X-Ray, the item calls it makes on its table and reading its secret', (name) => {
    const environment = synthesized[name]!;
    const tableId = logicalId(environment, environment.stack.sessionsTable.table);
    const secretResource =
      name === 'sandbox'
        ? { Ref: onlyResource(environment, 'AWS::SecretsManager::Secret').id }
        : {
            'Fn::Join': ['', ['arn:', { Ref: 'AWS::Partition' }, ':secretsmanager:eu-west-2:', { Ref: 'AWS::AccountId' }, ':secret:vcc-payment-connector/production/vcc-api-credentials-??????']],
          };

    const tableActions = {
      'create-payment-session': ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
      'get-payment-session': ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
    };

    for (const [functionName, fn] of Object.entries(environment.stack.functions)) {
      const statements = statementsOf(environment, fn);

      expect(statements).toHaveLength(4);
      expect(statements).toEqual(
        expect.arrayContaining([
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: { 'Fn::GetAtt': [logicalId(environment, fn.logGroup), 'Arn'] } },
          { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
          { Effect: 'Allow', Action: tableActions[functionName as keyof typeof tableActions], Resource: { 'Fn::GetAtt': [tableId, 'Arn'] } },
          { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: secretResource },
        ]),
      );
    }
  });

  it.each(ENVIRONMENTS)('in %s: no wildcard action, no Scan or Query, no managed policy', (name) => {
    const environment = synthesized[name]!;
    for (const fn of Object.values(environment.stack.functions)) {
      const actions = statementsOf(environment, fn).flatMap((statement) => [statement.Action].flat() as string[]);
      const role = environment.template.toJSON().Resources[logicalId(environment, fn.role)];

      expect(actions.filter((action) => action.includes('*') || /^dynamodb:(Scan|Query|Batch)/.test(action))).toEqual([]);
      expect(role.Properties.ManagedPolicyArns).toBeUndefined();
      expect(role.Properties.Policies).toBeUndefined();
    }
  });
});
