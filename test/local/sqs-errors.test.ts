import {
  ChangeMessageVisibilityCommand, CreateQueueCommand, DeleteMessageCommand, GetQueueAttributesCommand, GetQueueUrlCommand, MessageNotInflight,
  QueueDoesNotExist, ReceiptHandleIsInvalid, ReceiveMessageCommand, SendMessageCommand,
} from '@aws-sdk/client-sqs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalSqs, type LocalSqs } from '../../local/sqs/local-sqs.ts';
import { sqsClient, uniqueName } from './support/local-aws.ts';

// Our code tells SQS failures apart by the SDK's exception classes, so these must be the real ones.
describe('local SQS errors', () => {
  let sqs: LocalSqs;
  let client: ReturnType<typeof sqsClient>;
  let queueUrl: string;

  beforeAll(async () => {
    sqs = await startLocalSqs();
    client = sqsClient(sqs.endpoint);
    queueUrl = sqs.createQueue({ name: uniqueName('queue'), visibilityTimeoutSeconds: 0 });
  });
  afterAll(() => sqs.stop());

  it('raises QueueDoesNotExist for a queue nobody created', async () => {
    const missingUrl = `${sqs.endpoint}/000000000000/no-such-queue`;

    await expect(client.send(new GetQueueUrlCommand({ QueueName: 'no-such-queue' }))).rejects.toBeInstanceOf(QueueDoesNotExist);
    await expect(client.send(new SendMessageCommand({ QueueUrl: missingUrl, MessageBody: 'lost' }))).rejects.toBeInstanceOf(QueueDoesNotExist);
  });

  it('raises ReceiptHandleIsInvalid for a receipt handle it never issued', async () => {
    await expect(client.send(new DeleteMessageCommand({ QueueUrl: queueUrl, ReceiptHandle: 'made-up' }))).rejects.toBeInstanceOf(ReceiptHandleIsInvalid);
    await expect(client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: 'made-up', VisibilityTimeout: 10 })))
      .rejects.toBeInstanceOf(ReceiptHandleIsInvalid);
  });

  it('raises MessageNotInflight when changing the visibility of a message nobody holds', async () => {
    await client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'visible again at once' }));
    const { Messages } = await client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl }));

    await expect(client.send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: Messages?.[0]?.ReceiptHandle, VisibilityTimeout: 10 })))
      .rejects.toBeInstanceOf(MessageNotInflight);
  });

  it('rejects out-of-range parameters as SQS does', async () => {
    await expect(client.send(new ReceiveMessageCommand({ QueueUrl: queueUrl, MaxNumberOfMessages: 11 }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(client.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'x'.repeat(1024 * 1024 + 1) }))).rejects.toMatchObject({ name: 'InvalidParameterValue' });
    await expect(client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['MessageRetentionPeriod'] }))).rejects.toMatchObject({ name: 'InvalidAttributeName' });
  });

  it('refuses what it does not emulate instead of ignoring it', async () => {
    const withAttributes = new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: 'b', MessageAttributes: { kind: { DataType: 'String', StringValue: 'k' } } });

    await expect(client.send(withAttributes)).rejects.toMatchObject({ name: 'UnsupportedOperation' });
    await expect(client.send(new CreateQueueCommand({ QueueName: 'over-the-api' }))).rejects.toMatchObject({ name: 'UnknownOperationException' });
  });
});
