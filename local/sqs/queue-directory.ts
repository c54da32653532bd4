import { LocalQueue, MAX_VISIBILITY_TIMEOUT_SECONDS } from './local-queue.ts';
import type { SqsClock } from './sqs-clock.ts';
import { invalidAddress, invalidParameterValue, queueDoesNotExist, queueNameExists } from './sqs-error.ts';

export interface QueueOptions {
  name: string;
  visibilityTimeoutSeconds?: number;
  redrive?: { deadLetterQueueName: string; maxReceiveCount: number };
}

const QUEUE_NAME = /^[A-Za-z0-9_-]{1,80}$/;

/** The queues of one account and region, found by name, URL or ARN as the SQS API refers to them. */
export class QueueDirectory {
  private readonly queues = new Map<string, LocalQueue>();

  constructor(
    private readonly endpoint: string,
    private readonly region: string,
    readonly accountId: string,
    private readonly clock: SqsClock,
  ) {}

  urlOf(name: string): string {
    return `${this.endpoint}/${this.accountId}/${name}`;
  }

  arnOf(name: string): string {
    return `arn:aws:sqs:${this.region}:${this.accountId}:${name}`;
  }

  /** Dead-letter queues must exist first, as SQS requires of a redrive policy's target. */
  create({ name, visibilityTimeoutSeconds = 30, redrive }: QueueOptions): LocalQueue {
    if (!QUEUE_NAME.test(name)) throw invalidParameterValue(`Queue name ${name} can only include alphanumeric characters, hyphens, or underscores, 1 to 80 in length (FIFO queues are not emulated).`);
    if (this.queues.has(name)) throw queueNameExists(name);
    checkIntegerParameter('VisibilityTimeout', visibilityTimeoutSeconds, 0, MAX_VISIBILITY_TIMEOUT_SECONDS);
    if (redrive) checkIntegerParameter('maxReceiveCount', redrive.maxReceiveCount, 1, 1000);
    const queue = new LocalQueue({
      name,
      arn: this.arnOf(name),
      url: this.urlOf(name),
      visibilityTimeoutSeconds,
      ...(redrive ? { redrive: { deadLetterQueue: this.byName(redrive.deadLetterQueueName), maxReceiveCount: redrive.maxReceiveCount } } : {}),
    }, this.clock, this.accountId);
    this.queues.set(name, queue);
    return queue;
  }

  byName(name: string): LocalQueue {
    const queue = this.queues.get(name);
    if (!queue) throw queueDoesNotExist();
    return queue;
  }

  /** SQS accepts a queue URL on any host; the path names the account and the queue. */
  byUrl(queueUrl: string): LocalQueue {
    let path: string[];
    try {
      path = new URL(queueUrl).pathname.split('/').filter(Boolean);
    } catch {
      throw invalidAddress(queueUrl);
    }
    if (path.length !== 2 || path[0] !== this.accountId) throw queueDoesNotExist();
    return this.byName(path[1]!);
  }

  byArn(arn: string): LocalQueue | undefined {
    const name = arn.startsWith(this.arnOf('')) ? arn.slice(this.arnOf('').length) : undefined;
    return name === undefined ? undefined : this.queues.get(name);
  }

  isDeadLetterQueue(queue: LocalQueue): boolean {
    return [...this.queues.values()].some((source) => source.settings.redrive?.deadLetterQueue === queue);
  }
}

/** Integer bounds as SQS checks them, with its error wording. */
export function checkIntegerParameter(parameter: string, value: number, min: number, max: number): void {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw invalidParameterValue(`Value ${value} for parameter ${parameter} is invalid. Reason: Must be between ${min} and ${max}.`);
  }
}
