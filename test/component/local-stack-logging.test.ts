import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { OBSERVABILITY } from '#app/contract/api-contract.ts';
import { LOCAL_CREDENTIALS, type LocalStack, startLocalStack } from '../../local/local-stack.ts';
import { clientCredentialsToken } from '../support/client-credentials.ts';

/**
 * The local stack sets the functions' environment, then imports their handlers, as a cold start
 * does. If anything it imports earlier builds the logger, the handlers log under no service name
 * and at the default level, whatever the stack was asked for: the fuzz run once printed 2,665
 * refusals that way.
 */

let stack: LocalStack;
beforeAll(async () => {
  stack = await startLocalStack({ logLevel: 'WARN', reconcileEveryMs: 0 });
});
afterAll(() => stack?.stop());

const crmToken = () => clientCredentialsToken(stack.tokenUrl, LOCAL_CREDENTIALS.crm);

it("logs a refusal under the connector's service name and at the level the stack was started with", async () => {
  const token = await crmToken();
  const written: string[] = [];
  // Powertools writes a warning to stderr and the rest to stdout.
  const record = (chunk: unknown) => {
    written.push(String(chunk));
    return true;
  };
  const writes = [vi.spyOn(process.stdout, 'write').mockImplementation(record), vi.spyOn(process.stderr, 'write').mockImplementation(record)];
  try {
    const answer = await fetch(`${stack.apiUrl}/v1/payment-sessions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{}',
    });
    expect(answer.status).toBe(400);
  } finally {
    for (const write of writes) write.mockRestore();
  }
  const lines = written.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('{'));
  const refusal = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.message === 'request refused');
  expect(refusal, 'the handler logged its refusal').toMatchObject({ level: 'WARN', service: OBSERVABILITY.serviceName });
  expect(
    lines.filter((line) => line.includes('"level":"INFO"')),
    'nothing below the level asked for',
  ).toEqual([]);
});
