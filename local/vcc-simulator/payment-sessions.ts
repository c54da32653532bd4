import type { BackgroundTasks, TaskHandle } from './background-tasks.ts';
import {
  buildPaymentResult,
  isTerminal,
  RESULT_RETENTION_MS,
  type AbandonedSessionState,
  type PaymentData,
  type PaymentResultData,
  type PaymentSession,
  type SessionOutcome,
  type VccSessionState,
} from './payment-session.ts';
import { newGuid, newOpaqueToken } from './random-values.ts';

export interface NewSession {
  agentId: string;
  accountConfigurationId: number | null;
  skipCallTransfer: boolean | null;
  paymentData: PaymentData;
  requestBody: unknown;
}

/** Told synchronously of every state change, so it sees the session exactly as it changed. */
export type SessionListener = (session: PaymentSession) => void;

export interface PaymentSessionsOptions {
  now: () => number;
  sessionTimeoutMs: number;
  abandonedState: AbandonedSessionState;
  tasks: BackgroundTasks;
  listeners: SessionListener[];
}

/**
 * Every session and its lifecycle. Every state change goes through `#transition`, where the
 * listeners (the `onSessionChange` hook, the webhook sender) hear of it. Time-driven changes
 * are applied both by a real timer per session, so TimeOut and its webhook happen with nobody
 * polling, and lazily on every lookup, so a test with its own clock can move time instead of
 * waiting. The `now` clock decides either way.
 */
export class PaymentSessions {
  readonly #byGuid = new Map<string, PaymentSession>();
  readonly #byProviderGuid = new Map<string, PaymentSession>();
  readonly #timeoutTimers = new Map<string, TaskHandle>();
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
    this.#scheduleTimeout(session);
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

  /**
   * The gateway answered (approve, decline), or the session ended with no gateway interaction
   * (abandon: the caller hung up or the agent closed the payment without processing it).
   * The caller checks that the session has not ended yet.
   */
  complete(session: PaymentSession, outcome: SessionOutcome): void {
    if (outcome === 'abandon') return this.#end(session, this.#options.abandonedState, null);
    this.#end(session, 'Finished', buildPaymentResult(session.paymentData, outcome === 'approve' ? 'ACCEPT' : 'REJECT'));
  }

  fail(session: PaymentSession): void {
    this.#end(session, 'Error', null);
  }

  #end(session: PaymentSession, state: VccSessionState, result: PaymentResultData | null): void {
    const now = this.#options.now();
    session.result = result;
    session.completedAt = now;
    this.#transition(session, state, now);
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

  /** When the timer fires early by the `now` clock (a test holding time still), it waits again. */
  #scheduleTimeout(session: PaymentSession): void {
    const timer = this.#options.tasks.after(this.expiresAt(session) - this.#options.now(), () => {
      this.#timeoutTimers.delete(session.sessionGuid);
      this.#refreshed(session);
      if (!isTerminal(session.state)) this.#scheduleTimeout(session);
    });
    if (timer) this.#timeoutTimers.set(session.sessionGuid, timer);
  }

  #transition(session: PaymentSession, state: VccSessionState, at: number): void {
    session.state = state;
    session.lastUpdatedAt = at;
    if (isTerminal(state)) {
      this.#options.tasks.cancel(this.#timeoutTimers.get(session.sessionGuid));
      this.#timeoutTimers.delete(session.sessionGuid);
    }
    this.#notify(session);
  }

  #notify(session: PaymentSession): void {
    for (const listener of this.#options.listeners) listener(session);
  }
}
