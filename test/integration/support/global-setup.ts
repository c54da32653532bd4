import type { TestProject } from 'vitest/node';
import { LOCAL_CREDENTIALS, LOCAL_CRM_SIGNING_SECRET, LOCAL_VCC_SECRET_ID, startLocalStack, type LocalStack } from '../../../local/local-stack.ts';

/** What the tests need of the local stack; the stack itself stays in this process. */
export type ProvidedStack = Omit<LocalStack, 'stop'> & {
  vccSecretId: string;
  credentials: typeof LOCAL_CREDENTIALS;
  vccTimeoutMs: number;
  crmSigningSecret: string;
};

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ProvidedStack;
  }
}

/**
 * The local stack `npm start` runs, on free ports, shared by every integration test file. Its
 * clocks are compressed: VCC retries webhooks within seconds, one SQS second lasts 1 ms, and
 * the reconciliation sweep runs only when a test asks (as of a time the test chooses).
 */
export default async function setup(project: TestProject) {
  const vccTimeoutMs = 1500;
  const stack = await startLocalStack({
    vccTimeoutMs,
    logLevel: 'SILENT',
    queueTimeScale: 0.001,
    reconcileEveryMs: 0,
    vccWebhookRetryDelaysMs: [200, 300, 400, 500, 600, 800, 1000],
  });
  const { stop, ...endpoints } = stack;
  project.provide('stack', { ...endpoints, vccSecretId: LOCAL_VCC_SECRET_ID, credentials: LOCAL_CREDENTIALS, vccTimeoutMs, crmSigningSecret: LOCAL_CRM_SIGNING_SECRET });
  return stop;
}
