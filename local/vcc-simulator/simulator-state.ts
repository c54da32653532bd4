import { AccessTokens } from './access-tokens.ts';
import { BackgroundTasks } from './background-tasks.ts';
import { FaultPlan } from './faults.ts';
import { toStatus, type VccSessionStatus } from './payment-session.ts';
import { PaymentSessions, type SessionListener } from './payment-sessions.ts';
import type { ClientCredential, SimulatorConfig } from './simulator-options.ts';
import { WebhookBehaviours } from './webhook-behaviours.ts';
import { WebhookDeliveryLog } from './webhook-delivery-log.ts';
import { WebhookSender } from './webhook-sender.ts';

export interface SimulatorStats {
  tokenRequests: number;
  tokensIssued: number;
  /** Agent assist sessions only (`POST /v1/session`). */
  sessionsCreated: number;
  /** Payment links (`POST /v1/digitalsession`). */
  digitalSessionsCreated: number;
}

/** Everything one running simulator knows; each instance has its own. */
export interface SimulatorState {
  readonly config: SimulatorConfig;
  readonly baseUrl: string;
  credentials: ClientCredential[];
  readonly tokens: AccessTokens;
  readonly sessions: PaymentSessions;
  readonly faults: FaultPlan;
  readonly stats: SimulatorStats;
  readonly webhooks: WebhookSender;
  readonly webhookBehaviours: WebhookBehaviours;
  readonly webhookLog: WebhookDeliveryLog;
  /** Timers and outbound requests that stop() ends. */
  readonly tasks: BackgroundTasks;
}

export function createSimulatorState(config: SimulatorConfig, baseUrl: string, credentials: ClientCredential[]): SimulatorState {
  const tasks = new BackgroundTasks();
  const webhookBehaviours = new WebhookBehaviours();
  const webhookLog = new WebhookDeliveryLog();
  const webhooks = new WebhookSender({
    now: config.now,
    target: config.webhook,
    retryDelaysMs: config.webhookRetryDelaysMs,
    timeoutMs: config.webhookTimeoutMs,
    tasks,
    behaviours: webhookBehaviours,
    log: webhookLog,
  });
  const listeners: SessionListener[] = [(session) => webhooks.send(session)];
  if (config.onSessionChange) listeners.unshift(hookListener(config.onSessionChange));
  return {
    config,
    baseUrl,
    credentials: credentials.map((credential) => ({ ...credential })),
    tokens: new AccessTokens(config.now, config.tokenLifetimeSeconds),
    sessions: new PaymentSessions({
      now: config.now,
      sessionTimeoutMs: config.sessionTimeoutMs,
      linkLifetimeMs: config.linkLifetimeMs,
      abandonedState: config.abandonedSessionState,
      resultShapes: config.resultShapes,
      tasks,
      listeners,
    }),
    faults: new FaultPlan(),
    stats: { tokenRequests: 0, tokensIssued: 0, sessionsCreated: 0, digitalSessionsCreated: 0 },
    webhooks,
    webhookBehaviours,
    webhookLog,
    tasks,
  };
}

/** The user's hook runs after the exchange, not awaited: a failing hook is a warning, never a 500. */
function hookListener(hook: (status: VccSessionStatus) => void | Promise<void>): SessionListener {
  return (session) => {
    const status = toStatus(session);
    Promise.resolve()
      .then(() => hook(status))
      .catch((error: unknown) => process.emitWarning(`vcc-simulator onSessionChange failed: ${String(error)}`));
  };
}
