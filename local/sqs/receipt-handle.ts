import { randomUUID } from 'node:crypto';
import { receiptHandleIsInvalid } from './sqs-error.ts';

/**
 * Receipt handles name the queue and message they were issued for, plus a nonce that makes each
 * receive's handle new, as in SQS. Encoding the names lets a handle be told apart as malformed
 * (ReceiptHandleIsInvalid) or merely stale without remembering every handle ever issued.
 */
export function newReceiptHandle(queueArn: string, messageId: string): string {
  return Buffer.from(JSON.stringify({ queueArn, messageId, nonce: randomUUID() })).toString('base64url');
}

export function messageIdOf(handle: string, queueArn: string): string {
  const decoded = decode(handle);
  if (decoded?.queueArn !== queueArn || typeof decoded.messageId !== 'string') throw receiptHandleIsInvalid(handle);
  return decoded.messageId;
}

function decode(handle: string): { queueArn?: unknown; messageId?: unknown } | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(handle, 'base64url').toString('utf8'));
    return typeof value === 'object' && value !== null ? value : undefined;
  } catch {
    return undefined;
  }
}
