import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { fileURLToPath } from 'node:url';
import type { Context, SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { FUNCTION_ENV } from '../functions/app/config/function-environment.ts';
import { type ApiFunctionName, CRM_DELIVERY, OBSERVABILITY, OUTCOME_EVENTS, RECONCILIATION, ROUTES, SCOPES } from '../functions/app/contract/api-contract.ts';
import { openApiDocument } from '../functions/app/http/openapi.ts';
import { CONTEXT_KEY, type EnvironmentConfig, loadEnvironments } from '../lib/config/environment-config.ts';
import { functionEnvironmentFor } from '../lib/config/function-environment.ts';
import { DELIVERY_VISIBILITY_TIMEOUT_SECONDS, functionTimeoutSeconds } from '../lib/config/function-timeouts.ts';
import { buildWidget } from '../widget/build.ts';
import { startExampleCrmReceiver } from './crm-receiver/example-crm-receiver.ts';
import { DEMO_CRM_PATH, demoCrmPage, WIDGET_PATH } from './demo-crm/demo-crm.ts';
import { startEmbeddedDynamoDb } from './dynamodb/embedded-dynamodb.ts';
import type { WriteJournal } from './dynamodb/write-journal.ts';
import { startLocalEventBridge } from './eventbridge/local-eventbridge.ts';
import { type InFlightRequest, type ProxyHandler, startLocalGateway } from './gateway/local-gateway.ts';
import { readBody, sendJson } from './http/http-io.ts';
import { lambdaContext } from './lambda/lambda-context.ts';
import { type OAuthClient, startLocalOAuthIssuer } from './oauth-issuer/local-oauth-issuer.ts';
import { startLocalSecretsManager } from './secrets-manager/local-secrets-manager.ts';
import { simulatorResultShapes } from './simulator-result-shapes.ts';
import { startLocalSqs } from './sqs/local-sqs.ts';
import { startSqsEventSource } from './sqs/sqs-event-source.ts';
import { startVccSimulator } from './vcc-simulator/index.ts';

export interface LocalStackOptions {
  /** Ports per part; 0 (the default) picks free ones, as the tests do. */
  ports?: Partial<Record<'api' | 'vcc' | 'issuer' | 'dynamoDb' | 'secretsManager' | 'eventBridge' | 'sqs' | 'crm', number>>;
  host?: string;
  /** VCC's 5-minute session lifetime, compressible for tests. */
  vccSessionTimeoutSeconds?: number;
  /** Overrides the environment's VCC timeout, so tests of a silent VCC finish quickly. */
  vccTimeoutMs?: number;
  logLevel?: string;
  /** Where outcome events are posted, signed; default: the example CRM receiver started here. */
  crmCallbackUrl?: string;
  /** One SQS second in real seconds: compresses the CRM callback's retries and backoff. */
  queueTimeScale?: number;
  /** How often the reconciliation sweep runs; 0 runs it only on POST /_local/reconcile. */
  reconcileEveryMs?: number;
  /** VCC's webhook retry schedule, compressed. */
  vccWebhookRetryDelaysMs?: number[];
}

/** Credentials of the local stack: fixed, documented, and useless anywhere else. */
export const LOCAL_CREDENTIALS = {
  crm: { clientId: 'local-crm', clientSecret: 'local-crm-secret', scopes: [SCOPES.sessionsWrite, SCOPES.sessionsRead] },
  crmReadOnly: { clientId: 'local-crm-reader', clientSecret: 'local-crm-reader-secret', scopes: [SCOPES.sessionsRead] },
  vcc: { clientId: 'local-vcc-api-client', clientSecret: 'local-vcc-api-secret' },
  /** What we give Vonage for its webhook calls: a client with the webhook scope only. */
  vccWebhook: { clientId: 'local-vcc-webhook', clientSecret: 'local-vcc-webhook-secret', scopes: [SCOPES.webhooksWrite] },
} as const satisfies Record<string, OAuthClient | { clientId: string; clientSecret: string }>;

export const LOCAL_VCC_SECRET_ID = 'vcc-payment-connector/local/vcc-api-credentials';
const LOCAL_CRM_SIGNING_SECRET_ID = 'vcc-payment-connector/local/crm-callback-signing-secret';
/** The Standard Webhooks secret the local CRM callback is signed with. */
export const LOCAL_CRM_SIGNING_SECRET = `whsec_${Buffer.from('local-crm-signing-secret').toString('base64')}`;
const LOCAL_EVENT_BUS_NAME = 'payment-connector-local-outcomes';
const LOCAL_CRM_QUEUE_NAME = 'payment-connector-local-crm-callbacks';
const LOCAL_CRM_DEAD_LETTER_QUEUE_NAME = 'payment-connector-local-crm-callbacks-dlq';
const RECONCILE_NOW_PATH = '/_local/reconcile';

export interface LocalStack {
  apiUrl: string;
  /** A CRM record page embedding the `<vcc-payment>` widget: where a person takes a payment. */
  demoCrmUrl: string;
  tokenUrl: string;
  issuerUrl: string;
  jwksUrl: string;
  vccUrl: string;
  vccTokenUrl: string;
  dynamoDbEndpoint: string;
  secretsManagerEndpoint: string;
  tableName: string;
  /** Which items the table's writes named, for tests that look at what requests left behind. */
  tableWrites: WriteJournal;
  environmentName: string;
  webhookUrl: string;
  eventBridgeEndpoint: string;
  sqsEndpoint: string;
  crmCallbackUrl: string;
  /** The example CRM receiver's base URL, when the stack started it. */
  crmReceiverUrl: string | null;
  crmCallbackQueueUrl: string;
  crmCallbackQueueArn: string;
  crmDeadLetterQueueUrl: string;
  crmDeadLetterQueueArn: string;
  reconcileUrl: string;
  /** The API requests not answered yet, oldest first: where a test that waited in vain looks first. */
  inFlightRequests(): InFlightRequest[];
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
  eventBridgeEndpoint: string;
  sqsEndpoint: string;
  crmCallbackUrl: string;
  crmCallbackQueueUrl: string;
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
    [FUNCTION_ENV.outcomeEventBusName]: LOCAL_EVENT_BUS_NAME,
    [FUNCTION_ENV.crmCallbackUrl]: endpoints.crmCallbackUrl,
    [FUNCTION_ENV.crmCallbackSecretId]: LOCAL_CRM_SIGNING_SECRET_ID,
    [FUNCTION_ENV.crmCallbackQueueUrl]: endpoints.crmCallbackQueueUrl,
    ...(endpoints.vccTimeoutMs ? { [FUNCTION_ENV.vccTimeoutMs]: String(endpoints.vccTimeoutMs) } : {}),
    AWS_REGION: 'eu-west-2',
    AWS_ACCESS_KEY_ID: 'local',
    AWS_SECRET_ACCESS_KEY: 'local',
    AWS_ENDPOINT_URL_DYNAMODB: endpoints.dynamoDbEndpoint,
    AWS_ENDPOINT_URL_SECRETS_MANAGER: endpoints.secretsManagerEndpoint,
    AWS_ENDPOINT_URL_EVENTBRIDGE: endpoints.eventBridgeEndpoint,
    AWS_ENDPOINT_URL_SQS: endpoints.sqsEndpoint,
    POWERTOOLS_SERVICE_NAME: OBSERVABILITY.serviceName,
    POWERTOOLS_METRICS_NAMESPACE: OBSERVABILITY.metricsNamespace,
    POWERTOOLS_METRICS_DISABLED: 'true',
    POWERTOOLS_TRACE_ENABLED: 'false',
    POWERTOOLS_LOG_LEVEL: endpoints.logLevel,
  };
}

