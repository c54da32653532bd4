import { randomUUID } from 'node:crypto';
import type { LocalQueue } from './local-queue.ts';
import { checkIntegerParameter, type QueueDirectory } from './queue-directory.ts';
import { sleep, type SqsClock } from './sqs-clock.ts';
import { invalidParameterValue, resourceNotFound } from './sqs-error.ts';

export interface MessageMoveTask {
  taskHandle: string;
  status: 'RUNNING' | 'COMPLETED' | 'FAILED';
  sourceArn: string;
  destinationArn?: string;
  maxNumberOfMessagesPerSecond?: number;
  moved: number;
  toMove: number;
  startedTimestamp: number;
  failureReason?: string;
}

export interface StartMoveTask {
  sourceArn: string;
  destinationArn?: string;
  maxNumberOfMessagesPerSecond?: number;
}

/** SQS picks a rate itself when none is given; this one keeps a local redrive quick but still asynchronous. */
const DEFAULT_MESSAGES_PER_SECOND = 100;
/** ListMessageMoveTasks reports at most the 10 most recent tasks of a queue. */
const TASKS_KEPT = 10;

/**
 * Dead-letter queue redrive as StartMessageMoveTask does it: asynchronously, at a rate, each
 * message that is in the dead-letter queue (and not held by a consumer) when the task starts
 * goes to the destination, or back to the queue it was dead-lettered from, as a new message
 * (new id, SentTimestamp and receive count, as SQS documents for redriven messages).
 */
export class MessageMoveTasks {
  private readonly tasksBySource = new Map<string, MessageMoveTask[]>();
  private readonly stopping = new AbortController();
  private readonly running = new Set<Promise<void>>();

  constructor(
    private readonly queues: QueueDirectory,
    private readonly clock: SqsClock,
  ) {}

  start({ sourceArn, destinationArn, maxNumberOfMessagesPerSecond }: StartMoveTask): string {
    const source = this.queues.byArn(sourceArn);
    if (!source) throw resourceNotFound();
    if (!this.queues.isDeadLetterQueue(source)) throw invalidParameterValue('Source queue must be configured as a Dead Letter Queue.');
    const destination = destinationArn === undefined ? undefined : this.queues.byArn(destinationArn);
    if (destinationArn !== undefined && !destination) throw resourceNotFound();
    if (maxNumberOfMessagesPerSecond !== undefined) checkIntegerParameter('MaxNumberOfMessagesPerSecond', maxNumberOfMessagesPerSecond, 1, 500);
    const earlier = this.tasksBySource.get(sourceArn) ?? [];
    if (earlier[0]?.status === 'RUNNING') throw invalidParameterValue('Only one active message movement task is supported per queue.');

    const messageIds = source.visibleMessageIds();
    const task: MessageMoveTask = {
      taskHandle: Buffer.from(JSON.stringify({ taskId: randomUUID(), sourceArn })).toString('base64'),
      status: 'RUNNING',
      sourceArn,
      ...(destinationArn !== undefined ? { destinationArn } : {}),
      ...(maxNumberOfMessagesPerSecond !== undefined ? { maxNumberOfMessagesPerSecond } : {}),
      moved: 0,
      toMove: messageIds.length,
      startedTimestamp: this.clock.now(),
    };
    this.tasksBySource.set(sourceArn, [task, ...earlier].slice(0, TASKS_KEPT));
    const run = this.run(task, source, destination, messageIds).finally(() => this.running.delete(run));
    this.running.add(run);
    return task.taskHandle;
  }

  /** Most recent first, as ListMessageMoveTasks answers. */
  list(sourceArn: string): readonly MessageMoveTask[] {
    if (!this.queues.byArn(sourceArn)) throw resourceNotFound();
    return (this.tasksBySource.get(sourceArn) ?? []).map((task) => ({ ...task }));
  }

  async stop(): Promise<void> {
    this.stopping.abort();
    await Promise.all(this.running);
  }

  private async run(task: MessageMoveTask, source: LocalQueue, destination: LocalQueue | undefined, messageIds: string[]): Promise<void> {
    const interval = this.clock.millisecondsFor(1 / (task.maxNumberOfMessagesPerSecond ?? DEFAULT_MESSAGES_PER_SECOND));
    for (const messageId of messageIds) {
      await sleep(interval, this.stopping.signal);
      if (this.stopping.signal.aborted) return;
      const message = source.visibleMessage(messageId);
      if (!message) continue;
      const target = destination ?? (message.deadLetterSourceArn ? this.queues.byArn(message.deadLetterSourceArn) : undefined);
      if (!target) {
        task.status = 'FAILED';
        task.failureReason = `Message ${messageId} was not dead-lettered from a queue that still exists, and the task has no DestinationArn.`;
        return;
      }
      target.send(message.body);
      source.remove(messageId);
      task.moved += 1;
    }
    task.status = 'COMPLETED';
  }
}
