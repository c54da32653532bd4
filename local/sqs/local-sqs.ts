import type { IncomingMessage, ServerResponse } from 'node:http';
import { mediaType, PayloadTooLargeError, readBody, sendJson } from '../http/http-io.ts';
import { startHttpServer } from '../http/http-server.ts';
import type { ReceivedMessage } from './local-queue.ts';
import { MessageMoveTasks } from './message-move-tasks.ts';
import { QueueDirectory, type QueueOptions } from './queue-directory.ts';
import { SQS_ACTIONS, type SqsBackend } from './sqs-actions.ts';
import { sqsClock } from './sqs-clock.ts';
import { notEmulated, serializationError, SqsError, unknownOperation } from './sqs-error.ts';
import type { SqsInput } from './sqs-input.ts';

/*
 * A local stand-in for Amazon SQS, because real SQS cannot run here (no Docker, no network).
 * It emulates only what the connector uses, over SQS's real wire protocol (AWS JSON 1.0, as
 * @aws-sdk/client-sqs sends it) so our code talks to it through the unchanged SDK: standard
 * queues with visibility timeouts and dead-letter redrive, and the actions SendMessage,
 * ReceiveMessage, DeleteMessage, ChangeMessageVisibility, GetQueueUrl, GetQueueAttributes,
 * PurgeQueue, StartMessageMoveTask and ListMessageMoveTasks. Queues are created in process, not
 * over the API. Anything else (FIFO queues, message attributes, delays, batches, queue
 * management) answers an error instead of being half-emulated.
 */

export interface LocalSqsOptions {
  port?: number;
  host?: string;
  region?: string;
  accountId?: string;
  /** How long one SQS second lasts, in real seconds: 1 = real time, 0.01 = 10 ms. */
  timeScale?: number;
}

export interface LocalSqs {
  endpoint: string;
  region: string;
  /** Returns the queue's URL. */
  createQueue(options: QueueOptions): string;
  queueUrl(queueName: string): string;
  queueArn(queueName: string): string;
  /** Returns the message id. */
  send(queueName: string, body: string): string;
  /** In-process ReceiveMessage (no long poll), as Lambda's poller would call it. */
  receive(queueName: string, maxMessages?: number): ReceivedMessage[];
  deleteMessage(queueName: string, receiptHandle: string): void;
  stop(): Promise<void>;
}

const JSON_1_0 = 'application/x-amz-json-1.0';
/** A 1 MiB message can take several times that once JSON-escaped. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

export async function startLocalSqs({ port = 0, host = '127.0.0.1', region = 'eu-west-2', accountId = '000000000000', timeScale = 1 }: LocalSqsOptions = {}): Promise<LocalSqs> {
  const clock = sqsClock(timeScale);
  const stopping = new AbortController();
  // `backend` is set in the turn the server starts listening, before any request is handled.
  const server = await startHttpServer(port, host, (req, res) => serve(req, res, backend));
  const queues = new QueueDirectory(server.url, region, accountId, clock);
  const moveTasks = new MessageMoveTasks(queues, clock);
  const backend: SqsBackend = { queues, moveTasks, clock, stopping: stopping.signal };

  return {
    endpoint: server.url,
    region,
    createQueue: (options) => queues.create(options).settings.url,
    queueUrl: (name) => queues.byName(name).settings.url,
    queueArn: (name) => queues.byName(name).settings.arn,
    send: (name, body) => queues.byName(name).send(body).messageId,
    receive: (name, maxMessages = 1) => queues.byName(name).receive(maxMessages),
    deleteMessage: (name, receiptHandle) => queues.byName(name).delete(receiptHandle),
    stop: async () => {
      stopping.abort();
      await moveTasks.stop();
      await server.stop();
    },
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, backend: SqsBackend): Promise<void> {
  try {
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.startsWith('AmazonSQS.') ? target.slice('AmazonSQS.'.length) : '';
    const action = Object.hasOwn(SQS_ACTIONS, name) ? SQS_ACTIONS[name] : undefined;
    if (req.method !== 'POST' || !action) throw unknownOperation(target);
    if (mediaType(req) !== JSON_1_0) throw notEmulated(`requests other than ${JSON_1_0} (the AWS JSON 1.0 protocol)`);
    const output = await action(await readInput(req), backend);
    sendJson(res, 200, output, { 'content-type': JSON_1_0 });
  } catch (error) {
    if (!(error instanceof SqsError)) throw error;
    sendJson(res, error.status, { __type: `com.amazonaws.sqs#${error.type}`, message: error.message }, {
      'content-type': JSON_1_0,
      'x-amzn-query-error': `${error.queryCode};Sender`,
    });
  }
}

async function readInput(req: IncomingMessage): Promise<SqsInput> {
  let text: string;
  try {
    text = await readBody(req, MAX_REQUEST_BYTES);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) throw serializationError(error.message);
    throw error;
  }
  try {
    const input: unknown = JSON.parse(text || '{}');
    if (typeof input !== 'object' || input === null || Array.isArray(input)) throw new Error('not an object');
    return input as SqsInput;
  } catch {
    throw serializationError('The request body is not a JSON object.');
  }
}
