import type { FunctionName } from '#app/contract/api-contract.ts';
import type { EnvironmentConfig } from './environment-config.ts';

/**
 * The sweep's timeout is its schedule interval (function-timeouts.ts), so at most two sweeps
 * overlap: two executions kept for it mean a busy account cannot stop the recovery of lost webhooks.
 */
const RECONCILE_RESERVED_CONCURRENCY = 2;

/**
 * The executions kept for a function and never exceeded by it, where one is kept. Reserved
 * concurrency is taken out of the account's shared pool, so only the functions that must keep
 * running when the rest of the account is busy have it: the webhook receiver, whose refusals VCC
 * retries for 12 hours and then drops, and the sweep that recovers what a webhook missed. The API
 * functions are bounded by the stage's throttle, and the CRM callback by its queue's event source.
 */
export function reservedConcurrencyOf(name: FunctionName, config: EnvironmentConfig): number | undefined {
  switch (name) {
    case 'receive-vcc-webhook':
      return config.webhookReservedConcurrency;
    case 'reconcile-payment-sessions':
      return RECONCILE_RESERVED_CONCURRENCY;
    default:
      return undefined;
  }
}
