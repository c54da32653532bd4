import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { loadFunctionConfig } from './config/function-environment.ts';
import { tracer } from './observability/powertools.ts';
import { dynamoDbPaymentSessionStore } from './stores/dynamodb-payment-session-store.ts';
import { secretsManagerCredentials } from './vcc/vcc-credentials.ts';
import { vccPaymentClient } from './vcc/vcc-payment-client.ts';
import { vccTokenProvider } from './vcc/vcc-token-provider.ts';

/**
 * What every function shares, built once per container at cold start: validated configuration,
 * AWS clients and the VCC client with its token cache. Endpoints come from the standard AWS SDK
 * settings (e.g. AWS_ENDPOINT_URL_DYNAMODB), which is how the local stack plugs in.
 */
export const config = loadFunctionConfig();

const dynamoDb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const secretsManager = tracer.captureAWSv3Client(new SecretsManagerClient({}));

export const paymentSessionStore = dynamoDbPaymentSessionStore(dynamoDb, config.tableName);

export const vcc = vccPaymentClient({
  baseUrl: config.vccApiBaseUrl,
  timeoutMs: config.vccTimeoutMs,
  tokens: vccTokenProvider({
    tokenUrl: config.vccTokenUrl,
    timeoutMs: config.vccTimeoutMs,
    credentials: secretsManagerCredentials(secretsManager, config.vccCredentialsSecretId),
  }),
});
