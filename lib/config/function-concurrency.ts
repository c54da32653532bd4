import type { FunctionName } from '#app/contract/api-contract.ts';

/**
 * The sweep's timeout is its schedule interval (function-timeouts.ts), so at most two sweeps
 * overlap: two executions kept for it mean a busy account cannot stop the recovery of lost webhooks.
 */
export const RECONCILE_RESERVED_CONCURRENCY = 2;

/** Lambda's default concurrency quota of an account, of which it keeps this many unreserved. */
const ACCOUNT_CONCURRENCY = { defaultQuota: 1000, unreservedMinimum: 100 } as const;

/** The most the webhook receiver may keep in an account of the default quota, beside the sweep. */
export const MAX_WEBHOOK_RESERVED_CONCURRENCY = ACCOUNT_CONCURRENCY.defaultQuota - ACCOUNT_CONCURRENCY.unreservedMinimum - RECONCILE_RESERVED_CONCURRENCY;

/**
 * The executions kept for a function and never exceeded by it, where one is kept. Reserved
 * concurrency is taken out of the account's shared pool, so only the functions that must keep
 * running when the rest of the account is busy have it: the webhook receiver, whose refusals VCC
 * retries for 12 hours and then drops, and the sweep that recovers what a webhook missed. The API
 * functions are bounded by the stage's throttle, and the CRM callback by its queue's event source.
 * It takes the one setting it reads, not EnvironmentConfig: the config's schema reads the limits above.
 */
export function reservedConcurrencyOf(name: FunctionName, config: { webhookReservedConcurrency: number }): number | undefined {
  switch (name) {
    case 'receive-vcc-webhook':
      return config.webhookReservedConcurrency;
    case 'reconcile-payment-sessions':
      return RECONCILE_RESERVED_CONCURRENCY;
    default:
      return undefined;
  }
}