/** Imports every route's handler; each reads process.env at import, like a cold start. */
export async function importHandlers(): Promise<Record<ApiFunctionName, ProxyHandler>> {
  const names = [...new Set(ROUTES.map((route) => route.functionName))];
  const modules = await Promise.all(
    names.map(async (name) => {
      const module = (await import(`../functions/${name}/handler.ts`)) as { handler: ProxyHandler };
      return [name, module.handler] as const;
    }),
  );
  return Object.fromEntries(modules) as Record<ApiFunctionName, ProxyHandler>;
}

type SweepHandler = (event: { time: string }, context: Context) => Promise<unknown>;
type DeliveryHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse>;

/** Runs the sweep now, as of `asOf` (default: now), the way the schedule's event would. */
function reconcileNow(sweep: SweepHandler) {
  return async (req: IncomingMessage, res: ServerResponse) => {
    const { asOf } = JSON.parse((await readBody(req)) || '{}') as { asOf?: string };
    const time = asOf && !Number.isNaN(Date.parse(asOf)) ? new Date(asOf).toISOString() : new Date().toISOString();
    sendJson(res, 200, await sweep({ time }, lambdaContext('reconcile-payment-sessions', randomUUID())));
  };
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
      secrets: {
        [LOCAL_VCC_SECRET_ID]: JSON.stringify(LOCAL_CREDENTIALS.vcc),
        [LOCAL_CRM_SIGNING_SECRET_ID]: JSON.stringify({ signingSecret: LOCAL_CRM_SIGNING_SECRET }),
      },
    });
    stoppers.push(secretsManager.stop);
    const crmReceiver = options.crmCallbackUrl
      ? undefined
      : await startExampleCrmReceiver({ port: ports.crm ?? 0, host, signingSecret: LOCAL_CRM_SIGNING_SECRET, log: options.logLevel !== 'SILENT' });
    if (crmReceiver) stoppers.push(crmReceiver.stop);
    const crmCallbackUrl = options.crmCallbackUrl ?? crmReceiver!.callbackUrl;

    // The outcome path the stack deploys: bus -> rule -> queue (with dead-letter queue) -> delivery function.
    const eventBridge = await startLocalEventBridge({ port: ports.eventBridge ?? 0, host });
    stoppers.push(eventBridge.stop);
    const sqs = await startLocalSqs({ port: ports.sqs ?? 0, host, timeScale: options.queueTimeScale ?? 0.01 });
    stoppers.push(sqs.stop);
    sqs.createQueue({ name: LOCAL_CRM_DEAD_LETTER_QUEUE_NAME });
    const crmCallbackQueueUrl = sqs.createQueue({
      name: LOCAL_CRM_QUEUE_NAME,
      visibilityTimeoutSeconds: DELIVERY_VISIBILITY_TIMEOUT_SECONDS,
      redrive: { deadLetterQueueName: LOCAL_CRM_DEAD_LETTER_QUEUE_NAME, maxReceiveCount: CRM_DELIVERY.maxReceiveCount },
    });
    eventBridge.addRule({
      busName: LOCAL_EVENT_BUS_NAME,
      source: [OUTCOME_EVENTS.source],
      target: (event) => {
        sqs.send(LOCAL_CRM_QUEUE_NAME, JSON.stringify(event));
      },
    });

    const vcc = await startVccSimulator({
      port: ports.vcc ?? 0,
      host,
      credentials: [LOCAL_CREDENTIALS.vcc],
      accountConfigurationIds: Object.values(sandbox.vcc.paymentFlows),
      resultShapes: simulatorResultShapes(sandbox),
      ...(options.vccWebhookRetryDelaysMs ? { webhookRetryDelaysMs: options.vccWebhookRetryDelaysMs } : {}),
      ...(options.vccSessionTimeoutSeconds ? { sessionTimeoutSeconds: options.vccSessionTimeoutSeconds } : {}),
    });
    stoppers.push(vcc.stop);
    const issuer = await startLocalOAuthIssuer({
      port: ports.issuer ?? 0,
      host,
      clients: [LOCAL_CREDENTIALS.crm, LOCAL_CREDENTIALS.crmReadOnly, LOCAL_CREDENTIALS.vccWebhook],
    });
    stoppers.push(issuer.stop);

    Object.assign(
      process.env,
      localFunctionEnvironment(sandbox, {
        vccUrl: vcc.url,
        vccTokenUrl: vcc.tokenUrl,
        dynamoDbEndpoint: dynamoDb.endpoint,
        secretsManagerEndpoint: secretsManager.endpoint,
        eventBridgeEndpoint: eventBridge.endpoint,
        sqsEndpoint: sqs.endpoint,
        crmCallbackUrl,
        crmCallbackQueueUrl,
        tableName: dynamoDb.tableName,
        ...(options.vccTimeoutMs ? { vccTimeoutMs: options.vccTimeoutMs } : {}),
        logLevel: options.logLevel ?? 'INFO',
      }),
    );
    const sweep = ((await import('../functions/reconcile-payment-sessions/handler.ts')) as { handler: SweepHandler }).handler;
    const deliver = ((await import('../functions/deliver-crm-callback/handler.ts')) as { handler: DeliveryHandler }).handler;
    const gateway = await startLocalGateway({
      port: ports.api ?? 0,
      host,
      issuerUrl: issuer.issuerUrl,
      jwksUrl: issuer.jwksUrl,
      allowedOrigins: sandbox.api.allowedOrigins,
      handlers: await importHandlers(),
      pages: {
        [DEMO_CRM_PATH]: demoCrmPage({
          tokenUrl: issuer.tokenUrl,
          clientId: LOCAL_CREDENTIALS.crm.clientId,
          clientSecret: LOCAL_CREDENTIALS.crm.clientSecret,
          formOrigins: [new URL(vcc.url).origin],
          vccUrl: vcc.url,
        }),
        // Built from widget/src at every start, so the page always runs the current source.
        [WIDGET_PATH]: { contentType: 'text/javascript; charset=utf-8', body: await buildWidget() },
        // The contract a CRM imports (Salesforce External Services) or generates a client from.
        '/openapi.json': { contentType: 'application/json', body: JSON.stringify(openApiDocument(), null, 2) },
      },
      controls: { [RECONCILE_NOW_PATH]: reconcileNow(sweep) },
    });
    stoppers.push(gateway.stop);

    const { clientId, clientSecret, scopes } = LOCAL_CREDENTIALS.vccWebhook;
    const webhookUrl = `${gateway.url}/v1/webhooks/vcc`;
    vcc.configureWebhook({ url: webhookUrl, tokenUrl: issuer.tokenUrl, clientId, clientSecret, scope: scopes.join(' ') });

    const delivery = startSqsEventSource({
      sqs,
      queueName: LOCAL_CRM_QUEUE_NAME,
      handler: deliver,
      functionName: 'deliver-crm-callback',
      timeoutSeconds: functionTimeoutSeconds('deliver-crm-callback', options.vccTimeoutMs ?? sandbox.vcc.timeoutMs),
    });
    stoppers.push(delivery.stop);
    const reconcileEveryMs = options.reconcileEveryMs ?? RECONCILIATION.scheduleMinutes * 60_000;
    if (reconcileEveryMs > 0) {
      const timer = setInterval(() => {
        sweep({ time: new Date().toISOString() }, lambdaContext('reconcile-payment-sessions', randomUUID())).catch((error: unknown) =>
          console.error('reconciliation sweep failed:', error),
        );
      }, reconcileEveryMs);
      stoppers.push(async () => clearInterval(timer));
    }

    return {
      apiUrl: gateway.url,
      demoCrmUrl: `${gateway.url}${DEMO_CRM_PATH}`,
      tokenUrl: issuer.tokenUrl,
      issuerUrl: issuer.issuerUrl,
      jwksUrl: issuer.jwksUrl,
      vccUrl: vcc.url,
      vccTokenUrl: vcc.tokenUrl,
      dynamoDbEndpoint: dynamoDb.endpoint,
      secretsManagerEndpoint: secretsManager.endpoint,
      tableName: dynamoDb.tableName,
      tableWrites: dynamoDb.writes,
      environmentName: sandbox.name,
      webhookUrl,
      eventBridgeEndpoint: eventBridge.endpoint,
      sqsEndpoint: sqs.endpoint,
      crmCallbackUrl,
      crmReceiverUrl: crmReceiver?.url ?? null,
      crmCallbackQueueUrl,
      crmCallbackQueueArn: sqs.queueArn(LOCAL_CRM_QUEUE_NAME),
      crmDeadLetterQueueUrl: sqs.queueUrl(LOCAL_CRM_DEAD_LETTER_QUEUE_NAME),
      crmDeadLetterQueueArn: sqs.queueArn(LOCAL_CRM_DEAD_LETTER_QUEUE_NAME),
      reconcileUrl: `${gateway.url}${RECONCILE_NOW_PATH}`,
      inFlightRequests: () => gateway.inFlight(),
      stop: async () => {
        for (const stop of stoppers.reverse()) await stop();
      },
    };
  } catch (error) {
    for (const stop of stoppers.reverse()) await stop();
    throw error;
  }
}
