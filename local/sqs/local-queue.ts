import { createHash, randomUUID } from 'node:crypto';
import { newReceiptHandle, messageIdOf } from './receipt-handle.ts';
import type { SqsClock } from './sqs-clock.ts';
import { invalidMessageContents, invalidParameterValue, messageNotInflight } from './sqs-error.ts';

/** SQS's limit since August 2025 (it was 256 KiB before). */
export const MAX_MESSAGE_BYTES = 1024 * 1024;
export const MAX_VISIBILITY_TIMEOUT_SECONDS = 43_200;
const VALID_BODY = /^[\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]*$/u;

export interface QueueSettings {
  name: string;
  arn: string;
  url: string;
  visibilityTimeoutSeconds: number;
  redrive?: { deadLetterQueue: LocalQueue; maxReceiveCount: number };
}

/** The system attributes a receive reports, named and formatted (strings) as SQS and Lambda do. */
export interface ReceivedMessageAttributes {
  ApproximateReceiveCount: string;
  SentTimestamp: string;
  SenderId: string;
  ApproximateFirstReceiveTimestamp: string;
}

export interface ReceivedMessage {
  messageId: string;
  receiptHandle: string;
  body: string;
  md5OfBody: string;
  attributes: ReceivedMessageAttributes;
}

interface StoredMessage {
  messageId: string;
  body: string;
  md5OfBody: string;
  sentTimestamp: number;
  receiveCount: number;
  firstReceiveTimestamp?: number;
  visibleAt: number;
  /** The latest receive's handle: the only one that deletes or changes visibility. */
  receiptHandle?: string;
  /** The queue a dead-lettered message came from, where a redrive without destination returns it. */
  deadLetterSourceArn?: string;
}

/**
 * One standard queue, in memory, with SQS's delivery semantics: a received message is hidden
 * for its visibility timeout, each receive counts and issues a new receipt handle, and with a
 * redrive policy a message due for its (maxReceiveCount + 1)-th receive goes to the dead-letter
 * queue instead. Messages come out oldest first (SQS only promises "best effort").
 */
export class LocalQueue {
  private readonly messages = new Map<string, StoredMessage>();

  constructor(
    readonly settings: QueueSettings,
    private readonly clock: SqsClock,
    private readonly senderId: string,
  ) {}

  send(body: string): { messageId: string; md5OfBody: string } {
    if (body.length === 0) throw invalidParameterValue('The request must contain a non-empty MessageBody.');
    if (Buffer.byteLength(body) > MAX_MESSAGE_BYTES) throw invalidParameterValue(`One or more parameters are invalid. Reason: Message must be shorter than ${MAX_MESSAGE_BYTES} bytes.`);
    if (!VALID_BODY.test(body)) throw invalidMessageContents();
    const now = this.clock.now();
    const message: StoredMessage = {
      messageId: randomUUID(),
      body,
      md5OfBody: createHash('md5').update(body, 'utf8').digest('hex'),
      sentTimestamp: now,
      receiveCount: 0,
      visibleAt: now,
    };
    this.messages.set(message.messageId, message);
    return { messageId: message.messageId, md5OfBody: message.md5OfBody };
  }

  receive(maxMessages: number, visibilityTimeoutSeconds = this.settings.visibilityTimeoutSeconds): ReceivedMessage[] {
    const now = this.clock.now();
    const received: ReceivedMessage[] = [];
    for (const message of this.messages.values()) {
      if (received.length === maxMessages) break;
      if (message.visibleAt > now) continue;
      const redrive = this.settings.redrive;
      if (redrive && message.receiveCount >= redrive.maxReceiveCount) {
        this.messages.delete(message.messageId);
        redrive.deadLetterQueue.acceptDeadLetter(message, this.settings.arn);
        continue;
      }
      message.receiveCount += 1;
      message.firstReceiveTimestamp ??= now;
      message.receiptHandle = newReceiptHandle(this.settings.arn, message.messageId);
      message.visibleAt = now + this.clock.millisecondsFor(visibilityTimeoutSeconds);
      received.push(this.describe(message));
    }
    return received;
  }

  /**
   * As SQS documents: a stale handle (the message was received again since) is accepted but
   * deletes nothing, and deleting an already deleted message succeeds. Only a handle that was
   * never issued for this queue is an error.
   */
  delete(receiptHandle: string): void {
    const message = this.messages.get(messageIdOf(receiptHandle, this.settings.arn));
    if (message?.receiptHandle === receiptHandle) this.messages.delete(message.messageId);
  }

  /** The new timeout counts from now, as in SQS; only the latest receipt of a message in flight may change it. */
  changeVisibility(receiptHandle: string, visibilityTimeoutSeconds: number): void {
    const message = this.messages.get(messageIdOf(receiptHandle, this.settings.arn));
    const now = this.clock.now();
    if (message?.receiptHandle !== receiptHandle || message.visibleAt <= now) throw messageNotInflight();
    message.visibleAt = now + this.clock.millisecondsFor(visibilityTimeoutSeconds);
  }

  purge(): void {
    this.messages.clear();
  }

  counts(): { visible: number; inFlight: number } {
    const now = this.clock.now();
    const inFlight = [...this.messages.values()].filter((message) => message.visibleAt > now).length;
    return { visible: this.messages.size - inFlight, inFlight };
  }

  visibleMessageIds(): string[] {
    const now = this.clock.now();
    return [...this.messages.values()].filter((message) => message.visibleAt <= now).map((message) => message.messageId);
  }

  /** A message a move task may take: not gone, and not held by a consumer right now. */
  visibleMessage(messageId: string): { readonly body: string; readonly deadLetterSourceArn?: string } | undefined {
    const message = this.messages.get(messageId);
    return message && message.visibleAt <= this.clock.now() ? message : undefined;
  }

  remove(messageId: string): void {
    this.messages.delete(messageId);
  }

  /**
   * A dead-lettered message keeps its id, body and SentTimestamp (SQS keeps the original
   * enqueue time); its receive count starts again for the dead-letter queue's consumers.
   */
  private acceptDeadLetter(message: StoredMessage, sourceArn: string): void {
    this.messages.set(message.messageId, {
      messageId: message.messageId,
      body: message.body,
      md5OfBody: message.md5OfBody,
      sentTimestamp: message.sentTimestamp,
      receiveCount: 0,
      visibleAt: this.clock.now(),
      deadLetterSourceArn: sourceArn,
    });
  }

  private describe(message: StoredMessage): ReceivedMessage {
    return {
      messageId: message.messageId,
      receiptHandle: message.receiptHandle!,
      body: message.body,
      md5OfBody: message.md5OfBody,
      attributes: {
        ApproximateReceiveCount: String(message.receiveCount),
        SentTimestamp: String(message.sentTimestamp),
        SenderId: this.senderId,
        ApproximateFirstReceiveTimestamp: String(message.firstReceiveTimestamp),
      },
    };
  }
}
