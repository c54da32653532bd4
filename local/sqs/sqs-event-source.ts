import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Context, SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { lambdaContext } from '../lambda/lambda-context.ts';
import type { ReceivedMessage } from './local-queue.ts';
import type { LocalSqs } from './local-sqs.ts';

/** A Lambda handler for SQS events, as middy or a plain async function exports it. */
export type SqsBatchHandler = (event: SQSEvent, context: Context) => Promise<SQSBatchResponse | void> | SQSBatchResponse | void;

export interface SqsEventSourceOptions {
  sqs: Pick<LocalSqs, 'receive' | 'deleteMessage' | 'queueArn' | 'region'>;
  queueName: string;
  handler: SqsBatchHandler;
  /** Lambda allows up to 10 for a standard queue without a batching window. */
  batchSize?: number;
  /** How long to wait after an empty receive before polling again. */
  pollIntervalMs?: number;
  region?: string;
  functionName?: string;
  /** Only reported by context.getRemainingTimeInMillis(); the handler is not cut off. */
  timeoutSeconds?: number;
}

export interface SqsEventSource {
  /** Resolves once polling has ended and any handler call in progress has finished. */
  stop(): Promise<void>;
}

/**
 * Lambda's SQS event source mapping with ReportBatchItemFailures, in process: one poller that
 * receives a batch, invokes the handler and deletes what succeeded. Records that failed are left
 * alone, so they come back after their visibility timeout and, with a redrive policy, end in the
 * dead-letter queue: the retry behaviour the deployed stack has. One batch at a time, never two.
 */
export function startSqsEventSource(options: SqsEventSourceOptions): SqsEventSource {
  const { sqs, queueName, handler, batchSize = 1, pollIntervalMs = 20, region = sqs.region, timeoutSeconds = 30 } = options;
  const functionName = options.functionName ?? `${queueName}-consumer`;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > 10) throw new Error(`batchSize must be 1 to 10, not ${batchSize}`);
  const eventSourceARN = sqs.queueArn(queueName);
  const stopping = new AbortController();

  const invoke = async (messages: ReceivedMessage[]): Promise<void> => {
    const event: SQSEvent = { Records: messages.map((message) => sqsRecord(message, eventSourceARN, region)) };
    let response: SQSBatchResponse | void;
    try {
      response = await handler(event, lambdaContext(functionName, randomUUID(), timeoutSeconds * 1000));
    } catch (error) {
      console.error(`${functionName}: the handler threw; the whole batch returns to ${queueName} after its visibility timeout`, error);
      return;
    }
    const failed = failedMessageIds(response, messages);
    if (failed === 'whole batch') {
      console.error(
        `${functionName}: batchItemFailures names something that is not a message of this batch, which Lambda treats as failing the whole batch`,
        response,
      );
      return;
    }
    for (const message of messages) {
      if (!failed.has(message.messageId)) sqs.deleteMessage(queueName, message.receiptHandle);
    }
  };

  const poll = async (): Promise<void> => {
    while (!stopping.signal.aborted) {
      try {
        const messages = sqs.receive(queueName, batchSize);
        if (messages.length > 0) {
          await invoke(messages);
          continue;
        }
      } catch (error) {
        console.error(`${functionName}: polling ${queueName} failed`, error);
      }
      await delay(pollIntervalMs, undefined, { signal: stopping.signal }).catch(() => undefined);
    }
  };

  const polling = poll();
  return {
    stop: async () => {
      stopping.abort();
      await polling;
    },
  };
}

/**
 * What Lambda makes of the handler's answer: nothing, or no failures listed, is a full success;
 * a failure entry without the id of a message in the batch fails the whole batch (Lambda's
 * documented rule for a malformed response).
 */
function failedMessageIds(response: SQSBatchResponse | void, messages: ReceivedMessage[]): Set<string> | 'whole batch' {
  const failures: unknown = response?.batchItemFailures;
  if (failures === undefined || failures === null) return new Set();
  if (!Array.isArray(failures)) return 'whole batch';
  const batchIds = new Set(messages.map((message) => message.messageId));
  const ids = failures.map((failure: unknown) => (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier);
  if (ids.some((id) => typeof id !== 'string' || !batchIds.has(id))) return 'whole batch';
  return new Set(ids as string[]);
}

function sqsRecord(message: ReceivedMessage, eventSourceARN: string, awsRegion: string): SQSRecord {
  return {
    messageId: message.messageId,
    receiptHandle: message.receiptHandle,
    body: message.body,
    attributes: { ...message.attributes },
    messageAttributes: {},
    md5OfBody: message.md5OfBody,
    eventSource: 'aws:sqs',
    eventSourceARN,
    awsRegion,
  };
}
