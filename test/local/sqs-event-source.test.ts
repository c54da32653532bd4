import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { SQSBatchResponse, SQSEvent } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type LocalSqs, startLocalSqs } from '../../local/sqs/local-sqs.ts';
import { type SqsBatchHandler, type SqsEventSource, startSqsEventSource } from '../../local/sqs/sqs-event-source.ts';
import { sqsClient, uniqueName, waitFor } from './support/local-aws.ts';

// One SQS second lasts 10 ms, so a failed record is back after a 1-second visibility timeout within 10 ms.
describe('local SQS event source mapping', () => {
  let sqs: LocalSqs;
  let client: ReturnType<typeof sqsClient>;
  const sources: SqsEventSource[] = [];

  beforeAll(async () => {
    sqs = await startLocalSqs({ timeScale: 0.01 });
    client = sqsClient(sqs.endpoint);
  });
  afterEach(async () => {
    await Promise.all(sources.splice(0).map((source) => source.stop()));
    vi.restoreAllMocks();
  });
  afterAll(() => sqs.stop());

  /** A queue holding `bodies` before anything polls it, so they arrive in one batch. */
  async function queueWith(...bodies: string[]): Promise<{ queueName: string; queueUrl: string }> {
    const queueName = uniqueName('queue');
    const queueUrl = sqs.createQueue({ name: queueName, visibilityTimeoutSeconds: 1 });
    for (const body of bodies) sqs.send(queueName, body);
    return { queueName, queueUrl };
  }

  function consume(queueName: string, handler: SqsBatchHandler, batchSize = 10): SQSEvent[] {
    const events: SQSEvent[] = [];
    sources.push(
      startSqsEventSource({
        sqs,
        queueName,
        batchSize,
        handler: (event, context) => {
          events.push(structuredClone(event));
          return handler(event, context);
        },
      }),
    );
    return events;
  }

  const bodiesAndCounts = (event: SQSEvent | undefined) => event?.Records.map((record) => [record.body, record.attributes.ApproximateReceiveCount]);
  const queueIsEmpty = async (queueUrl: string) => {
    const { Attributes } = await client.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'] }),
    );
    return Attributes?.ApproximateNumberOfMessages === '0' && Attributes.ApproximateNumberOfMessagesNotVisible === '0' ? true : undefined;
  };

  it("hands the handler Lambda's SQS event and deletes the batch it completes", async () => {
    const { queueName, queueUrl } = await queueWith('{"sessionGuid":"guid-1"}');

    const events = consume(queueName, async () => undefined);

    await waitFor('the queue to be empty', () => queueIsEmpty(queueUrl));
    expect(events).toHaveLength(1);
    expect(events[0]?.Records[0]).toEqual({
      messageId: expect.any(String),
      receiptHandle: expect.any(String),
      body: '{"sessionGuid":"guid-1"}',
      attributes: {
        ApproximateReceiveCount: '1',
        SentTimestamp: expect.any(String),
        SenderId: expect.any(String),
        ApproximateFirstReceiveTimestamp: expect.any(String),
      },
      messageAttributes: {},
      md5OfBody: expect.stringMatching(/^[0-9a-f]{32}$/),
      eventSource: 'aws:sqs',
      eventSourceARN: sqs.queueArn(queueName),
      awsRegion: 'eu-west-2',
    });
  });

  it('deletes the records that succeeded and redelivers only those in batchItemFailures', async () => {
    const { queueName, queueUrl } = await queueWith('fails once', 'succeeds');
    const failOnce = async (event: SQSEvent): Promise<SQSBatchResponse> => {
      const failing = event.Records.find((record) => record.body === 'fails once' && record.attributes.ApproximateReceiveCount === '1');
      return { batchItemFailures: failing ? [{ itemIdentifier: failing.messageId }] : [] };
    };

    const events = consume(queueName, failOnce);

    await waitFor('the queue to be empty', () => queueIsEmpty(queueUrl));
    expect(events.map(bodiesAndCounts)).toEqual([
      [
        ['fails once', '1'],
        ['succeeds', '1'],
      ],
      [['fails once', '2']],
    ]);
  });

  it('keeps the whole batch when the handler throws, and logs the error', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { queueName, queueUrl } = await queueWith('a', 'b');
    let calls = 0;

    const events = consume(queueName, async () => {
      calls += 1;
      if (calls === 1) throw new Error('downstream unavailable');
    });

    await waitFor('the queue to be empty', () => queueIsEmpty(queueUrl));
    expect(events.map(bodiesAndCounts)).toEqual([
      [
        ['a', '1'],
        ['b', '1'],
      ],
      [
        ['a', '2'],
        ['b', '2'],
      ],
    ]);
    expect(errors.mock.calls[0]?.[1]).toMatchObject({ message: 'downstream unavailable' });
  });

  it('fails the whole batch when batchItemFailures names a message not in it, as Lambda does', async () => {
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { queueName, queueUrl } = await queueWith('a');
    let calls = 0;

    const events = consume(queueName, async () => ({ batchItemFailures: (calls += 1) === 1 ? [{ itemIdentifier: 'not-in-this-batch' }] : [] }));

    await waitFor('the queue to be empty', () => queueIsEmpty(queueUrl));
    expect(events.map(bodiesAndCounts)).toEqual([[['a', '1']], [['a', '2']]]);
  });

  it('never runs two handler calls at once', async () => {
    const { queueName, queueUrl } = await queueWith('a', 'b', 'c');
    let running = 0;
    let mostAtOnce = 0;

    consume(
      queueName,
      async () => {
        running += 1;
        mostAtOnce = Math.max(mostAtOnce, running);
        await new Promise((resolve) => setTimeout(resolve, 20));
        running -= 1;
      },
      1,
    );

    await waitFor('the queue to be empty', () => queueIsEmpty(queueUrl));
    expect(mostAtOnce).toBe(1);
  });

  it('stops after the handler call in progress and polls no more', async () => {
    const { queueName, queueUrl } = await queueWith('in progress');
    let release!: () => void;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    const events = consume(queueName, () => released);
    await waitFor('the handler to be called', () => (events.length > 0 ? true : undefined));

    let stopped = false;
    const stopping = sources[0]!.stop().then(() => {
      stopped = true;
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    release();
    await stopping;

    sqs.send(queueName, 'after stop');
    // Absence can only be seen over a window: ten poll intervals, ample for a poller still running.
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(events).toHaveLength(1);
    expect((await client.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }))).Attributes).toEqual({
      ApproximateNumberOfMessages: '1',
    });
  });
});
