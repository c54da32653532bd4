import { MAX_VISIBILITY_TIMEOUT_SECONDS, type LocalQueue, type ReceivedMessage } from './local-queue.ts';
import type { MessageMoveTask, MessageMoveTasks } from './message-move-tasks.ts';
import type { QueueDirectory } from './queue-directory.ts';
import { sleep, type SqsClock } from './sqs-clock.ts';
import { invalidAttributeName, notEmulated, queueDoesNotExist } from './sqs-error.ts';
import { optionalInteger, optionalString, refuseNotEmulated, requiredInteger, requiredString, stringList, type SqsInput } from './sqs-input.ts';

export interface SqsBackend {
  queues: QueueDirectory;
  moveTasks: MessageMoveTasks;
  clock: SqsClock;
  /** Aborted when the emulator stops, so held long polls end. */
  stopping: AbortSignal;
}

type SqsAction = (input: SqsInput, backend: SqsBackend) => unknown;

/** How often a long poll looks again; short, because a local test waits on it. */
const LONG_POLL_RECHECK_MS = 5;

const QUEUE_ATTRIBUTES: Record<string, (queue: LocalQueue) => string | undefined> = {
  QueueArn: (queue) => queue.settings.arn,
  ApproximateNumberOfMessages: (queue) => String(queue.counts().visible),
  ApproximateNumberOfMessagesNotVisible: (queue) => String(queue.counts().inFlight),
  VisibilityTimeout: (queue) => String(queue.settings.visibilityTimeoutSeconds),
  RedrivePolicy: ({ settings: { redrive } }) =>
    redrive && JSON.stringify({ deadLetterTargetArn: redrive.deadLetterQueue.settings.arn, maxReceiveCount: redrive.maxReceiveCount }),
};

/** The SQS actions the connector uses, by X-Amz-Target name; request and response members as in the SQS API reference. */
export const SQS_ACTIONS: Record<string, SqsAction> = {
  SendMessage: (input, { queues }) => {
    refuseNotEmulated(input, ['MessageAttributes', 'MessageSystemAttributes', 'MessageGroupId', 'MessageDeduplicationId']);
    if (input.DelaySeconds !== undefined && input.DelaySeconds !== 0) throw notEmulated('DelaySeconds');
    const queue = queues.byUrl(requiredString(input, 'QueueUrl'));
    const { messageId, md5OfBody } = queue.send(requiredString(input, 'MessageBody'));
    return { MessageId: messageId, MD5OfMessageBody: md5OfBody };
  },

  ReceiveMessage: async (input, backend) => {
    refuseNotEmulated(input, ['ReceiveRequestAttemptId']);
    const queue = backend.queues.byUrl(requiredString(input, 'QueueUrl'));
    const maxMessages = optionalInteger(input, 'MaxNumberOfMessages', 1, 10) ?? 1;
    const visibilityTimeout = optionalInteger(input, 'VisibilityTimeout', 0, MAX_VISIBILITY_TIMEOUT_SECONDS);
    const waitSeconds = optionalInteger(input, 'WaitTimeSeconds', 0, 20) ?? 0;
    const attributeNames = new Set([...stringList(input, 'AttributeNames'), ...stringList(input, 'MessageSystemAttributeNames')]);
    const messages = await receiveWithinWait(queue, maxMessages, visibilityTimeout, waitSeconds, backend);
    return messages.length === 0 ? {} : { Messages: messages.map((message) => wireMessage(message, attributeNames)) };
  },

  DeleteMessage: (input, { queues }) => {
    queues.byUrl(requiredString(input, 'QueueUrl')).delete(requiredString(input, 'ReceiptHandle'));
    return {};
  },

  ChangeMessageVisibility: (input, { queues }) => {
    const queue = queues.byUrl(requiredString(input, 'QueueUrl'));
    queue.changeVisibility(requiredString(input, 'ReceiptHandle'), requiredInteger(input, 'VisibilityTimeout', 0, MAX_VISIBILITY_TIMEOUT_SECONDS));
    return {};
  },

  GetQueueUrl: (input, { queues }) => {
    const owner = optionalString(input, 'QueueOwnerAWSAccountId');
    if (owner !== undefined && owner !== queues.accountId) throw queueDoesNotExist();
    return { QueueUrl: queues.byName(requiredString(input, 'QueueName')).settings.url };
  },

  GetQueueAttributes: (input, { queues }) => {
    const queue = queues.byUrl(requiredString(input, 'QueueUrl'));
    const requested = stringList(input, 'AttributeNames');
    const names = requested.includes('All') ? Object.keys(QUEUE_ATTRIBUTES) : requested;
    const attributes: Record<string, string> = {};
    for (const name of names) {
      const read = Object.hasOwn(QUEUE_ATTRIBUTES, name) ? QUEUE_ATTRIBUTES[name] : undefined;
      if (!read) throw invalidAttributeName(name, Object.keys(QUEUE_ATTRIBUTES));
      const value = read(queue);
      if (value !== undefined) attributes[name] = value;
    }
    return { Attributes: attributes };
  },

  /** Without SQS's one-purge-a-minute limit: tests purge freely. */
  PurgeQueue: (input, { queues }) => {
    queues.byUrl(requiredString(input, 'QueueUrl')).purge();
    return {};
  },

  StartMessageMoveTask: (input, { moveTasks }) => {
    const destinationArn = optionalString(input, 'DestinationArn');
    const maxNumberOfMessagesPerSecond = optionalInteger(input, 'MaxNumberOfMessagesPerSecond', 1, 500);
    const taskHandle = moveTasks.start({
      sourceArn: requiredString(input, 'SourceArn'),
      ...(destinationArn !== undefined ? { destinationArn } : {}),
      ...(maxNumberOfMessagesPerSecond !== undefined ? { maxNumberOfMessagesPerSecond } : {}),
    });
    return { TaskHandle: taskHandle };
  },

  ListMessageMoveTasks: (input, { moveTasks }) => {
    const maxResults = optionalInteger(input, 'MaxResults', 1, 10) ?? 1;
    return { Results: moveTasks.list(requiredString(input, 'SourceArn')).slice(0, maxResults).map(wireMoveTask) };
  },
};

