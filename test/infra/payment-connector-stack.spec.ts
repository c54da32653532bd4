import type { CfnElement } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadFunctionConfig } from '#app/config/function-environment.ts';
import { type FunctionName, ROUTES, SCOPES } from '#app/contract/api-contract.ts';
import type { ConnectorFunction } from '../../lib/constructs/connector-function.ts';
import { cdkJsonStacks, type SynthesizedEnvironment } from './support/synthesize.ts';

let synthesized: Record<string, SynthesizedEnvironment>;
beforeAll(() => {
  synthesized = cdkJsonStacks();
});

const ENVIRONMENTS = ['sandbox', 'production'] as const;

const logicalId = ({ stack }: SynthesizedEnvironment, construct: { node: { defaultChild?: unknown } }): string =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

/** The one resource of this type (whose logical id matches, if given). */
const onlyResource = (
  environment: SynthesizedEnvironment,
  type: string,
  idPattern?: RegExp,
): { id: string; properties: Record<string, any>; resource: Record<string, any> } => {
  const resources = Object.entries(environment.template.findResources(type)).filter(([id]) => !idPattern || idPattern.test(id));
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

  it('outputs what the CRM, Vonage and the operator need', () => {
    for (const name of ENVIRONMENTS) {
      expect(Object.keys(synthesized[name]!.template.findOutputs('*')).sort()).toEqual([
        'AlarmTopicArn',
        'ApiUrl',
        'CrmCallbackDeadLetterQueueArn',
        'CrmCallbackQueueArn',
        'CrmCallbackQueueUrl',
        'CrmCallbackSigningSecretArn',
        'CrmClientId',
        'DashboardUrl',
        'OutcomeEventBusName',
        'SessionsTableName',
        'TokenUrl',
        'UserPoolId',
        'VccCredentialsSecretArn',
        'VccWebhookClientId',
        'VccWebhookScope',
        'VccWebhookUrl',
      ]);
    }
  });

  it('outputs the webhook URL, client and scope to give Vonage', () => {
    const { template } = synthesized.production!;
    const api = onlyResource(synthesized.production!, 'AWS::ApiGateway::RestApi').id;
    const stage = onlyResource(synthesized.production!, 'AWS::ApiGateway::Stage').id;
    const vccClient = Object.keys(template.findResources('AWS::Cognito::UserPoolClient')).find((id) => id.includes('VccWebhookClient'));

    template.hasOutput('VccWebhookUrl', {
      Value: { 'Fn::Join': ['', ['https://', { Ref: api }, '.execute-api.eu-west-2.', { Ref: 'AWS::URLSuffix' }, '/', { Ref: stage }, '/v1/webhooks/vcc']] },
    });
    template.hasOutput('VccWebhookClientId', { Value: { Ref: vccClient } });
    template.hasOutput('VccWebhookScope', { Value: 'payment-connector/webhooks.write' });
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

  const indexNamed = (name: string, indexName: string) =>
    onlyResource(synthesized[name]!, 'AWS::DynamoDB::Table').properties.GlobalSecondaryIndexes.find(
      (index: { IndexName: string }) => index.IndexName === indexName,
    );

  it.each(ENVIRONMENTS)('in %s has two indexes, due-work and crm-reference, and no other', (name) => {
    const { properties } = onlyResource(synthesized[name]!, 'AWS::DynamoDB::Table');

    expect(properties.GlobalSecondaryIndexes.map((index: { IndexName: string }) => index.IndexName)).toEqual(['due-work', 'crm-reference']);
  });

  it.each(ENVIRONMENTS)('in %s has the due-work index: dueWork and dueAt strings, keys and expiresAt only', (name) => {
    const { properties } = onlyResource(synthesized[name]!, 'AWS::DynamoDB::Table');

    expect(indexNamed(name, 'due-work')).toEqual({
      IndexName: 'due-work',
      KeySchema: [
        { AttributeName: 'dueWork', KeyType: 'HASH' },
        { AttributeName: 'dueAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'INCLUDE', NonKeyAttributes: ['expiresAt'] },
    });
    expect(properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'dueWork', AttributeType: 'S' },
        { AttributeName: 'dueAt', AttributeType: 'S' },
      ]),
    );
  });

  it.each(ENVIRONMENTS)('in %s has the crm-reference index: crmReference and createdAt strings, every attribute projected', (name) => {
    const { properties } = onlyResource(synthesized[name]!, 'AWS::DynamoDB::Table');

    expect(indexNamed(name, 'crm-reference')).toEqual({
      IndexName: 'crm-reference',
      KeySchema: [
        { AttributeName: 'crmReference', KeyType: 'HASH' },
        { AttributeName: 'createdAt', KeyType: 'RANGE' },
      ],
      Projection: { ProjectionType: 'ALL' },
    });
    expect(properties.AttributeDefinitions).toEqual(
      expect.arrayContaining([
        { AttributeName: 'crmReference', AttributeType: 'S' },
        { AttributeName: 'createdAt', AttributeType: 'S' },
      ]),
    );
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

/** Each API Gateway resource's full path, e.g. `/v1/payment-links/{id}`, by its logical id. */
const resourcePaths = ({ template }: SynthesizedEnvironment): Map<string, string> => {
  const resources = template.findResources('AWS::ApiGateway::Resource');
  const pathOf = (id: string): string => {
    const { ParentId, PathPart } = resources[id]!.Properties;
    return `${ParentId.Ref ? pathOf(ParentId.Ref) : ''}/${PathPart}`;
  };
  return new Map(Object.keys(resources).map((id) => [id, pathOf(id)]));
};

/** Every method of the API but CORS preflight, keyed `METHOD /path`. */
const methodsByRoute = (environment: SynthesizedEnvironment): Record<string, Record<string, any>> => {
  const paths = resourcePaths(environment);
  const methods = Object.values(environment.template.findResources('AWS::ApiGateway::Method')).filter((m) => m.Properties.HttpMethod !== 'OPTIONS');
  const keyed = methods.map((m) => [`${m.Properties.HttpMethod} ${paths.get(m.Properties.ResourceId.Ref) ?? '/'}`, m.Properties] as const);
  expect(new Set(keyed.map(([key]) => key)).size).toBe(keyed.length);
  return Object.fromEntries(keyed);
};

describe('the API', () => {
  it.each(ENVIRONMENTS)('in %s has exactly the routes of the contract', (name) => {
    expect(Object.keys(methodsByRoute(synthesized[name]!)).sort()).toEqual(ROUTES.map((route) => `${route.method} ${route.path}`).sort());
  });

  it.each(ROUTES.map((route) => [route.method, route.path, route.scopes, route.functionName] as const))(
    '%s %s requires a Cognito token with scopes %j from the authorizer and invokes %s',
    (method, path, scopes, functionName) => {
      for (const name of ENVIRONMENTS) {
        const environment = synthesized[name]!;
        const properties = methodsByRoute(environment)[`${method} ${path}`];
        const target = logicalId(environment, environment.stack.functions[functionName].function);

        expect(properties).toMatchObject({
          AuthorizationType: 'COGNITO_USER_POOLS',
          AuthorizationScopes: scopes,
          AuthorizerId: { Ref: onlyResource(environment, 'AWS::ApiGateway::Authorizer').id },
          Integration: { Type: 'AWS_PROXY', IntegrationHttpMethod: 'POST' },
        });
        expect(JSON.stringify(properties!.Integration.Uri)).toContain(`"${target}"`);
      }
    },
  );

  it.each([
    ['POST', '/v1/payment-links', 'payment-connector/sessions.write'],
    ['GET', '/v1/payment-links/{id}', 'payment-connector/sessions.read'],
    ['POST', '/v1/payment-links/{id}/reissue', 'payment-connector/sessions.write'],
    ['GET', '/v1/payments', 'payment-connector/sessions.read'],
  ])('has the payment-link route %s %s, which needs %s alone', (method, path, scope) => {
    const properties = methodsByRoute(synthesized.production!)[`${method} ${path}`];

    expect(properties).toMatchObject({ AuthorizationType: 'COGNITO_USER_POOLS', AuthorizationScopes: [scope] });
  });

  it('reads payment links with the get-payment-session function that reads sessions', () => {
    const environment = synthesized.production!;
    const methods = methodsByRoute(environment);
    const reader = logicalId(environment, environment.stack.functions['get-payment-session'].function);
    const uri = (route: string) => methods[route]!.Integration.Uri;

    expect(JSON.stringify(uri('GET /v1/payment-links/{id}'))).toContain(`"${reader}"`);
    expect(uri('GET /v1/payment-links/{id}')).toEqual(uri('GET /v1/payment-sessions/{id}'));
  });

  it.each(ENVIRONMENTS)('in %s lets API Gateway invoke each function from the methods of its own routes only, once per method', (name) => {
    const environment = synthesized[name]!;
    const functionIds = new Map(
      (Object.entries(environment.stack.functions) as [FunctionName, ConnectorFunction][]).map(([functionName, fn]) => [
        logicalId(environment, fn.function),
        functionName,
      ]),
    );
    const stage = onlyResource(environment, 'AWS::ApiGateway::Stage').id;
    const granted = Object.values(environment.template.findResources('AWS::Lambda::Permission'))
      .map((permission) => permission.Properties)
      .filter((properties) => properties.Principal === 'apigateway.amazonaws.com')
      .map((properties) => {
        const [, parts] = properties.SourceArn['Fn::Join'];
        expect(parts.at(-2)).toEqual({ Ref: stage });
        return `${functionIds.get(properties.FunctionName['Fn::GetAtt'][0])} ${parts.at(-1)}`;
      });
    const expected = ROUTES.map((route) => `${route.functionName} /${route.method}${route.path.replace(/\{[^}]+\}/g, '*')}`);

    expect(granted.sort()).toEqual(expected.sort());
    expect(granted.filter((grant) => grant.startsWith('get-payment-session '))).toHaveLength(2);
  });

  it('lets only a token with webhooks.write post to the VCC webhook, through the Cognito authorizer', () => {
    const { template } = synthesized.production!;
    const [vccResource] = Object.keys(template.findResources('AWS::ApiGateway::Resource', { Properties: { PathPart: 'vcc' } }));
    const [webhook] = Object.values(
      template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'POST', ResourceId: { Ref: vccResource } } }),
    );
    const receiver = logicalId(synthesized.production!, synthesized.production!.stack.functions['receive-vcc-webhook'].function);

    expect(webhook!.Properties).toMatchObject({
      AuthorizationType: 'COGNITO_USER_POOLS',
      AuthorizationScopes: ['payment-connector/webhooks.write'],
      AuthorizerId: { Ref: onlyResource(synthesized.production!, 'AWS::ApiGateway::Authorizer').id },
    });
    expect(JSON.stringify(webhook!.Properties.Integration.Uri)).toContain(receiver);
  });

  it("authorizes with the stack's own user pool", () => {
    const environment = synthesized.sandbox!;
    const { properties } = onlyResource(environment, 'AWS::ApiGateway::Authorizer');

    expect(properties).toMatchObject({
      Type: 'COGNITO_USER_POOLS',
      ProviderARNs: [{ 'Fn::GetAtt': [onlyResource(environment, 'AWS::Cognito::UserPool').id, 'Arn'] }],
    });
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
      Object.values(synthesized[name]!.template.findResources('AWS::ApiGateway::Method', { Properties: { HttpMethod: 'OPTIONS' } }))[0]!.Properties.Integration
        .IntegrationResponses[0];

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
      MethodSettings: [
        { HttpMethod: '*', ResourcePath: '/*', LoggingLevel: 'ERROR', DataTraceEnabled: false, ThrottlingRateLimit: 50, ThrottlingBurstLimit: 100 },
      ],
    });
  });

  it.each([
    { name: 'sandbox', retention: 14, deletion: 'Delete' },
    { name: 'production', retention: 365, deletion: 'Retain' },
  ] as const)(
    "in $name writes its execution log to a log group of the stack, under the environment's key and retention, made before the stage",
    ({ name, retention, deletion }) => {
      const environment = synthesized[name]!;
      const restApi = onlyResource(environment, 'AWS::ApiGateway::RestApi');
      const stage = onlyResource(environment, 'AWS::ApiGateway::Stage');
      const executionLogs = Object.entries(environment.template.findResources('AWS::Logs::LogGroup')).filter(([, logGroup]) =>
        JSON.stringify(logGroup.Properties.LogGroupName ?? '').includes('API-Gateway-Execution-Logs_'),
      );

      expect(executionLogs).toHaveLength(1);
      const [id, logGroup] = executionLogs[0]!;
      expect(logGroup).toMatchObject({
        DeletionPolicy: deletion,
        Properties: {
          LogGroupName: { 'Fn::Join': ['', ['API-Gateway-Execution-Logs_', { Ref: restApi.id }, `/${name}`]] },
          KmsKeyId: { 'Fn::GetAtt': [logicalId(environment, environment.stack.encryptionKey), 'Arn'] },
          RetentionInDays: retention,
        },
      });
      expect(environment.stack.config.logRetentionDays).toBe(retention);
      expect(stage.resource.DependsOn ?? []).toContain(id);
    },
  );

  // No status for the DEFAULT_* types: they keep the status API Gateway chose.
  it.each([
    { type: 'UNAUTHORIZED', status: '401', code: 'UNAUTHORIZED' },
    { type: 'ACCESS_DENIED', status: '403', code: 'FORBIDDEN' },
    { type: 'MISSING_AUTHENTICATION_TOKEN', status: '404', code: 'NOT_FOUND' },
    { type: 'REQUEST_TOO_LARGE', status: '413', code: 'PAYLOAD_TOO_LARGE' },
    { type: 'THROTTLED', status: '429', code: 'THROTTLED' },
    { type: 'DEFAULT_4XX', status: undefined, code: 'BAD_REQUEST' },
    { type: 'DEFAULT_5XX', status: undefined, code: 'INTERNAL_ERROR' },
  ])("turns the gateway's own $type error into the connector error body with code $code", ({ type, status, code }) => {
    const responses = synthesized.production!.template.findResources('AWS::ApiGateway::GatewayResponse', { Properties: { ResponseType: type } });
    const [response] = Object.values(responses);
    const body = JSON.parse(response!.Properties.ResponseTemplates['application/json']);

    expect(response!.Properties.StatusCode).toBe(status);
    expect(body).toEqual({ error: { code, message: expect.any(String), correlationId: '$context.requestId' } });
    expect(response!.Properties.ResponseParameters['gatewayresponse.header.Access-Control-Allow-Origin']).toBe("'https://crm.example.com'");
  });

  it("tells an unauthorized caller to bring a valid bearer token with the route's scope", () => {
    const [response] = Object.values(
      synthesized.sandbox!.template.findResources('AWS::ApiGateway::GatewayResponse', { Properties: { ResponseType: 'UNAUTHORIZED' } }),
    );
    const { message } = JSON.parse(response!.Properties.ResponseTemplates['application/json']).error;

    expect(message).toMatch(/valid, unexpired bearer token with the scope this route needs, from the connector's token endpoint/);
  });
});

