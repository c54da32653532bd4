import { isResultShape, RESULT_SHAPES, type ResultShape } from './payment-result.ts';
import { ABANDONED_SESSION_STATES, type AbandonedSessionState, type VccSessionStatus } from './payment-session.ts';
import { parseTarget, type WebhookTarget } from './webhook-target.ts';

/**
 * Real VCC retries a failed webhook every few minutes for 12 hours; this compresses that into
 * about 16 seconds, so a test sees retries and the final give-up without waiting.
 */
export const DEFAULT_WEBHOOK_RETRY_DELAYS_MS: readonly number[] = [250, 500, 1000, 2000, 4000, 8000];

/** VCC documents payment links as usable for 72 hours. */
export const DEFAULT_LINK_LIFETIME_SECONDS = 72 * 60 * 60;

export interface ClientCredential {
  clientId: string;
  clientSecret: string;
}

export interface VccSimulatorOptions {
  /** Default 0: a random free port. */
  port?: number;
  /** Default '127.0.0.1'. */
  host?: string;
  /** Appears in VCC's error texts. Default 'sandbox-account'. */
  accountName?: string;
  /** API client credentials the token endpoint accepts. */
  credentials: ClientCredential[];
  /** Provisioned account configurations, e.g. [1, 2]. */
  accountConfigurationIds: number[];
  /** `expires_in` of issued access tokens. Default 3600. */
  tokenLifetimeSeconds?: number;
  /** Agent assist session lifetime. Default 300; tests may compress it. */
  sessionTimeoutSeconds?: number;
  /**
   * How long a payment link (digital session) works, on the link clock. Default 259200 (72 h,
   * as VCC documents); compress it here, or move the link clock with `/_simulator/link-clock`.
   */
  linkLifetimeSeconds?: number;
  /**
   * Adds `expiresOn` (when the link stops working) to the `POST /v1/digitalsession` answer.
   * Default false: VCC does not document that answer, so a client must not count on it.
   */
  reportLinkExpiry?: boolean;
  /** Clock in ms. Default Date.now. */
  now?: () => number;
  /**
   * Called after every session state change with the status body VCC would send to a webhook.
   * Not awaited: a failing hook shows as a process warning and never affects the HTTP exchange.
   */
  onSessionChange?: (status: VccSessionStatus) => void | Promise<void>;
  /** Where webhooks go; none are sent without one. Can be set later with `configureWebhook`. */
  webhook?: WebhookTarget;
  /** Wait before each webhook retry; one entry per retry. Default DEFAULT_WEBHOOK_RETRY_DELAYS_MS. */
  webhookRetryDelaysMs?: number[];
  /** How long one token request or webhook POST may take before it counts as failed. Default 5000. */
  webhookTimeoutMs?: number;
  /**
   * The state of a session that ends with no gateway interaction (the tester abandons it).
   * VCC does not document it: 'ExpiredOnProviderSide' (default) or 'Finished' with a null result.
   */
  abandonedSessionState?: AbandonedSessionState;
  /**
   * The shape of `paymentResultData` per provisioned account configuration: each stands for a
   * gateway. Default 'cybersource' (VCC's example) for every one, and for a session created
   * without an accountConfigurationId.
   */
  resultShapes?: Record<number, ResultShape>;
}

export interface VccSimulator {
  /** Base URL, e.g. http://127.0.0.1:4123; Payment API paths are `${url}/v1/...`. */
  url: string;
  /** `${url}/Auth/connect/token` */
  tokenUrl: string;
  /**
   * Cancels every timer (session timeouts, webhook delays and retries) and in-flight webhook,
   * then closes the server and every held connection, including ones held by the `timeout` fault.
   */
  stop(): Promise<void>;
  /** Sets or (null) removes the webhook target; the local stack knows its API URL only after starting this. */
  configureWebhook(target: WebhookTarget | null): void;
}

