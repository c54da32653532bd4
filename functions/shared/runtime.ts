import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadFunctionConfig, requireSetting } from './config/function-environment.ts';
import { logger, tracer } from './observability/powertools.ts';
import { eventBridgeOutcomePublisher } from './outcomes/outcome-publisher.ts';
import { dynamoDbPaymentSessionStore } from './stores/dynamodb-payment-session-store.ts';
import { dynamoDbVccEventLog } from './stores/dynamodb-vcc-event-log.ts';
import type { VccNewsDeps } from './vcc-events/vcc-news.ts';
import { secretsManagerCredentials } from './vcc/vcc-credentials.ts';
import { vccPaymentClient } from './vcc/vcc-payment-client.ts';
import { vccTokenProvider } from './vcc/vcc-token-provider.ts';

/**
 * What the functions that keep payment sessions share, built once per container at cold start:
 * validated configuration, AWS clients, the VCC client with its token cache. Endpoints come
 * from the standard AWS SDK settings (e.g. AWS_ENDPOINT_URL_DYNAMODB), which is how the local
 * stack plugs in.
 */
export const config = loadFunctionConfig();
const tableName = requireSetting(config, 'tableName');

const dynamoDb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const secretsManager = tracer.captureAWSv3Client(new SecretsManagerClient({}));
const eventBridge = tracer.captureAWSv3Client(new EventBridgeClient({}));

export const paymentSessionStore = dynamoDbPaymentSessionStore(dynamoDb, tableName);
export const vccEventLog = dynamoDbVccEventLog(dynamoDb, tableName);

export const vcc = vccPaymentClient({
  baseUrl: config.vccApiBaseUrl,
  timeoutMs: config.vccTimeoutMs,
  tokens: vccTokenProvider({
    tokenUrl: config.vccTokenUrl,
    timeoutMs: config.vccTimeoutMs,
    credentials: secretsManagerCredentials(secretsManager, requireSetting(config, 'vccCredentialsSecretId')),
  }),
});

/** Everything that takes in news from VCC: the same store, history and outcome bus for all. */
export const vccNews: VccNewsDeps = {
  store: paymentSessionStore,
  eventLog: vccEventLog,
  publisher: eventBridgeOutcomePublisher(eventBridge, requireSetting(config, 'outcomeEventBusName')),
  environmentName: config.environmentName,
  onPublishFailed: (error, { id }) => logger.error('outcome not published yet; the reconciliation sweep will retry', { id, error: error as Error }),
};
