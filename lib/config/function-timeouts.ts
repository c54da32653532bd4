import { CRM_DELIVERY, type FunctionName, RECONCILIATION } from '#app/contract/api-contract.ts';

/**
 * Room for a VCC token call and a VCC API call, each up to the VCC timeout, plus a cold start and
 * a Secrets Manager read, so the function answers with its own timeout error before Lambda
 * kills it. The schema caps the VCC timeout so this stays under API Gateway's 29 s.
 */
export const vccCallingTimeoutSeconds = (vccTimeoutMs: number): number => Math.ceil((2 * vccTimeoutMs) / 1000) + 4;

/** One POST to the CRM, plus a cold start and a Secrets Manager read. */
export const DELIVERY_TIMEOUT_SECONDS = Math.ceil(CRM_DELIVERY.requestTimeoutMs / 1000) + 5;

/**
 * AWS's advice for a queue that feeds Lambda: six function timeouts, so retries after throttling
 * fit. A number, not a CDK Duration, so that the local stack reads it without loading the CDK.
 */
export const DELIVERY_VISIBILITY_TIMEOUT_SECONDS = 6 * DELIVERY_TIMEOUT_SECONDS;

/**
 * A sweep may take up to its interval, so at most two overlap; the functions' conditional
 * writes make an overlap harmless.
 */
const RECONCILE_TIMEOUT_SECONDS = RECONCILIATION.scheduleMinutes * 60;

/**
 * Every function's Lambda timeout, in one place: ConnectorFunction deploys it, and the local
 * stack starts each local invocation's remaining time from it, so code that budgets its time
 * (the sweep, a reissue) behaves under `npm start` as deployed.
 */
export function functionTimeoutSeconds(name: FunctionName, vccTimeoutMs: number): number {
  switch (name) {
    case 'reconcile-payment-sessions':
      return RECONCILE_TIMEOUT_SECONDS;
    case 'deliver-crm-callback':
      return DELIVERY_TIMEOUT_SECONDS;
    default:
      return vccCallingTimeoutSeconds(vccTimeoutMs);
  }
}