/** A long poll answers as soon as a message is there, or empty when the (time-scaled) wait ends. */
async function receiveWithinWait(queue: LocalQueue, maxMessages: number, visibilityTimeout: number | undefined, waitSeconds: number, { clock, stopping }: SqsBackend): Promise<ReceivedMessage[]> {
  const deadline = clock.now() + clock.millisecondsFor(waitSeconds);
  let messages = queue.receive(maxMessages, visibilityTimeout);
  while (messages.length === 0 && clock.now() < deadline && !stopping.aborted) {
    await sleep(Math.min(LONG_POLL_RECHECK_MS, deadline - clock.now()), stopping);
    messages = queue.receive(maxMessages, visibilityTimeout);
  }
  return messages;
}

/** SQS returns only the system attributes asked for ("All" for every one). */
function wireMessage(message: ReceivedMessage, attributeNames: ReadonlySet<string>) {
  const attributes = Object.fromEntries(Object.entries(message.attributes).filter(([name]) => attributeNames.has('All') || attributeNames.has(name)));
  return {
    MessageId: message.messageId,
    ReceiptHandle: message.receiptHandle,
    MD5OfBody: message.md5OfBody,
    Body: message.body,
    ...(Object.keys(attributes).length > 0 ? { Attributes: attributes } : {}),
  };
}

/** Only a running task has a handle to cancel it by, as in SQS. */
function wireMoveTask(task: MessageMoveTask) {
  return {
    ...(task.status === 'RUNNING' ? { TaskHandle: task.taskHandle } : {}),
    Status: task.status,
    SourceArn: task.sourceArn,
    ...(task.destinationArn !== undefined ? { DestinationArn: task.destinationArn } : {}),
    ...(task.maxNumberOfMessagesPerSecond !== undefined ? { MaxNumberOfMessagesPerSecond: task.maxNumberOfMessagesPerSecond } : {}),
    ApproximateNumberOfMessagesMoved: task.moved,
    ApproximateNumberOfMessagesToMove: task.toMove,
    ...(task.failureReason !== undefined ? { FailureReason: task.failureReason } : {}),
    StartedTimestamp: task.startedTimestamp,
  };
}