describe('the app clients', () => {
  const clientNamed = (environment: SynthesizedEnvironment, name: string) => {
    const clients = Object.entries(environment.template.findResources('AWS::Cognito::UserPoolClient')).filter(([id]) => id.startsWith(`AuthUserPool${name}`));
    expect(clients).toHaveLength(1);
    return clients[0]![1].Properties;
  };
  const scopesOf = (client: Record<string, any>): string[] => client.AllowedOAuthScopes.map((scope: any) => scope['Fn::Join'][1][1]);
  const hardening = {
    AllowedOAuthFlows: ['client_credentials'],
    AllowedOAuthFlowsUserPoolClient: true,
    GenerateSecret: true,
    AccessTokenValidity: 60,
    TokenValidityUnits: { AccessToken: 'minutes' },
    EnableTokenRevocation: true,
    PreventUserExistenceErrors: 'ENABLED',
    ExplicitAuthFlows: ['ALLOW_REFRESH_TOKEN_AUTH'],
  };

  it.each(ENVIRONMENTS)('in %s: the CRM client uses client credentials with a secret and only the session scopes', (name) => {
    const crm = clientNamed(synthesized[name]!, 'CrmClient');

    expect(crm).toMatchObject(hardening);
    expect(scopesOf(crm)).toEqual(['/sessions.write', '/sessions.read']);
  });

  it.each(ENVIRONMENTS)('in %s: the VCC webhook client uses client credentials with a secret and only webhooks.write', (name) => {
    const vcc = clientNamed(synthesized[name]!, 'VccWebhookClient');

    expect(vcc).toMatchObject(hardening);
    expect(scopesOf(vcc)).toEqual([`/${SCOPES.webhooksWrite.split('/')[1]}`]);
  });

  it('are the only two clients of the pool', () => {
    expect(Object.keys(synthesized.sandbox!.template.findResources('AWS::Cognito::UserPoolClient'))).toHaveLength(2);
  });

  it('are issued by a pool nobody can sign up to, with a resource server holding the API scopes', () => {
    const environment = synthesized.sandbox!;

    expect(onlyResource(environment, 'AWS::Cognito::UserPool').properties.AdminCreateUserConfig).toEqual({ AllowAdminCreateUserOnly: true });
    expect(onlyResource(environment, 'AWS::Cognito::UserPoolResourceServer').properties).toMatchObject({
      Identifier: 'payment-connector',
      Scopes: [
        { ScopeName: 'sessions.write', ScopeDescription: expect.any(String) },
        { ScopeName: 'sessions.read', ScopeDescription: expect.any(String) },
        { ScopeName: 'webhooks.write', ScopeDescription: expect.any(String) },
      ],
    });
  });
});

