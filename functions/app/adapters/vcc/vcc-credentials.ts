import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { ConnectorError } from '../../contract/connector-error.ts';
import { cachedSecret, type SecretSource } from '../cached-secret.ts';

export interface VccCredentials {
  clientId: string;
  clientSecret: string;
}

export type VccCredentialsSource = SecretSource<VccCredentials>;

const secretSchema = z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) });

/** Reads `{"clientId": "...", "clientSecret": "..."}` from Secrets Manager, cached per container. */
export function secretsManagerCredentials(client: SecretsManagerClient, secretId: string, now = Date.now): VccCredentialsSource {
  return cachedSecret(
    client,
    secretId,
    (json) => {
      const parsed = secretSchema.safeParse(json);
      if (parsed.success) return parsed.data;
      throw new ConnectorError('VCC_CREDENTIALS_INVALID', {
        operatorHint: `Secret ${secretId} must be JSON {"clientId": "...", "clientSecret": "..."} with both values set`,
      });
    },
    now,
  );
}
