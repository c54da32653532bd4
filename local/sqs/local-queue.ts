import { createHash, randomUUID } from 'node:crypto';
import { SqsError } from './sqs-error.ts';

/** The characters SQS accepts in a body; JSON.stringify lets U+FFFE and U+FFFF through. */
const VALID_BODY = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

export interface QueueSettings {
  name: string;
  arn: string;
  url: string;
  visibilityTimeoutSeconds: number;
  redrive?: { deadLetterQueue: LocalQueue; maxReceiveCount: number };
  /** How many real milliseconds one SQS second lasts: 1000 is real time. */
  millisecondsPerSecond: number;
}

/** A received message as Lambda's SQS event carries it: system attributes are strings. */
export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  attributes: { ApproximateReceiveCount: string; SentTimestamp: string; SenderId: string; ApproximateFirstReceiveTimestamp: string };
}

interface StoredMessage {
  messageId: string;
  body: string;
  sentTimestamp: number;
  receiveCount: number;
  firstReceiveTimestamp?: number;
  visibleAt: number;
  /** The latest receive's handle: the only one that deletes the message or changes its visibility. */
  receiptHandle?: string;
}

/**
 * One standard queue, in memory, with the delivery rules the CRM callback relies on: a received
 * message is hidden for its visibility timeout, each receive counts and issues a new receipt
 * handle, and with a redrive policy a message due for its (maxReceiveCount + 1)-th receive goes
 * to the dead-letter queue instead. Oldest first (SQS only promises "best effort").
 */
export class LocalQueue {
  private readonly messages = new Map<string, StoredMessage>();

  constructor(
    readonly settings: QueueSettings,
    private readonly senderId: string,
  ) {}

  /** Returns the new message's id. */
  send(body: string): string {
    if (body.length === 0 || !VALID_BODY.test(body)) {
      throw new SqsError('InvalidMessageContents', 'InvalidMessageContents', 'The message body is empty or holds characters SQS does not allow.');
    }
    const messageId = randomUUID();
    this.messages.set(messageId, { messageId, body, sentTimestamp: Date.now(), receiveCount: 0, visibleAt: Date.now() });
    return messageId;
  }

  receive(maxMessages: number): ReceivedMessage[] {
    const now = Date.now();
    const received: ReceivedMessage[] = [];
    for (const message of this.messages.values()) {
      if (received.length === maxMessages) break;
      if (message.visibleAt > now) continue;
      const redrive = this.settings.redrive;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        this.messages.delete(message.messageId);
        // SQS keeps the id, body and SentTimestamp; the receive count starts again.
        redrive.deadLetterQueue.messages.set(message.messageId, {
          messageId: message.messageId,
          body: message.body,
          sentTimestamp: message.sentTimestamp,
          receiveCount: 0,
          visibleAt: now,
        });
        continue;
      }
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
      message.receiptHandle = randomUUID();
      message.visibleAt = now + this.durationMs(this.settings.visibilityTimeoutSeconds);
      received.push(this.describe(message));
    }
    return received;
  }

  /** A stale handle (the message was received again since) deletes nothing, as SQS documents. */
  delete(receiptHandle: string): void {
    const message = this.holding(receiptHandle);
    if (message) this.messages.delete(message.messageId);
  }

  /** The new timeout counts from now; only the latest receipt of a message still in flight may change it. */
  changeVisibility(receiptHandle: string, visibilityTimeoutSeconds: number): void {
    const message = this.holding(receiptHandle);
    const now = Date.now();
    if (!message || message.visibleAt <= now) {
      throw new SqsError('MessageNotInflight', 'AWS.SimpleQueueService.MessageNotInflight', "The message referred to isn't in flight.");
    }
    message.visibleAt = now + this.durationMs(visibilityTimeoutSeconds);
  }

  counts(): { visible: number; inFlight: number } {
    const now = Date.now();
    const inFlight = [...this.messages.values()].filter((message) => message.visibleAt > now).length;
    return { visible: this.messages.size - inFlight, inFlight };
  }

  /** Removes the messages no consumer holds and returns their bodies: a redrive's share. */
  takeVisible(): string[] {
    const now = Date.now();
    const visible = [...this.messages.values()].filter((message) => message.visibleAt <= now);
    for (const message of visible) this.messages.delete(message.messageId);
    return visible.map((message) => message.body);
  }

  private holding(receiptHandle: string): StoredMessage | undefined {
    return [...this.messages.values()].find((message) => message.receiptHandle === receiptHandle);
  }

  private durationMs(seconds: number): number {
    return seconds * this.settings.millisecondsPerSecond;
  }

  private describe(message: StoredMessage): ReceivedMessage {
    return {
      messageId: message.messageId,
      receiptHandle: message.receiptHandle!,
      body: message.body,
      md5OfBody: createHash('md5').update(message.body, 'utf8').digest('hex'),
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentTimestamp),
        SenderId: this.senderId,
        ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp),
      },
    };
  }
}
