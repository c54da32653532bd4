import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { z } from 'zod';
import { cachedSecret, type SecretSource } from './cached-secret.ts';

/** Base64 of 24 or more bytes, with or without the Standard Webhooks `whsec_` prefix. */
const signingSecretSchema = z.object({ signingSecret: z.string().regex(/^(whsec_)?[A-Za-z0-9+/]{32,}={0,2}$/) });

/**
 * The Standard Webhooks secret shared with the CRM, from `{"signingSecret": "whsec_..."}`. A
 * secret Secrets Manager generated holds 32 letters and digits without the prefix: valid
 * base64 of 24 bytes, so the prefix is added and the CRM is given the same `whsec_` form.
 */
export function crmSigningSecret(client: SecretsManagerClient, secretId: string): SecretSource<string> {
  return cachedSecret(client, secretId, (json) => {
    const parsed = signingSecretSchema.safeParse(json);
    if (!parsed.success) {
      throw new Error(`Secret ${secretId} must be JSON {"signingSecret": "whsec_<base64 of at least 24 bytes>"}`);
    }
    const secret = parsed.data.signingSecret;
    return secret.startsWith('whsec_') ? secret : `whsec_${secret}`;
  });
}
