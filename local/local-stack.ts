import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { OBSERVABILITY, ROUTES, SCOPES, type FunctionName } from '../functions/shared/api-contract.ts';
import { FUNCTION_ENV } from '../functions/shared/config/function-environment.ts';
import { CONTEXT_KEY, loadEnvironments, type EnvironmentConfig } from '../lib/config/environment-config.ts';
import { functionEnvironmentFor } from '../lib/config/function-environment.ts';
import { AGENT_DESKTOP_PATH, agentDesktopPage } from './agent-desktop/agent-desktop.ts';
import { startEmbeddedDynamoDb } from './dynamodb/embedded-dynamodb.ts';
import { startLocalGateway, type ProxyHandler } from './gateway/local-gateway.ts';
import { startLocalOAuthIssuer, type OAuthClient } from './oauth-issuer/local-oauth-issuer.ts';
import { startLocalSecretsManager } from './secrets-manager/local-secrets-manager.ts';
import { startVccSimulator } from './vcc-simulator/index.ts';

export interface LocalStackOptions {
  /** Ports per part; 0 (the default) picks free ones, as the tests do. */
  ports?: Partial<Record<'api' | 'vcc' | 'issuer' | 'dynamoDb' | 'secretsManager', number>>;
  host?: string;
  /** VCC's 5-minute session lifetime, compressible for tests. */
  vccSessionTimeoutSeconds?: number;
  /** Overrides the environment's VCC timeout, so tests of a silent VCC finish quickly. */
  vccTimeoutMs?: number;
  logLevel?: string;
}

/** Credentials of the local stack: fixed, documented, and useless anywhere else. */
export const LOCAL_CREDENTIALS = {
  crm: { clientId: 'local-crm', clientSecret: 'local-crm-secret', scopes: [SCOPES.sessionsWrite, SCOPES.sessionsRead] },
  crmReadOnly: { clientId: 'local-crm-reader', clientSecret: 'local-crm-reader-secret', scopes: [SCOPES.sessionsRead] },
  vcc: { clientId: 'local-vcc-api-client', clientSecret: 'local-vcc-api-secret' },
} as const satisfies Record<string, OAuthClient | { clientId: string; clientSecret: string }>;

export const LOCAL_VCC_SECRET_ID = 'vcc-payment-connector/local/vcc-api-credentials';

export interface LocalStack {
  apiUrl: string;
  agentDesktopUrl: string;
  tokenUrl: string;
  issuerUrl: string;
  jwksUrl: string;
  vccUrl: string;
  vccTokenUrl: string;
  dynamoDbEndpoint: string;
  secretsManagerEndpoint: string;
  tableName: string;
  environmentName: string;
  stop(): Promise<void>;
}

/** An environment of cdk.json, validated as at synth: the local stack runs what sandbox deploys. */
export function environmentFromCdkJson(kind: 'sandbox' | 'production'): EnvironmentConfig {
  const cdkJson = JSON.parse(readFileSync(fileURLToPath(new URL('../cdk.json', import.meta.url)), 'utf8')) as { context: Record<string, unknown> };
  const environment = loadEnvironments(cdkJson.context[CONTEXT_KEY]).find((candidate) => candidate.kind === kind);
  if (!environment) throw new Error(`cdk.json defines no ${kind} environment`);
  return environment;
}

export interface LocalEndpoints {
  vccUrl: string;
  vccTokenUrl: string;
  dynamoDbEndpoint: string;
  secretsManagerEndpoint: string;
  tableName: string;
  vccTimeoutMs?: number;
  logLevel: string;
}

/** What the stack's construct would set for a function, with AWS and VCC pointed at local parts. */
export function localFunctionEnvironment(environment: EnvironmentConfig, endpoints: LocalEndpoints): Record<string, string> {
  return {
    ...functionEnvironmentFor(environment),
    [FUNCTION_ENV.environmentName]: `local-${environment.name}`,
    [FUNCTION_ENV.vccApiBaseUrl]: endpoints.vccUrl,
    [FUNCTION_ENV.vccTokenUrl]: endpoints.vccTokenUrl,
    [FUNCTION_ENV.tableName]: endpoints.tableName,
    [FUNCTION_ENV.vccCredentialsSecretId]: LOCAL_VCC_SECRET_ID,
    ...(endpoints.vccTimeoutMs ? { [FUNCTION_ENV.vccTimeoutMs]: String(endpoints.vccTimeoutMs) } : {}),
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManagerEndpoint,
    POWERTOOLS_SERVICE_NAME: OBSERVABILITY.serviceName,
    POWERTOOLS_METRICS_NAMESPACE: OBSERVABILITY.metricsNamespace,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: endpoints.logLevel,
  };
}