/** The options with defaults applied, as every handler reads them. */
export interface SimulatorConfig {
  host: string;
  port: number;
  accountName: string;
  accountConfigurationIds: ReadonlySet<number>;
  tokenLifetimeSeconds: number;
  sessionTimeoutMs: number;
  linkLifetimeMs: number;
  reportLinkExpiry: boolean;
  now: () => number;
  onSessionChange: ((status: VccSessionStatus) => void | Promise<void>) | undefined;
  webhook: WebhookTarget | null;
  webhookRetryDelaysMs: readonly number[];
  webhookTimeoutMs: number;
  abandonedSessionState: AbandonedSessionState;
  resultShapes: ReadonlyMap<number, ResultShape>;
}

export function resolveConfig(options: VccSimulatorOptions): SimulatorConfig {
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  const sessionTimeoutSeconds = options.sessionTimeoutSeconds ?? 300;
  requirePositive('tokenLifetimeSeconds', tokenLifetimeSeconds);
  requirePositive('sessionTimeoutSeconds', sessionTimeoutSeconds);
  const linkLifetimeSeconds = options.linkLifetimeSeconds ?? DEFAULT_LINK_LIFETIME_SECONDS;
  requirePositive('linkLifetimeSeconds', linkLifetimeSeconds);
  const webhookTimeoutMs = options.webhookTimeoutMs ?? 5000;
  requirePositive('webhookTimeoutMs', webhookTimeoutMs);
  const webhookRetryDelaysMs = [...(options.webhookRetryDelaysMs ?? DEFAULT_WEBHOOK_RETRY_DELAYS_MS)];
  for (const delay of webhookRetryDelaysMs) {
    if (!(Number.isFinite(delay) && delay >= 0)) throw new TypeError(`webhookRetryDelaysMs must be non-negative numbers, got ${delay}`);
  }
  const abandonedSessionState = options.abandonedSessionState ?? 'ExpiredOnProviderSide';
  if (!ABANDONED_SESSION_STATES.includes(abandonedSessionState)) {
    throw new TypeError(`abandonedSessionState must be one of ${ABANDONED_SESSION_STATES.join(', ')}, got ${abandonedSessionState}`);
  }
  for (const id of options.accountConfigurationIds) {
    if (!Number.isInteger(id)) throw new TypeError(`accountConfigurationIds must be integers, got ${id}`);
  }
  return {
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    accountName: options.accountName ?? 'sandbox-account',
    accountConfigurationIds: new Set(options.accountConfigurationIds),
    tokenLifetimeSeconds,
    sessionTimeoutMs: sessionTimeoutSeconds * 1000,
    linkLifetimeMs: linkLifetimeSeconds * 1000,
    reportLinkExpiry: options.reportLinkExpiry ?? false,
    now: options.now ?? Date.now,
    onSessionChange: options.onSessionChange,
    webhook: parseTarget(options.webhook ?? null, 'webhook'),
    webhookRetryDelaysMs,
    webhookTimeoutMs,
    abandonedSessionState,
    resultShapes: resolveResultShapes(options.resultShapes ?? {}, options.accountConfigurationIds),
  };
}

// A shape for an id nobody can create a session with is a typo that would go unnoticed.
function resolveResultShapes(shapes: Record<number, ResultShape>, provisioned: number[]): ReadonlyMap<number, ResultShape> {
  const resolved = new Map<number, ResultShape>();
  for (const [key, shape] of Object.entries(shapes)) {
    const id = Number(key);
    if (!provisioned.includes(id)) throw new TypeError(`resultShapes names accountConfigurationId ${key}, which is not in accountConfigurationIds`);
    if (!isResultShape(shape)) throw new TypeError(`resultShapes[${key}] must be one of ${RESULT_SHAPES.join(', ')}, got ${String(shape)}`);
    resolved.set(id, shape);
  }
  return resolved;
}

function requirePositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new TypeError(`${name} must be a positive number, got ${value}`);
}
