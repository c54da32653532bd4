import { randomUUID } from 'node:crypto';
import { STORAGE_FAULTS_PATH } from '../../../local/dynamodb/embedded-dynamodb.ts';
import type { StorageFault } from '../../../local/dynamodb/storage-faults.ts';
import {
  environmentFromCdkJson,
  LOCAL_CREDENTIALS,
  LOCAL_CRM_SIGNING_SECRET,
  type LocalStack,
  type LocalStackOptions,
  startLocalStack,
} from '../../../local/local-stack.ts';
import type { Fault, TokenFault } from '../../../local/vcc-simulator/faults.ts';
import type { WebhookBehaviour, WebhookDelivery } from '../../integration/support/vcc-webhook-control.ts';
import type { LogAudit } from '../../support/log-audit.ts';
import { type RecordingCrmReceiver, startRecordingCrmReceiver } from './recording-crm-receiver.ts';

/**
 * One local stack per fault file, alone in its worker while it runs, with clocks compressed so the whole
 * matrix runs in minutes: VCC retries webhooks within seconds, one SQS second lasts 1 ms (the
 * CRM callback's backoff), and the sweep runs only when a test asks. The CRM is a recording
 * receiver of this suite. The handlers log at DEBUG, for the log audit. `vccTimeoutMs: undefined`
 * keeps cdk.json's VCC timeout, as `npm start` does.
 */
export const FAULT_STACK_DEFAULTS = {
  vccTimeoutMs: 1500,
  logLevel: 'DEBUG',
  queueTimeScale: 0.001,
  reconcileEveryMs: 0,
  vccWebhookRetryDelaysMs: [100, 200, 300, 400, 500, 700, 900, 1200],
} as const satisfies LocalStackOptions;

export interface ApiAnswer {
  status: number;
  body: any;
}

/** A session or link as GET and the listing show it. */
export interface Payment {
  id: string;
  kind: 'agent-assist' | 'payment-link';
  state: string;
  sessionGuid: string | null;
  failureCode: string | null;
  outcome: ({ decision: string; gatewayReference: string | null } & Record<string, unknown>) | null;
  paymentLink?: string | null;
}

/** The simulator's record of a session: VCC's side of the story. */
export interface VccSessionRecord {
  sessionGuid: string;
  kind: 'agent-assist' | 'digital';
  agentId: string;
  sessionState: string;
  digitalUrl: string | null;
  paymentResultData: Record<string, unknown> | null;
}

export interface FaultStack {
  stack: LocalStack;
  crm: RecordingCrmReceiver;
  vccTimeoutMs: number;
  /** A bearer token of a local client; each one is also forbidden in the logs. */
  token(client?: 'crm' | 'vccWebhook'): Promise<string>;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<ApiAnswer>;
  /** An agent-assist session or a payment link for `agentId`, CRM record `case-<agentId>`. */
  createSession(agentId: string, idempotencyKey?: string): Promise<ApiAnswer>;
  createLink(agentId: string, idempotencyKey?: string): Promise<ApiAnswer>;
  /** Every payment of `case-<agentId>`, as the CRM lists them. */
  paymentsOf(agentId: string): Promise<Payment[]>;
  vcc: {
    fault(agentId: string, fault: Fault, options?: { times?: number; delayMs?: number }): Promise<void>;
    tokenFault(fault: TokenFault, times?: number): Promise<void>;
    /** Every session VCC holds for the agent. */
    sessionsOf(agentId: string): Promise<VccSessionRecord[]>;
    complete(sessionGuid: string, outcome: 'approve' | 'decline' | 'abandon'): Promise<void>;
    /** The customer pays (or declines) on the page behind their link. */
    payAtLink(digitalUrl: string, decision: 'approve' | 'decline'): Promise<void>;
    webhookBehaviour(agentId: string, behaviour: WebhookBehaviour, options?: { copies?: number; delayMs?: number }): Promise<void>;
    deliveries(sessionGuid: string): Promise<WebhookDelivery[]>;
    /** Where VCC gets its webhook token and with what secret; `null` restores the stack's own. */
    webhookClientSecret(secret: string | null): Promise<void>;
    revokeTokens(): Promise<void>;
    setCredentials(credentials: { clientId: string; clientSecret: string }[]): Promise<void>;
  };
  storage: {
    fail(fault: Partial<StorageFault> & Pick<StorageFault, 'operation'>): Promise<void>;
    restore(): Promise<void>;
    /** Whether an outage fault took the store down: the fault was met, not armed too late. */
    isDown(): Promise<boolean>;
  };
  /** Runs the reconciliation sweep as of `asOf`, as the schedule's event would. */
  sweep(asOf: Date): Promise<Record<string, unknown>>;
  stop(): Promise<void>;
}

