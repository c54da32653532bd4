import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';

const DAY_SECONDS = 24 * 60 * 60;
/** Sessions and their VCC history are kept 13 months: long enough to answer a chargeback. */
export const SESSION_RETENTION_SECONDS = 395 * DAY_SECONDS;
/** Like Stripe's: a key protects against retries for a day. */
export const IDEMPOTENCY_RETENTION_SECONDS = DAY_SECONDS;

export const isConditionFailure = (error: unknown): boolean =>
  error instanceof ConditionalCheckFailedException || (error as { name?: string })?.name === 'ConditionalCheckFailedException';
