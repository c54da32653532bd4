import { DeleteMessageCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSqs, type LocalSqs } from '../../local/sqs/local-sqs.ts';
import { sqsClient, uniqueName } from './support/local-aws.ts';

describe('local SQS send, receive and delete', () => {
  let sqs: LocalSqs;
  let client: ReturnType<typeof sqsClient>;

  beforeAll(async () => {
    sqs = await startLocalSqs();
    client = sqsClient(sqs.endpoint);
  });
  afterAll(() => sqs.stop());

  const newQueue = (visibilityTimeoutSeconds = 30) => sqs.createQueue({ name: uniqueName('queue'), visibilityTimeoutSeconds });
  /** VisibilityTimeout 0 leaves a received message visible, so the next receive shows what is still there. */
  const receive = (QueueUrl: string, extra: Partial<{ MaxNumberOfMessages: number; VisibilityTimeout: number }> = {}) =>
    client.send(new ReceiveMessageCommand({ QueueUrl, MessageSystemAttributeNames: ['All'], ...extra }));

  it('receives a sent message with its id, body, MD5 and system attributes', async () => {
    const queueUrl = newQueue();
    const sent = await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: '{"sessionGuid":"guid-1"}' }));

    const { Messages } = await receive(queueUrl);

    expect(Messages).toHaveLength(1);
    expect(Messages?.[0]).toMatchObject({
      MessageId: sent.MessageId,
      Body: '{"sessionGuid":"guid-1"}',
      MD5OfBody: sent.MD5OfMessageBody,
      Attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.stringMatching(/^\d{13}$/),
        ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
        SenderId: expect.any(String),
      },
    });
  });

  it('returns only the attributes asked for', async () => {
    const queueUrl = newQueue();
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'body' }));

    const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MessageSystemAttributeNames: ['ApproximateReceiveCount'] }));

    expect(Messages?.[0]?.Attributes).toEqual({ ApproximateReceiveCount: '1' });
  });

  it('answers an empty queue with no messages', async () => {
    const { Messages } = await receive(newQueue());

    expect(Messages ?? []).toEqual([]);
  });

  it('returns at most MaxNumberOfMessages, oldest first', async () => {
    const queueUrl = newQueue();
    for (const body of ['first', 'second', 'third']) await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));

    const { Messages } = await receive(queueUrl, { MaxNumberOfMessages: 2 });

    expect(Messages?.map((message) => message.Body)).toEqual(['first', 'second']);
  });

  it('never returns a deleted message again', async () => {
    const queueUrl = newQueue();
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'done with' }));
    const { Messages } = await receive(queueUrl, { VisibilityTimeout: 0 });

    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: Messages?.[0]?.ReceiptHandle }));

    expect((await receive(queueUrl, { VisibilityTimeout: 0 })).Messages ?? []).toEqual([]);
  });

  it('accepts a stale receipt handle but deletes only with the latest one, as SQS documents', async () => {
    const queueUrl = newQueue();
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'received twice' }));
    const first = (await receive(queueUrl, { VisibilityTimeout: 0 })).Messages?.[0];
    const second = (await receive(queueUrl, { VisibilityTimeout: 0 })).Messages?.[0];
    expect(second?.ReceiptHandle).not.toBe(first?.ReceiptHandle);

    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: first?.ReceiptHandle }));
    const third = (await receive(queueUrl, { VisibilityTimeout: 0 })).Messages?.[0];
    expect(third?.Attributes?.ApproximateReceiveCount).toBe('3');

    await client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: third?.ReceiptHandle }));
    expect((await receive(queueUrl)).Messages ?? []).toEqual([]);
  });

  it('holds a long poll until a message arrives', async () => {
    const queueUrl = newQueue();

    const polling = client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 10 }));
    // Sent a moment later, so that a receive which did not wait would come back empty.
    await new Promise((resolve) => setTimeout(resolve, 100));
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'worth the wait' }));

    expect((await polling).Messages?.map((message) => message.Body)).toEqual(['worth the wait']);
  });
});
