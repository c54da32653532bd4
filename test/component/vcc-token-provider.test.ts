import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VccCredentials, VccCredentialsSource } from '#app/adapters/vcc/vcc-credentials.ts';
import { vccTokenProvider } from '#app/adapters/vcc/vcc-token-provider.ts';
import { isConnectorError } from '#app/contract/connector-error.ts';
import { startVccSimulator, type VccSimulator } from '../../local/vcc-simulator/index.ts';

const valid = { clientId: 'client', clientSecret: 'secret' };
let vcc: VccSimulator;

beforeAll(async () => {
  vcc = await startVccSimulator({ credentials: [valid], accountConfigurationIds: [1], tokenLifetimeSeconds: 3600 });
});
afterAll(() => vcc.stop());

/** A secret store holding `values` in turn: each fresh read takes the next one. */
function rotatingSecret(...values: VccCredentials[]) {
  let reads = 0;
  const source: VccCredentialsSource & { reads: () => number } = {
    get: async ({ fresh = false } = {}) => {
      if (fresh || reads === 0) reads += 1;
      return values[Math.min(reads, values.length) - 1]!;
    },
    reads: () => reads,
  };
  return source;
}

const tokenRequests = async () => ((await (await fetch(`${vcc.url}/_simulator/stats`)).json()) as { tokenRequests: number }).tokenRequests;

describe('VCC token provider', () => {
  it('fetches one token for many concurrent callers', async () => {
    const tokens = vccTokenProvider({ tokenUrl: vcc.tokenUrl, credentials: rotatingSecret(valid), timeoutMs: 2000 });
    const before = await tokenRequests();
    const issued = await Promise.all(Array.from({ length: 10 }, () => tokens.token()));
    expect(new Set(issued).size).toBe(1);
    expect(await tokenRequests()).toBe(before + 1);
  });

  it('refreshes a minute before expires_in runs out, not after', async () => {
    let now = 0;
    const tokens = vccTokenProvider({ tokenUrl: vcc.tokenUrl, credentials: rotatingSecret(valid), timeoutMs: 2000, now: () => now });
    const first = await tokens.token();
    now = (3600 - 61) * 1000;
    expect(await tokens.token()).toBe(first);
    now = (3600 - 59) * 1000;
    expect(await tokens.token()).not.toBe(first);
  });

  it('fetches a new token after the old one was invalidated', async () => {
    const tokens = vccTokenProvider({ tokenUrl: vcc.tokenUrl, credentials: rotatingSecret(valid), timeoutMs: 2000 });
    const first = await tokens.token();
    tokens.invalidate(first);
    expect(await tokens.token()).not.toBe(first);
  });

  it('reads the secret again once on invalid_client, as after a rotation', async () => {
    const secret = rotatingSecret({ clientId: 'client', clientSecret: 'stale' }, valid);
    const tokens = vccTokenProvider({ tokenUrl: vcc.tokenUrl, credentials: secret, timeoutMs: 2000 });
    await expect(tokens.token()).resolves.toEqual(expect.any(String));
    expect(secret.reads()).toBe(2);
  });

  it('gives up with VCC_CREDENTIALS_INVALID when the fresh secret is wrong too', async () => {
    const wrong = { clientId: 'client', clientSecret: 'wrong' };
    const secret = rotatingSecret(wrong, wrong);
    const tokens = vccTokenProvider({ tokenUrl: vcc.tokenUrl, credentials: secret, timeoutMs: 2000 });
    const error = await tokens.token().catch((e: unknown) => e);
    expect(isConnectorError(error) && error.code).toBe('VCC_CREDENTIALS_INVALID');
    expect(secret.reads()).toBe(2);
  });

  it('answers VCC_UNAVAILABLE when VCC cannot be reached', async () => {
    const tokens = vccTokenProvider({ tokenUrl: 'http://127.0.0.1:1/Auth/connect/token', credentials: rotatingSecret(valid), timeoutMs: 2000 });
    const error = await tokens.token().catch((e: unknown) => e);
    expect(isConnectorError(error) && error.code).toBe('VCC_UNAVAILABLE');
  });
});