/** Imports every route's handler; each reads process.env at import, like a cold start. */
export async function importHandlers(): Promise<Record<FunctionName, ProxyHandler>> {
  const names = [...new Set(ROUTES.map((route) => route.functionName))];
  const modules = await Promise.all(names.map(async (name) => {
    const module = (await import(`../functions/${name}/handler.ts`)) as { handler: ProxyHandler };
    return [name, module.handler] as const;
  }));
  return Object.fromEntries(modules) as Record<FunctionName, ProxyHandler>;
}

/**
 * Starts the whole connector on this machine: embedded DynamoDB, a Secrets Manager endpoint,
 * the VCC simulator, an OAuth issuer standing in for Cognito, and a gateway serving the real
 * handlers. Handlers read their configuration at import, like a Lambda cold start, so one
 * process runs one local stack.
 */
export async function startLocalStack(options: LocalStackOptions = {}): Promise<LocalStack> {
  const { ports = {}, host = '127.0.0.1' } = options;
  const sandbox = environmentFromCdkJson('sandbox');
  const stoppers: (() => Promise<void>)[] = [];
  try {
    const dynamoDb = await startEmbeddedDynamoDb({ port: ports.dynamoDb ?? 0, host });
    stoppers.push(dynamoDb.stop);
    const secretsManager = await startLocalSecretsManager({
      port: ports.secretsManager ?? 0,
      host,
      secrets: { [LOCAL_VCC_SECRET_ID]: JSON.stringify(LOCAL_CREDENTIALS.vcc) },
    });
    stoppers.push(secretsManager.stop);
    const vcc = await startVccSimulator({
      port: ports.vcc ?? 0,
      host,
      credentials: [LOCAL_CREDENTIALS.vcc],
      accountConfigurationIds: Object.values(sandbox.vcc.paymentFlows),
      ...(options.vccSessionTimeoutSeconds ? { sessionTimeoutSeconds: options.vccSessionTimeoutSeconds } : {}),
    });
    stoppers.push(vcc.stop);
    const issuer = await startLocalOAuthIssuer({ port: ports.issuer ?? 0, host, clients: [LOCAL_CREDENTIALS.crm, LOCAL_CREDENTIALS.crmReadOnly] });
    stoppers.push(issuer.stop);

    Object.assign(process.env, localFunctionEnvironment(sandbox, {
      vccUrl: vcc.url,
      vccTokenUrl: vcc.tokenUrl,
      dynamoDbEndpoint: dynamoDb.endpoint,
      secretsManagerEndpoint: secretsManager.endpoint,
      tableName: dynamoDb.tableName,
      ...(options.vccTimeoutMs ? { vccTimeoutMs: options.vccTimeoutMs } : {}),
      logLevel: options.logLevel ?? 'INFO',
    }));
    const gateway = await startLocalGateway({
      port: ports.api ?? 0,
      host,
      issuerUrl: issuer.issuerUrl,
      jwksUrl: issuer.jwksUrl,
      allowedOrigins: sandbox.api.allowedOrigins,
      handlers: await importHandlers(),
      pages: { [AGENT_DESKTOP_PATH]: agentDesktopPage({ tokenUrl: issuer.tokenUrl, clientId: LOCAL_CREDENTIALS.crm.clientId, clientSecret: LOCAL_CREDENTIALS.crm.clientSecret }) },
    });
    stoppers.push(gateway.stop);

    return {
      apiUrl: gateway.url,
      agentDesktopUrl: `${gateway.url}${AGENT_DESKTOP_PATH}`,
      tokenUrl: issuer.tokenUrl,
      issuerUrl: issuer.issuerUrl,
      jwksUrl: issuer.jwksUrl,
      vccUrl: vcc.url,
      vccTokenUrl: vcc.tokenUrl,
      dynamoDbEndpoint: dynamoDb.endpoint,
      secretsManagerEndpoint: secretsManager.endpoint,
      tableName: dynamoDb.tableName,
      environmentName: sandbox.name,
      stop: async () => {
        for (const stop of stoppers.reverse()) await stop();
      },
    };
  } catch (error) {
    for (const stop of stoppers.reverse()) await stop();
    throw error;
  }
}
