import { createHash } from 'node:crypto';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { startLocalSqs } from '../../local/sqs/local-sqs.ts';
import { uniqueName, useLocalSqs, waitFor } from './support/local-aws.ts';

const MAX_RECEIVE_COUNT = 2;

// What the local stack does in process (the rule sends, the event source receives and deletes),
// with the counts read as the tests read them: through the SDK. One SQS second lasts 10 ms.
describe('local SQS queue', () => {
  const local = useLocalSqs();

  const newQueue = (visibilityTimeoutSeconds = 30) => {
    const name = uniqueName('queue');
    return { name, url: local.sqs.createQueue({ name, visibilityTimeoutSeconds }) };
  };
  /** A queue whose messages are visible again at once, so each receive counts one failed attempt. */
  const queueWithDeadLetterQueue = () => {
    const deadLetterQueueName = uniqueName('dlq');
    const dlqUrl = local.sqs.createQueue({ name: deadLetterQueueName });
    const name = uniqueName('queue');
    local.sqs.createQueue({ name, visibilityTimeoutSeconds: 0, redrive: { deadLetterQueueName, maxReceiveCount: MAX_RECEIVE_COUNT } });
    return { name, deadLetterQueueName, dlqUrl };
  };
  const counts = async (QueueUrl: string) =>
    (
      await local.client.send(
        new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
      )
    ).Attributes;

  it("receives a sent message with the system attributes Lambda's SQS event carries", () => {
    const { name } = newQueue();
    const messageId = local.sqs.send(name, '{"sessionGuid":"guid-1"}');

    expect(local.sqs.receive(name)).toEqual([
      {
        messageId,
        receiptHandle: expect.any(String),
        body: '{"sessionGuid":"guid-1"}',
        md5OfBody: createHash('md5').update('{"sessionGuid":"guid-1"}').digest('hex'),
        attributes: {
          ApproximateReceiveCount: '1',
          SentTimestamp: expect.stringMatching(/^\d{13}$/),
          SenderId: '000000000000',
          ApproximateFirstReceiveTimestamp: expect.stringMatching(/^\d{13}$/),
        },
      },
    ]);
  });

  it('hides a received message for its visibility timeout, then offers it again with a higher count and a new handle', async () => {
    const { name, url } = newQueue(30);
    local.sqs.send(name, 'retry me');
    const [first] = local.sqs.receive(name);
    expect(local.sqs.receive(name)).toEqual([]);
    expect(await counts(url)).toEqual({ ApproximateNumberOfMessages: '0', ApproximateNumberOfMessagesNotVisible: '1' });

    // 30 SQS seconds are 300 ms here: far less than the wait, far more than the receive above took.
    const again = await waitFor('the message to be visible again', () => local.sqs.receive(name)[0]);

    expect(again).toMatchObject({ body: 'retry me', attributes: { ApproximateReceiveCount: '2' } });
    expect(again.receiptHandle).not.toBe(first?.receiptHandle);
  });

  it('returns at most the batch size, oldest first', () => {
    const { name } = newQueue();
    for (const body of ['first', 'second', 'third']) local.sqs.send(name, body);

    expect(local.sqs.receive(name, 2).map((message) => message.body)).toEqual(['first', 'second']);
  });

  it('deletes a message with its latest receipt handle only, as SQS documents', () => {
    const { name } = newQueue(0);
    local.sqs.send(name, 'received twice');
    const [first] = local.sqs.receive(name);
    local.sqs.receive(name);

    local.sqs.deleteMessage(name, first!.receiptHandle);
    const [third] = local.sqs.receive(name);
    expect(third?.attributes.ApproximateReceiveCount).toBe('3');
    local.sqs.deleteMessage(name, third!.receiptHandle);

    expect(local.sqs.receive(name)).toEqual([]);
  });

  it('moves a message due for its (maxReceiveCount + 1)-th receive to the dead-letter queue, keeping id, body and SentTimestamp', async () => {
    const { name, deadLetterQueueName, dlqUrl } = queueWithDeadLetterQueue();
    const messageId = local.sqs.send(name, 'poison');
    const attempts = Array.from({ length: MAX_RECEIVE_COUNT }, () => local.sqs.receive(name)[0]);
    expect(attempts.map((message) => message?.attributes.ApproximateReceiveCount)).toEqual(['1', '2']);

    expect(local.sqs.receive(name)).toEqual([]);
    expect(await counts(dlqUrl)).toEqual({ ApproximateNumberOfMessages: '1', ApproximateNumberOfMessagesNotVisible: '0' });
    expect(local.sqs.receive(deadLetterQueueName)).toEqual([
      expect.objectContaining({
        messageId,
        body: 'poison',
        attributes: expect.objectContaining({ ApproximateReceiveCount: '1', SentTimestamp: attempts[0]?.attributes.SentTimestamp }),
      }),
    ]);
  });

  it('refuses a body SQS would refuse: empty, or with characters outside its set', () => {
    const { name } = newQueue();

    for (const body of ['', 'nul \u0000', 'noncharacter \uFFFF']) {
      expect(() => local.sqs.send(name, body), JSON.stringify(body)).toThrow(expect.objectContaining({ name: 'InvalidMessageContents' }));
    }
  });

  it('refuses a second queue of the same name and a dead-letter queue that does not exist', () => {
    const { name } = newQueue();

    expect(() => local.sqs.createQueue({ name })).toThrow('already exists');
    expect(() => local.sqs.createQueue({ name: uniqueName('queue'), redrive: { deadLetterQueueName: 'no-such-dlq', maxReceiveCount: 3 } })).toThrow(
      expect.objectContaining({ name: 'QueueDoesNotExist' }),
    );
  });

  it('refuses a timeScale that is not positive', async () => {
    await expect(startLocalSqs({ timeScale: 0 })).rejects.toThrow('timeScale must be a positive number');
  });
});
