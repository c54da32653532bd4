import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { ConnectorError } from '../errors/connector-error.ts';

export interface VccCredentials {
  clientId: string;
  clientSecret: string;
}

export interface VccCredentialsSource {
  /** `fresh` skips the cache: the secret may have been rotated since we read it. */
  get(options?: { fresh?: boolean }): Promise<VccCredentials>;
}

const secretSchema = z.object({ clientId: z.string().min(1), clientSecret: z.string().min(1) });

/** How long a warm container trusts its copy of the secret before reading it again. */
const CACHE_TTL_MS = 15 * 60 * 1000;

/** Reads `{"clientId": "...", "clientSecret": "..."}` from Secrets Manager, cached per container. */
export function secretsManagerCredentials(client: SecretsManagerClient, secretId: string, now = Date.now): VccCredentialsSource {
  let cached: { value: Promise<VccCredentials>; readAt: number } | undefined;

  const read = async (): Promise<VccCredentials> => {
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    let json: unknown;
    try {
      json = JSON.parse(output.SecretString ?? '');
    } catch {
      json = undefined;
    }
    const parsed = secretSchema.safeParse(json);
    // Never include the secret's content in the message: it may be a real credential.
    if (!parsed.success) {
      throw new ConnectorError('VCC_CREDENTIALS_INVALID', {
        operatorHint: `Secret ${secretId} must be JSON {"clientId": "...", "clientSecret": "..."} with both values set`,
      });
    }
    return parsed.data;
  };

  return {
    get({ fresh = false } = {}) {
      if (fresh || !cached || now() - cached.readAt > CACHE_TTL_MS) {
        const value = read();
        cached = { value, readAt: now() };
        // A failed read must not be cached.
        value.catch(() => {
          if (cached?.value === value) cached = undefined;
        });
      }
      return cached.value;
    },
  };
}
