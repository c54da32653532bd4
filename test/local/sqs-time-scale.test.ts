import { ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { uniqueName, useLocalSqs, waitFor } from './support/local-aws.ts';
import { startLocalSqs } from '../../local/sqs/local-sqs.ts';

describe('local SQS timeScale', () => {
  const local = useLocalSqs();

  // In real time these would take 30 s and 20 s: far past the waits and vitest's 5 s timeout.
  it('compresses a 30-second visibility timeout', async () => {
    const queueUrl = local.sqs.createQueue({ name: uniqueName('queue'), visibilityTimeoutSeconds: 30 });
    await local.client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'soon back' }));
    await local.client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));

    const again = await waitFor('the message to be visible again', async () => (await local.client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }))).Messages?.[0]);

    expect(again.Body).toBe('soon back');
  });

  it('compresses a 20-second long poll on an empty queue', async () => {
    const queueUrl = local.sqs.createQueue({ name: uniqueName('queue') });

    const { Messages } = await local.client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 20 }));

    expect(Messages ?? []).toEqual([]);
  });

  it('refuses a timeScale that is not positive', async () => {
    await expect(startLocalSqs({ timeScale: 0 })).rejects.toThrow('timeScale must be a positive number');
  });
});
