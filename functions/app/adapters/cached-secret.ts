import { GetSecretValueCommand, type SecretsManagerClient } from '@aws-sdk/client-secrets-manager';

export interface SecretSource<T> {
  /** `fresh` skips the cache: the secret may have been rotated since we read it. */
  get(options?: { fresh?: boolean }): Promise<T>;
}

/** How long a warm container trusts its copy of a secret before reading it again. */
const CACHE_TTL_MS = 15 * 60 * 1000;

/**
 * A Secrets Manager secret read through `parse`, cached per container. `parse` gets the JSON
 * value (undefined when it is not JSON) and throws its own error, which must never quote it.
 */
export function cachedSecret<T>(client: SecretsManagerClient, secretId: string, parse: (json: unknown) => T, now = Date.now): SecretSource<T> {
  let cached: { value: Promise<T>; readAt: number } | undefined;

  const read = async (): Promise<T> => {
    const output = await client.send(new GetSecretValueCommand({ SecretId: secretId }));
    let json: unknown;
    try {
      json = JSON.parse(output.SecretString ?? '');
    } catch {
      json = undefined;
    }
    return parse(json);
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
