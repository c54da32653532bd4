import { LOCAL_CREDENTIALS, LOCAL_CRM_SIGNING_SECRET, LOCAL_VCC_SECRET_ID, type LocalStack, startLocalStack } from '../../../local/local-stack.ts';
import { type LogFinding, startHandlerLogAudit } from '../../support/log-audit.ts';

/** What the specs need of the local stack. */
export type IntegrationStack = Omit<LocalStack, 'stop' | 'tableWrites'> & {
  vccSecretId: string;
  credentials: typeof LOCAL_CREDENTIALS;
  vccTimeoutMs: number;
  crmSigningSecret: string;
};

let started: IntegrationStack | undefined;

/** The stack every integration spec runs against; shared-stack.test.ts starts it before the specs load. */
export function integrationStack(): IntegrationStack {
  if (!started) throw new Error('the integration stack is not running: run the specs through test/integration/shared-stack.test.ts');
  return started;
}

/**
 * The local stack `npm start` runs, on free ports, shared by every integration spec. Its clocks are
 * compressed: VCC retries webhooks within seconds, one SQS second lasts 1 ms, and the reconciliation
 * sweep runs only when a test asks (as of a time the test chooses). Every line the handlers log
 * meanwhile is audited when it stops: no token, no secret, no card-like value, whatever the tests sent.
 */
export async function startIntegrationStack(): Promise<{ stop(): Promise<{ lineCount: number; findings: LogFinding[] }> }> {
  const vccTimeoutMs = 1500;
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
  started = { ...endpoints, vccSecretId: LOCAL_VCC_SECRET_ID, credentials: LOCAL_CREDENTIALS, vccTimeoutMs, crmSigningSecret: LOCAL_CRM_SIGNING_SECRET };
  return {
    async stop() {
      started = undefined;
      await stop();
      audit.stop();
      if (process.env.LOG_AUDIT_DUMP) (await import('node:fs')).writeFileSync(process.env.LOG_AUDIT_DUMP, audit.lines().join('\n'));
      return { lineCount: audit.lineCount(), findings: audit.findings() };
    },
  };
}
