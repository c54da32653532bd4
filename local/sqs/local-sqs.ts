import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '../http/http-io.ts';
import { startHttpServer } from '../http/http-server.ts';
import { LocalQueue, type ReceivedMessage } from './local-queue.ts';
import { SqsError } from './sqs-error.ts';

/*
 * A local stand-in for Amazon SQS, because real SQS cannot run here (no Docker, no network), and
 * the maintained npm emulators run in real time only, while the tests need the CRM callback's
 * backoff (30 s ... 15 min) in milliseconds. It serves the CRM callback queue and its dead-letter
 * queue. In process, the local stack creates the queues, the EventBridge rule sends to them and
 * the event source receives and deletes, as AWS does behind the scenes. Over SQS's wire protocol
 * (AWS JSON 1.0, as @aws-sdk/client-sqs sends it) it answers only what is called through the SDK:
 * ChangeMessageVisibility (the delivery function's backoff), GetQueueAttributes (message counts)
 * and StartMessageMoveTask (the operators' redrive, with a DestinationArn, done at once). Anything
 * else answers an error instead of being half-emulated.
 */

export interface LocalSqsOptions {
  port?: number;
  host?: string;
  region?: string;
  accountId?: string;
  /** How long one SQS second lasts, in real seconds: 1 = real time, 0.01 = 10 ms. */
  timeScale?: number;
}

export interface QueueOptions {
  name: string;
  visibilityTimeoutSeconds?: number;
  /** The dead-letter queue must exist first, as SQS requires of a redrive policy's target. */
  redrive?: { deadLetterQueueName: string; maxReceiveCount: number };
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
  /** ReceiveMessage as Lambda's poller calls it (no long poll). */
  receive(queueName: string, maxMessages?: number): ReceivedMessage[];
  deleteMessage(queueName: string, receiptHandle: string): void;
  stop(): Promise<void>;
}

type Input = Record<string, unknown>;
type Action = (input: Input) => unknown;

const JSON_1_0 = 'application/x-amz-json-1.0';
const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;

