import {
  ChangeMessageVisibilityCommand,
  GetQueueAttributesCommand,
  MessageNotInflight,
  QueueDoesNotExist,
  ReceiveMessageCommand,
  SendMessageCommand,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { uniqueName, useLocalSqs, waitFor } from './support/local-aws.ts';

/** Longer than any test waits, even with the compressed clock. */
const FOREVER_SECONDS = 43_200;

// The calls made through @aws-sdk/client-sqs: the delivery function's ChangeMessageVisibility,
// the tests' GetQueueAttributes and the operators' StartMessageMoveTask. One SQS second lasts 10 ms.
describe('local SQS through the AWS SDK', () => {
  const local = useLocalSqs();

  const newQueue = (visibilityTimeoutSeconds: number) => {
    const name = uniqueName('queue');
    return { name, url: local.sqs.createQueue({ name, visibilityTimeoutSeconds }), arn: local.sqs.queueArn(name) };
  };
  const changeVisibility = (QueueUrl: string, ReceiptHandle: string | undefined, VisibilityTimeout: number) =>
    local.client.send(new ChangeMessageVisibilityCommand({ QueueUrl, ReceiptHandle, VisibilityTimeout }));

  describe('ChangeMessageVisibility', () => {
    it('makes a held message visible at once with 0', async () => {
      const queue = newQueue(FOREVER_SECONDS);
      local.sqs.send(queue.name, 'give back');
      const [held] = local.sqs.receive(queue.name);

      await changeVisibility(queue.url, held?.receiptHandle, 0);

      expect(local.sqs.receive(queue.name).map((message) => message.attributes.ApproximateReceiveCount)).toEqual(['2']);
    });

    it("delays the next attempt by the new timeout, counted from now: the delivery function's backoff", async () => {
      const queue = newQueue(FOREVER_SECONDS);
      local.sqs.send(queue.name, 'retry later');
      const [held] = local.sqs.receive(queue.name);

      // 100 SQS seconds are 1 s here: long enough to see the message hidden on a loaded machine.
      await changeVisibility(queue.url, held?.receiptHandle, 100);
      expect(local.sqs.receive(queue.name)).toEqual([]);

      const again = await waitFor('the message to be visible again', () => local.sqs.receive(queue.name)[0]);
      expect(again.body).toBe('retry later');
    });

    it('keeps a message hidden longer when its timeout is extended', async () => {
      const queue = newQueue(30);
      local.sqs.send(queue.name, 'extended');
      local.sqs.send(queue.name, 'not extended');
      const [extended] = local.sqs.receive(queue.name);
      local.sqs.receive(queue.name);

      await changeVisibility(queue.url, extended?.receiptHandle, FOREVER_SECONDS);

      // Both had the same timeout; once the other one is back, the extended one would be too.
      const back = await waitFor('the other message to be visible again', () => {
        const messages = local.sqs.receive(queue.name, 10);
        return messages.length > 0 ? messages : undefined;
      });
      expect(back.map((message) => message.body)).toEqual(['not extended']);
    });

    it('raises MessageNotInflight for a message nobody holds or a receipt handle that is not the latest', async () => {
      const queue = newQueue(0);
      local.sqs.send(queue.name, 'visible again at once');
      const [stale] = local.sqs.receive(queue.name);

      await expect(changeVisibility(queue.url, stale?.receiptHandle, 10)).rejects.toBeInstanceOf(MessageNotInflight);
      await expect(changeVisibility(queue.url, 'made-up', 10)).rejects.toBeInstanceOf(MessageNotInflight);
    });

    it("rejects a timeout out of SQS's range and a queue nobody created", async () => {
      const queue = newQueue(FOREVER_SECONDS);
      local.sqs.send(queue.name, 'held');
      const [held] = local.sqs.receive(queue.name);

      await expect(changeVisibility(queue.url, held?.receiptHandle, FOREVER_SECONDS + 1)).rejects.toMatchObject({ name: 'InvalidParameterValue' });
      await expect(changeVisibility(`${local.sqs.endpoint}/000000000000/no-such-queue`, held?.receiptHandle, 0)).rejects.toBeInstanceOf(QueueDoesNotExist);
    });
  });

  describe('GetQueueAttributes', () => {
    it('counts visible and in-flight messages', async () => {
      const queue = newQueue(FOREVER_SECONDS);
      for (const body of ['a', 'b', 'c']) local.sqs.send(queue.name, body);
      local.sqs.receive(queue.name);

      const { Attributes } = await local.client.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['All'] }));

      expect(Attributes).toEqual({ ApproximateNumberOfMessages: '2', ApproximateNumberOfMessagesNotVisible: '1' });
    });

    it('refuses an attribute it does not report instead of leaving it out', async () => {
      const queue = newQueue(30);

      await expect(local.client.send(new GetQueueAttributesCommand({ QueueUrl: queue.url, AttributeNames: ['RedrivePolicy'] }))).rejects.toMatchObject({
        name: 'InvalidAttributeName',
      });
    });
  });

  describe('StartMessageMoveTask', () => {
    function deadLetteredOnce(...bodies: string[]) {
      const dlq = newQueue(30);
      const name = uniqueName('queue');
      local.sqs.createQueue({ name, visibilityTimeoutSeconds: 0, redrive: { deadLetterQueueName: dlq.name, maxReceiveCount: 1 } });
      const messageIds = bodies.map((body) => local.sqs.send(name, body));
      local.sqs.receive(name, 10);
      expect(local.sqs.receive(name, 10)).toEqual([]);
      return { name, arn: local.sqs.queueArn(name), messageIds, dlq };
    }

    it("moves the dead-letter queue's messages to the destination as new messages, as the runbook's command does", async () => {
      const queue = deadLetteredOnce('one', 'two');

      const { TaskHandle } = await local.client.send(new StartMessageMoveTaskCommand({ SourceArn: queue.dlq.arn, DestinationArn: queue.arn }));

      expect(TaskHandle).toEqual(expect.any(String));
      const moved = local.sqs.receive(queue.name, 10);
      expect(moved.map((message) => [message.body, message.attributes.ApproximateReceiveCount])).toEqual([
        ['one', '1'],
        ['two', '1'],
      ]);
      expect(moved.map((message) => message.messageId)).not.toContain(queue.messageIds[0]);
      expect(local.sqs.receive(queue.dlq.name)).toEqual([]);
    });

    it('leaves a message a consumer holds in the dead-letter queue', async () => {
      const queue = deadLetteredOnce('held', 'free');
      const [held] = local.sqs.receive(queue.dlq.name);

      await local.client.send(new StartMessageMoveTaskCommand({ SourceArn: queue.dlq.arn, DestinationArn: queue.arn }));

      expect(held?.body).toBe('held');
      expect(local.sqs.receive(queue.name, 10).map((message) => message.body)).toEqual(['free']);
      expect(
        await local.client.send(new GetQueueAttributesCommand({ QueueUrl: queue.dlq.url, AttributeNames: ['ApproximateNumberOfMessagesNotVisible'] })),
      ).toMatchObject({ Attributes: { ApproximateNumberOfMessagesNotVisible: '1' } });
    });

    it('refuses a task without DestinationArn, and a queue ARN nobody created', async () => {
      const queue = deadLetteredOnce('parked');

      await expect(local.client.send(new StartMessageMoveTaskCommand({ SourceArn: queue.dlq.arn }))).rejects.toMatchObject({ name: 'UnsupportedOperation' });
      await expect(
        local.client.send(new StartMessageMoveTaskCommand({ SourceArn: 'arn:aws:sqs:eu-west-2:000000000000:no-such-queue', DestinationArn: queue.arn })),
      ).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
      expect(local.sqs.receive(queue.dlq.name).map((message) => message.body)).toEqual(['parked']);
    });
  });

  it('answers any other operation with UnknownOperationException, so a new SQS call in the product fails loudly here', async () => {
    const queue = newQueue(30);

    await expect(local.client.send(new SendMessageCommand({ QueueUrl: queue.url, MessageBody: 'b' }))).rejects.toMatchObject({
      name: 'UnknownOperationException',
    });
    await expect(local.client.send(new ReceiveMessageCommand({ QueueUrl: queue.url }))).rejects.toMatchObject({ name: 'UnknownOperationException' });
  });
});
