import { ChangeMessageVisibilityCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { uniqueName, useLocalSqs, waitFor } from './support/local-aws.ts';

/** Longer than any test waits, even with the compressed clock. */
const FOREVER_SECONDS = 43_200;
/** 1 s of real time: long enough for the next request to arrive inside it on a loaded machine. */
const SHORT_SECONDS = 100;

// One SQS second lasts 10 ms here, so timeouts of a few seconds pass within a test.
describe('local SQS visibility timeout', () => {
  const local = useLocalSqs();

  const newQueue = (visibilityTimeoutSeconds: number) => local.sqs.createQueue({ name: uniqueName('queue'), visibilityTimeoutSeconds });
  const send = (QueueUrl: string, MessageBody: string) => local.client.send(new SendMessageCommand({ QueueUrl, MessageBody }));
  const receive = async (QueueUrl: string, VisibilityTimeout?: number) =>
    (await local.client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['ApproximateReceiveCount'], VisibilityTimeout }))).Messages ?? [];
  const changeVisibility = (QueueUrl: string, ReceiptHandle: string | undefined, VisibilityTimeout: number) =>
    local.client.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle, VisibilityTimeout }));

  it('hides a received message, then offers it again with a higher receive count and a new receipt handle', async () => {
    const queueUrl = newQueue(SHORT_SECONDS);
    await send(queueUrl, 'retry me');
    const [first] = await receive(queueUrl);
    expect(await receive(queueUrl)).toEqual([]);

    const again = await waitFor('the message to be visible again', async () => (await receive(queueUrl))[0]);

    expect(again).toMatchObject({ Body: 'retry me', Attributes: { ApproximateReceiveCount: '2' } });
    expect(again.ReceiptHandle).not.toBe(first?.ReceiptHandle);
  });

  it('lets a receive set its own visibility timeout', async () => {
    const queueUrl = newQueue(FOREVER_SECONDS);
    await send(queueUrl, 'short lease');
    await receive(queueUrl, 1);

    const again = await waitFor('the message to be visible again', async () => (await receive(queueUrl))[0]);

    expect(again.Body).toBe('short lease');
  });

  it('makes a message visible at once when its visibility timeout is changed to 0', async () => {
    const queueUrl = newQueue(FOREVER_SECONDS);
    await send(queueUrl, 'give back');
    const [held] = await receive(queueUrl);

    await changeVisibility(queueUrl, held?.ReceiptHandle, 0);

    expect((await receive(queueUrl)).map((message) => message.Attributes?.ApproximateReceiveCount)).toEqual(['2']);
  });

  it('keeps a message hidden longer when its visibility timeout is extended', async () => {
    const queueUrl = newQueue(SHORT_SECONDS);
    await send(queueUrl, 'extended');
    await send(queueUrl, 'not extended');
    const [extended] = await receive(queueUrl);

    await changeVisibility(queueUrl, extended?.ReceiptHandle, FOREVER_SECONDS);

    // Both had the same timeout; once the other one is back, the extended one would be too.
    const visibleAgain = await waitFor('the other message to be visible again', async () => {
      const messages = await receive(queueUrl);
      return messages.length > 0 ? messages : undefined;
    });
    expect(visibleAgain.map((message) => message.Body)).toEqual(['not extended']);
  });
});
