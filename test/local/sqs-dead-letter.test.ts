import { GetQueueAttributesCommand, ListMessageMoveTasksCommand, ReceiveMessageCommand, SendMessageCommand, StartMessageMoveTaskCommand } from '@aws-sdk/client-sqs';
import { describe, expect, it } from 'vitest';
import { uniqueName, useLocalSqs, waitFor } from './support/local-aws.ts';

const MAX_RECEIVE_COUNT = 2;

describe('local SQS dead-letter queues', () => {
  const local = useLocalSqs();

  /** A queue whose messages are visible again at once, so each receive counts one failed attempt. */
  function queueWithDeadLetterQueue() {
    const deadLetterQueueName = uniqueName('dlq');
    const dlqUrl = local.sqs.createQueue({ name: deadLetterQueueName });
    const queueUrl = local.sqs.createQueue({ name: uniqueName('queue'), visibilityTimeoutSeconds: 0, redrive: { deadLetterQueueName, maxReceiveCount: MAX_RECEIVE_COUNT } });
    return { queueUrl, dlqUrl, dlqArn: local.sqs.queueArn(deadLetterQueueName) };
  }
  const receive = async (QueueUrl: string) =>
    (await local.client.send(new ReceiveMessageCommand({ QueueUrl, MaxNumberOfMessages: 10, MessageSystemAttributeNames: ['All'] }))).Messages ?? [];
  const failEveryAttempt = async (queueUrl: string) => {
    for (let attempt = 1; attempt <= MAX_RECEIVE_COUNT; attempt += 1) expect(await receive(queueUrl)).not.toEqual([]);
  };

  it('moves a message due for its (maxReceiveCount + 1)-th receive to the dead-letter queue, keeping id, body and SentTimestamp', async () => {
    const { queueUrl, dlqUrl } = queueWithDeadLetterQueue();
    const sent = await local.client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'poison' }));
    const [firstAttempt] = await receive(queueUrl);
    expect((await receive(queueUrl))[0]?.Attributes?.ApproximateReceiveCount).toBe(String(MAX_RECEIVE_COUNT));

    expect(await receive(queueUrl)).toEqual([]);
    const [deadLetter] = await receive(dlqUrl);
    expect(deadLetter).toMatchObject({
      MessageId: sent.MessageId,
      Body: 'poison',
      Attributes: { ApproximateReceiveCount: '1', SentTimestamp: firstAttempt?.Attributes?.SentTimestamp },
    });
  });

  it('moves dead-lettered messages back to their queue with StartMessageMoveTask, as new messages', async () => {
    const { queueUrl, dlqUrl, dlqArn } = queueWithDeadLetterQueue();
    for (const body of ['one', 'two']) await local.client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
    await failEveryAttempt(queueUrl);
    expect(await receive(queueUrl)).toEqual([]);
    const deadLetterIds = (await local.client.send(new ReceiveMessageCommand({ QueueUrl: dlqUrl, MaxNumberOfMessages: 10, VisibilityTimeout: 0 }))).Messages?.map((message) => message.MessageId);

    const { TaskHandle } = await local.client.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));

    expect(TaskHandle).toEqual(expect.any(String));
    const task = await waitFor('the move task to complete', async () => {
      const { Results } = await local.client.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn }));
      return Results?.[0]?.Status === 'RUNNING' ? undefined : Results?.[0];
    });
    expect(task).toMatchObject({ Status: 'COMPLETED', SourceArn: dlqArn, ApproximateNumberOfMessagesMoved: 2, ApproximateNumberOfMessagesToMove: 2 });
    const redriven = await receive(queueUrl);
    expect(redriven.map((message) => [message.Body, message.Attributes?.ApproximateReceiveCount])).toEqual([['one', '1'], ['two', '1']]);
    expect(redriven.map((message) => message.MessageId)).not.toContain(deadLetterIds?.[0]);
    expect(await receive(dlqUrl)).toEqual([]);
  });

  it('moves dead-lettered messages to the DestinationArn when one is given', async () => {
    const { queueUrl, dlqArn } = queueWithDeadLetterQueue();
    const parkingName = uniqueName('parking');
    const parkingUrl = local.sqs.createQueue({ name: parkingName });
    await local.client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'park me' }));
    await failEveryAttempt(queueUrl);
    expect(await receive(queueUrl)).toEqual([]);

    await local.client.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn, DestinationArn: local.sqs.queueArn(parkingName) }));

    const parked = await waitFor('the message in the destination', async () => (await receive(parkingUrl))[0]);
    expect(parked.Body).toBe('park me');
  });

  it('refuses to move messages out of a queue that is no dead-letter queue', async () => {
    const name = uniqueName('plain');
    local.sqs.createQueue({ name });

    await expect(local.client.send(new StartMessageMoveTaskCommand({ SourceArn: local.sqs.queueArn(name) }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(local.client.send(new StartMessageMoveTaskCommand({ SourceArn: 'arn:aws:sqs:eu-west-2:000000000000:no-such-queue' }))).rejects.toMatchObject({ name: 'ResourceNotFoundException' });
  });

  it('reports the redrive policy in the queue attributes', async () => {
    const { queueUrl, dlqArn } = queueWithDeadLetterQueue();

    const { Attributes } = await local.client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['RedrivePolicy'] }));

    expect(JSON.parse(Attributes?.RedrivePolicy ?? '{}')).toEqual({ deadLetterTargetArn: dlqArn, maxReceiveCount: MAX_RECEIVE_COUNT });
  });
});
