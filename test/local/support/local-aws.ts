import { randomUUID } from 'node:crypto';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { SQSClient } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll } from 'vitest';
import { type LocalSqs, startLocalSqs } from '../../../local/sqs/local-sqs.ts';

/** The real SDK clients, pointed at a local emulator: what our functions will use. */
const LOCAL = { region: 'eu-west-2', credentials: { accessKeyId: 'local', secretAccessKey: 'local' } };

export const sqsClient = (endpoint: string): SQSClient => new SQSClient({ ...LOCAL, endpoint });
export const eventBridgeClient = (endpoint: string): EventBridgeClient => new EventBridgeClient({ ...LOCAL, endpoint });

/** Queues and buses live as long as their emulator; unique names keep tests in one file apart. */
export const uniqueName = (prefix: string): string => `${prefix}-${randomUUID().slice(0, 8)}`;

/**
 * Polls until `probe` returns something other than undefined, failing after `timeoutMs`: the way
 * to wait for asynchronous behaviour (deliveries, visibility timeouts) without timed assertions.
 */
export async function waitFor<T>(description: string, probe: () => Promise<T | undefined> | T | undefined, timeoutMs = 4_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`Gave up after ${timeoutMs} ms waiting for ${description}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/**
 * A local SQS for the tests of one file, started before them and stopped after, with an SDK
 * client pointed at it. One SQS second lasts 10 ms, so timeouts of seconds pass within a test.
 */
export function useLocalSqs(): { sqs: LocalSqs; client: SQSClient } {
  const context = {} as { sqs: LocalSqs; client: SQSClient };
  beforeAll(async () => {
    context.sqs = await startLocalSqs({ timeScale: 0.01 });
    context.client = sqsClient(context.sqs.endpoint);
  });
  afterAll(() => context.sqs.stop());
  return context;
}
