import {
  buildPaymentResult,
  isTerminal,
  RESULT_RETENTION_MS,
  toStatus,
  type PaymentData,
  type PaymentDecision,
  type PaymentSession,
  type VccSessionState,
  type VccSessionStatus,
} from './payment-session.ts';
import { newGuid, newOpaqueToken } from './random-values.ts';

export interface NewSession {
  agentId: string;
  accountConfigurationId: number | null;
  skipCallTransfer: boolean | null;
  paymentData: PaymentData;
  requestBody: unknown;
}

export interface PaymentSessionsOptions {
  now: () => number;
  sessionTimeoutMs: number;
  onChange: ((status: VccSessionStatus) => void | Promise<void>) | undefined;
}

/**
 * Every session and its lifecycle. Time-driven changes (TimeOut, result purge) are applied
 * lazily whenever a session is looked up, so a test can move the clock instead of waiting.
 * Every state change goes through `transition`, the single place a webhook sender will hook into.
 */
export class PaymentSessions {
  readonly #byGuid = new Map<string, PaymentSession>();
  readonly #byProviderGuid = new Map<string, PaymentSession>();
  readonly #options: PaymentSessionsOptions;

  constructor(options: PaymentSessionsOptions) {
    this.#options = options;
  }

  create(input: NewSession): PaymentSession {
    const now = this.#options.now();
    const session: PaymentSession = {
      ...input,
      sessionGuid: newGuid(),
      providerSessionGuid: newGuid(),
      callGuid: input.skipCallTransfer === true ? null : newGuid(),
      agentAccessToken: newOpaqueToken(),
      agentRefreshToken: newOpaqueToken(),
      state: 'Created',
      createdAt: now,
      lastUpdatedAt: now,
      pageOpenedAt: null,
      completedAt: null,
      result: null,
    };
    this.#byGuid.set(session.sessionGuid, session);
    this.#byProviderGuid.set(session.providerSessionGuid, session);
    this.#notify(session);
    return session;
  }

  find(sessionGuid: string): PaymentSession | undefined {
    const session = this.#byGuid.get(sessionGuid);
    return session && this.#refreshed(session);
  }

  findByProviderGuid(providerSessionGuid: string): PaymentSession | undefined {
    const session = this.#byProviderGuid.get(providerSessionGuid);
    return session && this.#refreshed(session);
  }

  all(): PaymentSession[] {
    return [...this.#byGuid.values()].map((session) => this.#refreshed(session));
  }

  expiresAt(session: PaymentSession): number {
    return session.createdAt + this.#options.sessionTimeoutMs;
  }

  resultPurgeAt(session: PaymentSession): number | null {
    return session.completedAt === null ? null : session.completedAt + RESULT_RETENTION_MS;
  }

  /** The agent's browser opened the payment page. */
  markPageOpened(session: PaymentSession): void {
    session.pageOpenedAt ??= this.#options.now();
    if (session.state === 'Created') this.#transition(session, 'InProgress', this.#options.now());
  }

  finish(session: PaymentSession, decision: PaymentDecision): void {
    const now = this.#options.now();
    session.result = buildPaymentResult(session.paymentData, decision);
    session.completedAt = now;
    this.#transition(session, 'Finished', now);
  }

  fail(session: PaymentSession): void {
    const now = this.#options.now();
    session.completedAt = now;
    this.#transition(session, 'Error', now);
  }

  /** Applies what the clock decided since the last look: TimeOut, then the result purge. */
  #refreshed(session: PaymentSession): PaymentSession {
    const now = this.#options.now();
    const expiresAt = this.expiresAt(session);
    if (!isTerminal(session.state) && now >= expiresAt) {
      session.completedAt = expiresAt;
      this.#transition(session, 'TimeOut', expiresAt);
    }
    const purgeAt = this.resultPurgeAt(session);
    if (session.result && purgeAt !== null && now >= purgeAt) session.result = null;
    return session;
  }

  #transition(session: PaymentSession, state: VccSessionState, at: number): void {
    session.state = state;
    session.lastUpdatedAt = at;
    this.#notify(session);
  }

  #notify(session: PaymentSession): void {
    const hook = this.#options.onChange;
    if (!hook) return;
    const status = toStatus(session);
    Promise.resolve()
      .then(() => hook(status))
      .catch((error: unknown) => process.emitWarning(`vcc-simulator onSessionChange failed: ${String(error)}`));
  }
}