export async function startLocalSqs({
  port = 0,
  host = '127.0.0.1',
  region = 'eu-west-2',
  accountId = '000000000000',
  timeScale = 1,
}: LocalSqsOptions = {}): Promise<LocalSqs> {
  if (!(timeScale > 0)) throw new Error(`timeScale must be a positive number, not ${timeScale}`);
  const queues = new Map<string, LocalQueue>();
  const arnPrefix = `arn:aws:sqs:${region}:${accountId}:`;
  // `actions` is set in the turn the server starts listening, before any request is handled.
  const server = await startHttpServer(port, host, (req, res) => serve(req, res, actions));

  const byName = (name: string): LocalQueue => {
    const queue = queues.get(name);
    if (!queue) throw new SqsError('QueueDoesNotExist', 'AWS.SimpleQueueService.NonExistentQueue', 'The specified queue does not exist.');
    return queue;
  };
  /** SQS accepts a queue URL on any host; the last path segment names the queue. */
  const byUrl = (url: string): LocalQueue => byName(url.split('/').pop() ?? '');
  const byArn = (arn: string): LocalQueue => {
    const queue = arn.startsWith(arnPrefix) ? queues.get(arn.slice(arnPrefix.length)) : undefined;
    if (!queue) throw new SqsError('ResourceNotFoundException', 'ResourceNotFoundException', `No queue has the ARN ${arn}.`, 404);
    return queue;
  };

  const actions: Record<string, Action> = {
    ChangeMessageVisibility: (input) => {
      const seconds = input.VisibilityTimeout;
      if (!Number.isInteger(seconds) || (seconds as number) < 0 || (seconds as number) > MAX_VISIBILITY_TIMEOUT_SECONDS) {
        throw new SqsError(
          'InvalidParameterValue',
          'InvalidParameterValue',
          `Value ${String(seconds)} for parameter VisibilityTimeout is invalid. Reason: Must be between 0 and ${MAX_VISIBILITY_TIMEOUT_SECONDS}.`,
        );
      }
      byUrl(text(input, 'QueueUrl')).changeVisibility(text(input, 'ReceiptHandle'), seconds as number);
      return {};
    },
    GetQueueAttributes: (input) => {
      const counts = byUrl(text(input, 'QueueUrl')).counts();
      const known: Record<string, string> = {
        ApproximateNumberOfMessages: String(counts.visible),
        ApproximateNumberOfMessagesNotVisible: String(counts.inFlight),
      };
      const names = Array.isArray(input.AttributeNames) ? (input.AttributeNames as unknown[]) : [];
      if (names.includes('All')) return { Attributes: known };
      const unknown = names.find((name) => typeof name !== 'string' || !Object.hasOwn(known, name));
      if (unknown !== undefined)
        throw new SqsError('InvalidAttributeName', 'InvalidAttributeName', `The local SQS does not report the attribute ${String(unknown)}.`);
      return { Attributes: Object.fromEntries(names.map((name) => [name, known[name as string]])) };
    },
    // A new message per body (new id, receive count 0), as SQS redrives; at once, where SQS moves at a rate.
    StartMessageMoveTask: (input) => {
      const source = byArn(text(input, 'SourceArn'));
      if (input.DestinationArn === undefined)
        throw new SqsError(
          'UnsupportedOperation',
          'AWS.SimpleQueueService.UnsupportedOperation',
          'The local SQS does not emulate a move task without DestinationArn.',
        );
      const destination = byArn(text(input, 'DestinationArn'));
      for (const body of source.takeVisible()) destination.send(body);
      return { TaskHandle: Buffer.from(JSON.stringify({ sourceArn: source.settings.arn, movedAt: Date.now() })).toString('base64') };
    },
  };

  return {
    endpoint: server.url,
    region,
    createQueue: ({ name, visibilityTimeoutSeconds = 30, redrive }) => {
      if (queues.has(name)) throw new Error(`A queue named ${name} already exists`);
      const queue = new LocalQueue(
        {
          name,
          arn: arnPrefix + name,
          url: `${server.url}/${accountId}/${name}`,
          visibilityTimeoutSeconds,
          ...(redrive ? { redrive: { deadLetterQueue: byName(redrive.deadLetterQueueName), maxReceiveCount: redrive.maxReceiveCount } } : {}),
          millisecondsPerSecond: 1000 * timeScale,
        },
        accountId,
      );
      queues.set(name, queue);
      return queue.settings.url;
    },
    queueUrl: (name) => byName(name).settings.url,
    queueArn: (name) => byName(name).settings.arn,
    send: (name, body) => byName(name).send(body),
    receive: (name, maxMessages = 1) => byName(name).receive(maxMessages),
    deleteMessage: (name, receiptHandle) => byName(name).delete(receiptHandle),
    stop: () => server.stop(),
  };
}

async function serve(req: IncomingMessage, res: ServerResponse, actions: Record<string, Action>): Promise<void> {
  try {
    const target = String(req.headers['x-amz-target'] ?? '');
    const name = target.replace(/^AmazonSQS\./, '');
    const action = Object.hasOwn(actions, name) ? actions[name] : undefined;
    if (req.method !== 'POST' || !action) {
      throw new SqsError('UnknownOperationException', 'UnknownOperationException', `The local SQS does not emulate the operation ${JSON.stringify(target)}.`);
    }
    sendJson(res, 200, action(await readInput(req)), { 'content-type': JSON_1_0 });
  } catch (error) {
    if (!(error instanceof SqsError)) throw error;
    sendJson(
      res,
      error.status,
      { __type: `com.amazonaws.sqs#${error.type}`, message: error.message },
      {
        'content-type': JSON_1_0,
        'x-amzn-query-error': `${error.queryCode};Sender`,
      },
    );
  }
}

async function readInput(req: IncomingMessage): Promise<Input> {
  try {
    const input: unknown = JSON.parse((await readBody(req)) || '{}');
    if (typeof input === 'object' && input !== null && !Array.isArray(input)) return input as Input;
  } catch {
    // answered below
  }
  throw new SqsError('SerializationException', 'SerializationException', 'The request body is not a JSON object.');
}

function text(input: Input, name: string): string {
  const value = input[name];
  if (typeof value !== 'string') throw new SqsError('MissingParameter', 'MissingParameter', `The request must contain the parameter ${name}.`);
  return value;
}