async function expectStatus(response: Response, status: number, what: string): Promise<Response> {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export const crmReferenceOf = (agentId: string) => `case-${agentId}`;

/** Each agent's payment is a payment of its own, as two invoices are: its own merchant reference. */
const merchantReferenceOf = (agentId: string) => `INV-${agentId.slice(-12).toUpperCase()}`;

export const paymentRequest = (agentId: string) => ({
  agentId,
  skipCallTransfer: true,
  crmReference: crmReferenceOf(agentId),
  paymentData: { FirstName: 'John', Surname: 'Smith', Amount: '12.40', Currency: 'GBP', MerchantReferenceCode: merchantReferenceOf(agentId) },
});

export const linkRequest = (agentId: string) => ({
  agentId,
  crmReference: crmReferenceOf(agentId),
  paymentData: {
    FirstName: 'John',
    Surname: 'Smith',
    Amount: '30.00',
    Currency: 'GBP',
    MerchantReferenceCode: merchantReferenceOf(agentId),
    CustomerPhoneNumber: '+447700900123',
  },
});

export const uniqueAgentId = () => `agent-${randomUUID()}`;

/**
 * Starts the stack with the recording CRM receiver as its callback, and forbids in the logs every
 * secret of the local stack: each client secret and the CRM signing secret.
 */
export async function startFaultStack(audit: LogAudit, options: LocalStackOptions = {}): Promise<FaultStack> {
  const crm = await startRecordingCrmReceiver(LOCAL_CRM_SIGNING_SECRET);
  const settings = { ...FAULT_STACK_DEFAULTS, ...options };
  let stack: LocalStack;
  try {
    stack = await startLocalStack({ ...settings, crmCallbackUrl: crm.callbackUrl });
  } catch (error) {
    await crm.stop();
    throw error;
  }
  for (const [name, client] of Object.entries(LOCAL_CREDENTIALS)) audit.forbid(client.clientSecret, `client secret of ${name}`);
  audit.forbid(LOCAL_CRM_SIGNING_SECRET, 'CRM signing secret');
  audit.forbid(LOCAL_CRM_SIGNING_SECRET.replace(/^whsec_/, ''), 'CRM signing secret');
  audit.forbid(Buffer.from(LOCAL_CRM_SIGNING_SECRET.replace(/^whsec_/, ''), 'base64').toString('utf8'), 'CRM signing secret');

  const token = async (client: 'crm' | 'vccWebhook' = 'crm') => {
    const { clientId, clientSecret } = LOCAL_CREDENTIALS[client];
    const response = await fetch(stack.tokenUrl, {
      method: 'POST',
      headers: { authorization: `Basic ${Buffer.from(`${clientId}:${clientSecret}`).toString('base64')}` },
      body: new URLSearchParams({ grant_type: 'client_credentials' }),
    });
    const { access_token: accessToken } = (await (await expectStatus(response, 200, 'token')).json()) as { access_token: string };
    audit.forbid(accessToken, `access token of ${client}`);
    return accessToken;
  };

  const call = async (method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<ApiAnswer> => {
    const response = await fetch(`${stack.apiUrl}${path}`, {
      method,
      headers: { authorization: `Bearer ${await token()}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    const answer = { status: response.status, body: text ? JSON.parse(text) : undefined };
    // The agent's tokens are handed out once, to us: no log line may hold them.
    if (answer.body?.agentAccessToken) audit.forbid(answer.body.agentAccessToken, 'agent access token');
    if (answer.body?.agentRefreshToken) audit.forbid(answer.body.agentRefreshToken, 'agent refresh token');
    return answer;
  };
  const withKey = (key: string | undefined): Record<string, string> => (key ? { 'idempotency-key': key } : {});

  const vccControl = (path: string, init: RequestInit = {}) => fetch(`${stack.vccUrl}/_simulator${path}`, init);
  const webhookTarget = (clientSecret: string) => ({
    url: stack.webhookUrl,
    tokenUrl: stack.tokenUrl,
    clientId: LOCAL_CREDENTIALS.vccWebhook.clientId,
    clientSecret,
    scope: LOCAL_CREDENTIALS.vccWebhook.scopes.join(' '),
  });

  const storageFaultsUrl = `${stack.dynamoDbEndpoint}${STORAGE_FAULTS_PATH}`;

  return {
    stack,
    crm,
    vccTimeoutMs: settings.vccTimeoutMs ?? environmentFromCdkJson('sandbox').vcc.timeoutMs,
    token,
    call,
    createSession: (agentId, key) => call('POST', '/v1/payment-sessions', paymentRequest(agentId), withKey(key)),
    createLink: (agentId, key) => call('POST', '/v1/payment-links', linkRequest(agentId), withKey(key)),
    async paymentsOf(agentId) {
      const answer = await call('GET', `/v1/payments?${new URLSearchParams({ crmReference: crmReferenceOf(agentId), pageSize: '100' })}`);
      if (answer.status !== 200) throw new Error(`listing payments: ${answer.status} ${JSON.stringify(answer.body)}`);
      return answer.body.payments as Payment[];
    },
    vcc: {
      async fault(agentId, fault, { times = 1, delayMs } = {}) {
        await expectStatus(await vccControl('/faults', json({ agentId, fault, times, ...(delayMs ? { delayMs } : {}) })), 204, 'VCC fault');
      },
      async tokenFault(fault, times = 1) {
        await expectStatus(await vccControl('/token-faults', json({ fault, times })), 204, 'VCC token fault');
      },
      async sessionsOf(agentId) {
        const response = await expectStatus(await vccControl(`/sessions?${new URLSearchParams({ agentId })}`), 200, 'VCC sessions');
        return ((await response.json()) as { sessions: VccSessionRecord[] }).sessions;
      },
      async complete(sessionGuid, outcome) {
        await expectStatus(await vccControl(`/sessions/${sessionGuid}/complete`, json({ outcome })), 200, 'completing at VCC');
      },
      async payAtLink(digitalUrl, decision) {
        const response = await fetch(`${digitalUrl}/decision`, { method: 'POST', body: new URLSearchParams({ decision }) });
        await expectStatus(response, 200, 'paying at the link');
        await response.text();
      },
      async webhookBehaviour(agentId, behaviour, options = {}) {
        await expectStatus(await vccControl('/webhook-behaviours', json({ agentId, behaviour, ...options })), 204, 'webhook behaviour');
      },
      async deliveries(sessionGuid) {
        const response = await vccControl(`/webhooks?${new URLSearchParams({ sessionGuid })}`);
        return ((await response.json()) as { deliveries: WebhookDelivery[] }).deliveries;
      },
      async webhookClientSecret(secret) {
        const target = webhookTarget(secret ?? LOCAL_CREDENTIALS.vccWebhook.clientSecret);
        await expectStatus(await vccControl('/webhook', { ...json(target), method: 'PUT' }), 204, 'webhook target');
      },
      async revokeTokens() {
        await expectStatus(await vccControl('/tokens/revoke', { method: 'POST' }), 204, 'revoking VCC tokens');
      },
      async setCredentials(credentials) {
        await expectStatus(await vccControl('/credentials', { ...json({ credentials }), method: 'PUT' }), 204, 'VCC credentials');
      },
    },
    storage: {
      async fail(fault) {
        await expectStatus(await fetch(storageFaultsUrl, json(fault)), 204, 'storage fault');
      },
      async restore() {
        await expectStatus(await fetch(storageFaultsUrl, { method: 'DELETE' }), 204, 'restoring storage');
      },
      async isDown() {
        return ((await (await expectStatus(await fetch(storageFaultsUrl), 200, 'storage state')).json()) as { down: boolean }).down;
      },
    },
    async sweep(asOf) {
      const response = await fetch(stack.reconcileUrl, json({ asOf: asOf.toISOString() }));
      return (await (await expectStatus(response, 200, 'sweep')).json()) as Record<string, unknown>;
    },
    async stop() {
      await stack.stop();
      await crm.stop();
    },
  };
}
