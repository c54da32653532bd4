import type { TestProject } from 'vitest/node';
import { LOCAL_CREDENTIALS, LOCAL_CRM_SIGNING_SECRET, LOCAL_VCC_SECRET_ID, type LocalStack, startLocalStack } from '../../../local/local-stack.ts';
import { startHandlerLogAudit } from '../../support/log-audit.ts';

/** What the tests need of the local stack; the stack itself stays in this process. */
export type ProvidedStack = Omit<LocalStack, 'stop' | 'tableWrites'> & {
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
  // Every line the handlers log during the suite is audited at the end: no token, no secret, no
  // card-like value, whatever the tests sent.
  const secrets = Object.values(LOCAL_CREDENTIALS).map(({ clientSecret }) => [clientSecret, 'a client secret'] as const);
  const audit = startHandlerLogAudit(new Map([...secrets, [LOCAL_CRM_SIGNING_SECRET, 'the CRM signing secret']]));
  const stack = await startLocalStack({
    vccTimeoutMs,
    logLevel: 'INFO',
    queueTimeScale: 0.001,
    reconcileEveryMs: 0,
    vccWebhookRetryDelaysMs: [200, 300, 400, 500, 600, 800, 1000],
  });
  const { stop, tableWrites, ...endpoints } = stack;
  project.provide('stack', {
    ...endpoints,
    vccSecretId: LOCAL_VCC_SECRET_ID,
    credentials: LOCAL_CREDENTIALS,
    vccTimeoutMs,
    crmSigningSecret: LOCAL_CRM_SIGNING_SECRET,
  });
  return async () => {
    await stop();
    audit.stop();
    const findings = audit.findings();
    // Vitest reports an error thrown here but still exits 0: the exit code carries the verdict.
    const fail = (message: string) => {
      console.error(`log audit FAILED: ${message}`);
      process.exitCode = 1;
    };
    if (findings.length > 0)
      return fail(`${findings.length} log line(s) hold what must never be logged:\n${findings.map((f) => `${f.what}: ${f.line}`).join('\n')}`);
    if (process.env.LOG_AUDIT_DUMP) (await import('node:fs')).writeFileSync(process.env.LOG_AUDIT_DUMP, audit.lines().join('\n'));
    console.log(`log audit: ${audit.lineCount()} handler log lines of the integration suite hold no token, secret or card-like value`);
  };
}
