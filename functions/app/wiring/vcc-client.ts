import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { secretsManagerCredentials } from '../adapters/vcc/vcc-credentials.ts';
import { vccPaymentClient } from '../adapters/vcc/vcc-payment-client.ts';
import { vccTokenProvider } from '../adapters/vcc/vcc-token-provider.ts';
import { requireSetting } from '../config/function-environment.ts';
import { awsClient } from '../observability/powertools.ts';
import { config } from './stores.ts';

/**
 * The VCC client with its token cache, for the functions that call VCC; the webhook receiver
 * does not, and gets neither the client nor a grant on the VCC secret.
 */
const secretsManager = awsClient(new SecretsManagerClient({}));

export const vcc = vccPaymentClient({
  baseUrl: config.vccApiBaseUrl,
  timeoutMs: config.vccTimeoutMs,
  tokens: vccTokenProvider({
    tokenUrl: config.vccTokenUrl,
    timeoutMs: config.vccTimeoutMs,
    credentials: secretsManagerCredentials(secretsManager, requireSetting(config, 'vccCredentialsSecretId')),
  }),
});