describe('the functions', () => {
  const functionsOf = (name: string): [string, ConnectorFunction][] => Object.entries(synthesized[name]!.stack.functions);
  const propertiesOf = (environment: SynthesizedEnvironment, fn: ConnectorFunction) =>
    environment.template.toJSON().Resources[logicalId(environment, fn.function)].Properties;

  it.each(ENVIRONMENTS)('in %s are the eight of the contract', (name) => {
    expect(
      functionsOf(name)
        .map(([functionName]) => functionName)
        .sort(),
    ).toEqual([
      'create-payment-link',
      'create-payment-session',
      'deliver-crm-callback',
      'get-payment-session',
      'list-payments',
      'receive-vcc-webhook',
      'reconcile-payment-sessions',
      'reissue-payment-link',
    ]);
  });

  it.each(ENVIRONMENTS)('in %s run Node.js 24 on ARM with tracing, JSON logs into their own log group', (name) => {
    const environment = synthesized[name]!;
    for (const [, fn] of functionsOf(name)) {
      expect(propertiesOf(environment, fn)).toMatchObject({
        Runtime: 'nodejs24.x',
        Architectures: ['arm64'],
        Handler: 'index.handler',
        MemorySize: 512,
        TracingConfig: { Mode: 'Active' },
        LoggingConfig: { LogFormat: 'JSON', LogGroup: { Ref: logicalId(environment, fn.logGroup) } },
      });
    }
  });

  it('time out after the VCC calls behind the API, one CRM call, or one sweep interval', () => {
    const environment = synthesized.production!;
    const timeoutOf = (functionName: FunctionName) => propertiesOf(environment, environment.stack.functions[functionName]!).Timeout;

    const behindTheApi: FunctionName[] = [
      'create-payment-session',
      'get-payment-session',
      'create-payment-link',
      'reissue-payment-link',
      'list-payments',
      'receive-vcc-webhook',
    ];

    expect(behindTheApi.map(timeoutOf)).toEqual([20, 20, 20, 20, 20, 20]);
    expect(timeoutOf('deliver-crm-callback')).toBe(15);
    expect(timeoutOf('reconcile-payment-sessions')).toBe(60);
  });

  it.each(ENVIRONMENTS)('in %s receive an environment that passes the function-side validation', (name) => {
    const environment = synthesized[name]!;
    const config = environment.stack.config;
    for (const [, fn] of functionsOf(name)) {
      const variables: Record<string, unknown> = propertiesOf(environment, fn).Environment.Variables;
      // CloudFormation fills in references at deploy time; any non-empty string stands in for them.
      const asDeployed = Object.fromEntries(Object.entries(variables).map(([key, value]) => [key, typeof value === 'string' ? value : `deployed:${key}`]));

      expect(loadFunctionConfig(asDeployed)).toMatchObject({
        environmentName: name,
        paymentFlows: config.vcc.paymentFlows,
        allowSkipCallTransfer: config.vcc.allowSkipCallTransfer,
        allowedOrigins: config.api.allowedOrigins,
      });
      expect(variables).toMatchObject({ POWERTOOLS_METRICS_NAMESPACE: 'VccPaymentConnector', NODE_OPTIONS: '--enable-source-maps' });
    }
  });

  it.each(ENVIRONMENTS)('in %s are each given exactly the resources they are bound to', (name) => {
    const environment = synthesized[name]!;
    const { stack } = environment;
    const ref = (construct: { node: { defaultChild?: unknown } }) => ({ Ref: logicalId(environment, construct) });
    const vccSecret =
      name === 'sandbox'
        ? { Ref: onlyResource(environment, 'AWS::SecretsManager::Secret', /^VccCredentials/).id }
        : 'vcc-payment-connector/production/vcc-api-credentials';
    const signingSecret =
      name === 'sandbox'
        ? { Ref: onlyResource(environment, 'AWS::SecretsManager::Secret', /^CrmCallback/).id }
        : 'vcc-payment-connector/production/crm-callback-signing-secret';
    const table = ref(stack.sessionsTable.table);
    const bus = ref(stack.outcomeBus.bus);
    const resourcesOf = (fn: ConnectorFunction) => {
      const variables = propertiesOf(environment, fn).Environment.Variables;
      return Object.fromEntries(
        ['PAYMENT_SESSIONS_TABLE', 'VCC_CREDENTIALS_SECRET_ID', 'OUTCOME_EVENT_BUS_NAME', 'CRM_CALLBACK_QUEUE_URL', 'CRM_CALLBACK_SECRET_ID']
          .filter((key) => key in variables)
          .map((key) => [key, variables[key]]),
      );
    };

    expect(Object.fromEntries(functionsOf(name).map(([functionName, fn]) => [functionName, resourcesOf(fn)]))).toEqual({
      'create-payment-session': { PAYMENT_SESSIONS_TABLE: table, VCC_CREDENTIALS_SECRET_ID: vccSecret, OUTCOME_EVENT_BUS_NAME: bus },
      'get-payment-session': { PAYMENT_SESSIONS_TABLE: table, VCC_CREDENTIALS_SECRET_ID: vccSecret, OUTCOME_EVENT_BUS_NAME: bus },
      'create-payment-link': { PAYMENT_SESSIONS_TABLE: table, VCC_CREDENTIALS_SECRET_ID: vccSecret, OUTCOME_EVENT_BUS_NAME: bus },
      'reissue-payment-link': { PAYMENT_SESSIONS_TABLE: table, VCC_CREDENTIALS_SECRET_ID: vccSecret, OUTCOME_EVENT_BUS_NAME: bus },
      'list-payments': { PAYMENT_SESSIONS_TABLE: table },
      'receive-vcc-webhook': { PAYMENT_SESSIONS_TABLE: table, OUTCOME_EVENT_BUS_NAME: bus },
      'reconcile-payment-sessions': { PAYMENT_SESSIONS_TABLE: table, VCC_CREDENTIALS_SECRET_ID: vccSecret, OUTCOME_EVENT_BUS_NAME: bus },
      'deliver-crm-callback': { CRM_CALLBACK_QUEUE_URL: ref(stack.crmCallback!.queue), CRM_CALLBACK_SECRET_ID: signingSecret },
    });
  });

  it.each(ENVIRONMENTS)('in %s give the CRM callback URL to the delivery function only', (name) => {
    const environment = synthesized[name]!;
    const urls = Object.fromEntries(
      functionsOf(name).map(([functionName, fn]) => [functionName, propertiesOf(environment, fn).Environment.Variables.CRM_CALLBACK_URL]),
    );

    expect(urls).toEqual({
      'create-payment-session': undefined,
      'get-payment-session': undefined,
      'create-payment-link': undefined,
      'reissue-payment-link': undefined,
      'list-payments': undefined,
      'receive-vcc-webhook': undefined,
      'reconcile-payment-sessions': undefined,
      'deliver-crm-callback': environment.stack.config.crmCallback!.url,
    });
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
  // The order of a statement's actions means nothing to IAM, and the CDK sorts them (@aws-cdk/aws-iam:minimizePolicies).
  const sortedActions = (statements: Record<string, any>[]) =>
    statements.map((statement) => (Array.isArray(statement.Action) ? { ...statement, Action: [...statement.Action].sort() } : statement));

  const secretArnNamed = (name: string) => ({
    'Fn::Join': ['', ['arn:aws:secretsmanager:eu-west-2:', { Ref: 'AWS::AccountId' }, `:secret:${name}-??????`]],
  });

  it.each(ENVIRONMENTS)('in %s: only its log group, X-Ray, the calls it makes on its table, index, bus, queue and secrets', (name) => {
    const environment = synthesized[name]!;
    const { stack } = environment;
    const getAtt = (construct: { node: { defaultChild?: unknown } }) => ({ 'Fn::GetAtt': [logicalId(environment, construct), 'Arn'] });
    const table = getAtt(stack.sessionsTable.table);
    const vccSecret =
      name === 'sandbox'
        ? { Ref: onlyResource(environment, 'AWS::SecretsManager::Secret', /^VccCredentials/).id }
        : secretArnNamed('vcc-payment-connector/production/vcc-api-credentials');
    const signingSecret =
      name === 'sandbox'
        ? { Ref: onlyResource(environment, 'AWS::SecretsManager::Secret', /^CrmCallback/).id }
        : secretArnNamed('vcc-payment-connector/production/crm-callback-signing-secret');
    const putEvents = { Effect: 'Allow', Action: 'events:PutEvents', Resource: getAtt(stack.outcomeBus.bus) };
    // A secret the stack created is under the stack's key; a named one under the key its owner chose.
    const decryptSecrets =
      name === 'sandbox'
        ? [
            {
              Effect: 'Allow',
              Action: 'kms:Decrypt',
              Resource: getAtt(stack.encryptionKey),
              Condition: { StringEquals: { 'kms:ViaService': 'secretsmanager.eu-west-2.amazonaws.com' } },
            },
          ]
        : [];
    const readVccSecret = [{ Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: vccSecret }, ...decryptSecrets];
    const tableStatement = (...actions: string[]) => ({ Effect: 'Allow', Action: actions.map((action) => `dynamodb:${action}`), Resource: table });
    const queryIndex = (index: string) => ({ Effect: 'Allow', Action: 'dynamodb:Query', Resource: { 'Fn::Join': ['', [table, `/index/${index}`]] } });

    const expected: Record<FunctionName, object[]> = {
      'create-payment-session': [tableStatement('GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'), ...readVccSecret, putEvents],
      'get-payment-session': [tableStatement('GetItem', 'UpdateItem'), ...readVccSecret, putEvents],
      'create-payment-link': [tableStatement('GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'), ...readVccSecret, putEvents],
      'reissue-payment-link': [tableStatement('GetItem', 'PutItem', 'UpdateItem', 'DeleteItem'), ...readVccSecret, putEvents],
      'list-payments': [queryIndex('crm-reference')],
      'receive-vcc-webhook': [tableStatement('GetItem', 'UpdateItem'), putEvents],
      'reconcile-payment-sessions': [tableStatement('GetItem', 'UpdateItem'), queryIndex('due-work'), ...readVccSecret, putEvents],
      'deliver-crm-callback': [
        {
          Effect: 'Allow',
          Action: ['sqs:ReceiveMessage', 'sqs:ChangeMessageVisibility', 'sqs:GetQueueUrl', 'sqs:DeleteMessage', 'sqs:GetQueueAttributes'],
          Resource: getAtt(stack.crmCallback!.queue),
        },
        { Effect: 'Allow', Action: 'secretsmanager:GetSecretValue', Resource: signingSecret },
        ...decryptSecrets,
      ],
    };

    for (const [functionName, fn] of Object.entries(stack.functions) as [FunctionName, ConnectorFunction][]) {
      expect(sortedActions(statementsOf(environment, fn))).toEqual(
        sortedActions([
          { Effect: 'Allow', Action: ['logs:CreateLogStream', 'logs:PutLogEvents'], Resource: getAtt(fn.logGroup) },
          { Effect: 'Allow', Action: ['xray:PutTraceSegments', 'xray:PutTelemetryRecords'], Resource: '*' },
          ...expected[functionName],
        ]),
      );
    }
  });

  it.each(ENVIRONMENTS)('in %s: the webhook receiver can neither delete an item nor read the VCC credentials', (name) => {
    const environment = synthesized[name]!;
    const actions = statementsOf(environment, environment.stack.functions['receive-vcc-webhook']).flatMap((statement) => [statement.Action].flat());

    expect(actions).not.toContain('dynamodb:DeleteItem');
    expect(actions).not.toContain('secretsmanager:GetSecretValue');
  });

  it.each(ENVIRONMENTS)('in %s: list-payments may only query the crm-reference index: no item call, no VCC secret, no outcome bus', (name) => {
    const environment = synthesized[name]!;
    const statements = statementsOf(environment, environment.stack.functions['list-payments']);
    const actions = statements.flatMap((statement) => [statement.Action].flat() as string[]);
    const table = { 'Fn::GetAtt': [logicalId(environment, environment.stack.sessionsTable.table), 'Arn'] };

    expect(actions.filter((action) => /^(dynamodb|secretsmanager|events):/.test(action))).toEqual(['dynamodb:Query']);
    expect(statements.find((statement) => statement.Action === 'dynamodb:Query').Resource).toEqual({ 'Fn::Join': ['', [table, '/index/crm-reference']] });
  });

  it.each(ENVIRONMENTS)('in %s: the payment-link functions may claim and release idempotency keys, read VCC credentials and publish, but not query', (name) => {
    const environment = synthesized[name]!;
    for (const functionName of ['create-payment-link', 'reissue-payment-link'] as const) {
      const actions = statementsOf(environment, environment.stack.functions[functionName]).flatMap((statement) => [statement.Action].flat());

      expect(actions).toEqual(expect.arrayContaining(['dynamodb:PutItem', 'dynamodb:DeleteItem', 'secretsmanager:GetSecretValue', 'events:PutEvents']));
      expect(actions).not.toContain('dynamodb:Query');
    }
  });

  it.each(ENVIRONMENTS)(
    'in %s: no wildcard action, no Scan or batch call, Query only by the sweep on due-work and by the listing on crm-reference, no managed policy',
    (name) => {
      const environment = synthesized[name]!;
      const queried: Record<string, string[]> = {};
      for (const [functionName, fn] of Object.entries(environment.stack.functions) as [FunctionName, ConnectorFunction][]) {
        const statements = statementsOf(environment, fn);
        const actions = statements.flatMap((statement) => [statement.Action].flat() as string[]);
        const indexes = statements
          .filter((statement) => [statement.Action].flat().includes('dynamodb:Query'))
          .map((statement) => String(statement.Resource['Fn::Join']?.[1]?.[1] ?? JSON.stringify(statement.Resource)));
        if (indexes.length > 0) queried[functionName] = indexes;
        const role = environment.template.toJSON().Resources[logicalId(environment, fn.role)];

        expect(actions.filter((action) => action.includes('*') || /^dynamodb:(Scan|Batch|Transact)/.test(action))).toEqual([]);
        expect(role.Properties.ManagedPolicyArns).toBeUndefined();
        expect(role.Properties.Policies).toBeUndefined();
      }

      expect(queried).toEqual({ 'reconcile-payment-sessions': ['/index/due-work'], 'list-payments': ['/index/crm-reference'] });
    },
  );
});
