import { GetQueueAttributesCommand, GetQueueUrlCommand, PurgeQueueCommand, ReceiveMessageCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSqs, type LocalSqs } from '../../local/sqs/local-sqs.ts';
import { sqsClient, uniqueName } from './support/local-aws.ts';

describe('local SQS queues', () => {
  let sqs: LocalSqs;
  let client: ReturnType<typeof sqsClient>;

  beforeAll(async () => {
    sqs = await startLocalSqs({ accountId: '123456789012', region: 'eu-west-1' });
    client = sqsClient(sqs.endpoint);
  });
  afterAll(() => sqs.stop());

  const attributes = async (QueueUrl: string, AttributeNames: ('All' | 'ApproximateNumberOfMessages' | 'ApproximateNumberOfMessagesNotVisible')[]) =>
    (await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames }))).Attributes;

  it('names a queue by URL and ARN in its account and region', async () => {
    const name = uniqueName('queue');
    sqs.createQueue({ name });

    const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: name }));

    expect(QueueUrl).toBe(`${sqs.endpoint}/123456789012/${name}`);
    expect(sqs.queueUrl(name)).toBe(QueueUrl);
    expect(sqs.queueArn(name)).toBe(`arn:aws:sqs:eu-west-1:123456789012:${name}`);
  });

  it('counts visible and in-flight messages', async () => {
    const queueUrl = sqs.createQueue({ name: uniqueName('queue') });
    for (const body of ['a', 'b', 'c']) await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));

    expect(await attributes(queueUrl, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']))
      .toEqual({ ApproximateNumberOfMessages: '2', ApproximateNumberOfMessagesNotVisible: '1' });
  });

  it('answers "All" with every attribute it emulates', async () => {
    const name = uniqueName('queue');
    const queueUrl = sqs.createQueue({ name, visibilityTimeoutSeconds: 180 });

    expect(await attributes(queueUrl, ['All'])).toEqual({
      QueueArn: sqs.queueArn(name),
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
      VisibilityTimeout: '180',
    });
  });

  it('empties a queue, in-flight messages included, on PurgeQueue', async () => {
    const queueUrl = sqs.createQueue({ name: uniqueName('queue') });
    for (const body of ['a', 'b']) await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));

    await client.send(new PurgeQueueCommand({ QueueUrl: queueUrl }));

    expect(await attributes(queueUrl, ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible']))
      .toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '0' });
  });

  it('refuses a second queue of the same name and a dead-letter queue that does not exist', () => {
    const name = uniqueName('queue');
    sqs.createQueue({ name });

    expect(() => sqs.createQueue({ name })).toThrow(expect.objectContaining({ name: 'QueueNameExists' }));
    expect(() => sqs.createQueue({ name: uniqueName('queue'), redrive: { deadLetterQueueName: 'no-such-dlq', maxReceiveCount: 3 } }))
      .toThrow(expect.objectContaining({ name: 'QueueDoesNotExist' }));
  });
});
