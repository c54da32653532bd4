import type { BackgroundTasks, TaskHandle } from './background-tasks.ts';
import { buildPaymentResult, type PaymentResultData, type ResultShape } from './payment-result.ts';
import {
  type AbandonedSessionState,
  isTerminal,
  type PaymentData,
  type PaymentSession,
  RESULT_RETENTION_MS,
  type SessionKind,
  type SessionOutcome,
  type VccSessionState,
} from './payment-session.ts';
import { newGuid, newOpaqueToken } from './random-values.ts';

export interface NewSession {
  kind: SessionKind;
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
  linkLifetimeMs: number;
  abandonedState: AbandonedSessionState;
  /** The gateway's result shape per account configuration; any other, or none, is CyberSource-style. */
  resultShapes: ReadonlyMap<number, ResultShape>;
  tasks: BackgroundTasks;
  listeners: SessionListener[];
}

/** How long a kind of session lives, on which clock, and the state it ends in when that runs out. */
interface Lifetime {
  now: () => number;
  ms: number;
  expiredState: VccSessionState;
}

/**
 * Every session and its lifecycle. Every state change goes through `#transition`, where the
 * listeners (the `onSessionChange` hook, the webhook sender) hear of it. Time-driven changes
 * are applied both by a real timer per session, so TimeOut (or a link's expiry) and its webhook
 * happen with nobody polling, and lazily on every lookup, so a test with its own clock can move
 * time instead of waiting. The session's clock decides either way.
 *
 * Digital sessions live on the link clock, the `now` clock plus an offset that only moves
 * forward: a link lives for days, so tests compress that by advancing the link clock alone,
 * leaving agent assist sessions, access tokens and webhook retries where they are.
 */
export class PaymentSessions {
  readonly #byGuid = new Map<string, PaymentSession>();
  readonly #byProviderGuid = new Map<string, PaymentSession>();
  readonly #expiryTimers = new Map<string, TaskHandle>();
  readonly #options: PaymentSessionsOptions;
  readonly #lifetimes: Record<SessionKind, Lifetime>;
  #linkClockOffsetMs = 0;

  constructor(options: PaymentSessionsOptions) {
    this.#options = options;
    this.#lifetimes = {
      'agent-assist': { now: options.now, ms: options.sessionTimeoutMs, expiredState: 'TimeOut' },
      digital: { now: () => options.now() + this.#linkClockOffsetMs, ms: options.linkLifetimeMs, expiredState: 'ExpiredOnProviderSide' },
    };
  }

  create(input: NewSession): PaymentSession {
    const now = this.#lifetimes[input.kind].now();
    const fields = {
      ...input,
      sessionGuid: newGuid(),
      providerSessionGuid: newGuid(),
      // A digital session is started on a call too (the link goes out by SMS during it).
      callGuid: input.skipCallTransfer === true ? null : newGuid(),
      state: 'Created' as const,
      createdAt: now,
      lastUpdatedAt: now,
      pageOpenedAt: null,
      completedAt: null,
      result: null,
    };
    const session: PaymentSession =
      input.kind === 'digital'
        ? { ...fields, kind: 'digital' }
        : { ...fields, kind: 'agent-assist', agentAccessToken: newOpaqueToken(), agentRefreshToken: newOpaqueToken() };
    this.#byGuid.set(session.sessionGuid, session);
    this.#byProviderGuid.set(session.providerSessionGuid, session);
    this.#notify(session);
    this.#scheduleExpiry(session);
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
    return session.createdAt + this.#lifetimes[session.kind].ms;
  }

  resultPurgeAt(session: PaymentSession): number | null {
    return session.completedAt === null ? null : session.completedAt + RESULT_RETENTION_MS;
  }

  /** The agent's browser opened the payment page, or the customer opened the payment link. */
  markPageOpened(session: PaymentSession): void {
    const now = this.#lifetimes[session.kind].now();
    session.pageOpenedAt ??= now;
    if (session.state === 'Created') this.#transition(session, 'InProgress', now);
  }

  /**
   * Moves the link clock forward and applies it at once: every open link whose lifetime has
   * now passed expires (and its webhook goes out); the others get timers for what is left.
   * Returns the total offset.
   */
  advanceLinkClock(ms: number): number {
    this.#linkClockOffsetMs += ms;
    for (const session of this.#byGuid.values()) {
      if (session.kind !== 'digital' || isTerminal(session.state)) continue;
      this.#refreshed(session);
      if (!isTerminal(session.state)) this.#scheduleExpiry(session);
    }
    return this.#linkClockOffsetMs;
  }

  /**
   * The gateway answered (approve, decline), or the session ended with no gateway interaction
   * (abandon: the caller hung up or the agent closed the payment without processing it).
   * The caller checks that the session has not ended yet.
   */
  complete(session: PaymentSession, outcome: SessionOutcome): void {
    if (outcome === 'abandon') return this.#end(session, this.#options.abandonedState, null);
    this.#end(session, 'Finished', buildPaymentResult(session.paymentData, outcome, this.#resultShapeOf(session)));
  }

  /** A session created without an accountConfigurationId uses the account's default, CyberSource-style. */
  #resultShapeOf(session: PaymentSession): ResultShape {
    const id = session.accountConfigurationId;
    return (id === null ? undefined : this.#options.resultShapes.get(id)) ?? 'cybersource';
  }

  fail(session: PaymentSession): void {
    this.#end(session, 'Error', null);
  }

  #end(session: PaymentSession, state: VccSessionState, result: PaymentResultData | null): void {
    const now = this.#lifetimes[session.kind].now();
    session.result = result;
    session.completedAt = now;
    this.#transition(session, state, now);
  }

  /** Applies what the session's clock decided since the last look: TimeOut or link expiry, then the result purge. */
  #refreshed(session: PaymentSession): PaymentSession {
    const lifetime = this.#lifetimes[session.kind];
    const now = lifetime.now();
    const expiresAt = this.expiresAt(session);
    if (!isTerminal(session.state) && now >= expiresAt) {
      session.completedAt = expiresAt;
      this.#transition(session, lifetime.expiredState, expiresAt);
    }
    const purgeAt = this.resultPurgeAt(session);
    if (session.result && purgeAt !== null && now >= purgeAt) session.result = null;
    return session;
  }

  /**
   * Replaces the session's timer. When it fires early by the session's clock (a test holding
   * time still, or a wait beyond setTimeout's ceiling, which `tasks.after` caps), it waits again.
   */
  #scheduleExpiry(session: PaymentSession): void {
    this.#options.tasks.cancel(this.#expiryTimers.get(session.sessionGuid));
    const timer = this.#options.tasks.after(this.expiresAt(session) - this.#lifetimes[session.kind].now(), () => {
      this.#expiryTimers.delete(session.sessionGuid);
      this.#refreshed(session);
      if (!isTerminal(session.state)) this.#scheduleExpiry(session);
    });
    if (timer) this.#expiryTimers.set(session.sessionGuid, timer);
  }

  #transition(session: PaymentSession, state: VccSessionState, at: number): void {
    session.state = state;
    session.lastUpdatedAt = at;
    if (isTerminal(state)) {
      this.#options.tasks.cancel(this.#expiryTimers.get(session.sessionGuid));
      this.#expiryTimers.delete(session.sessionGuid);
    }
    this.#notify(session);
  }

  #notify(session: PaymentSession): void {
    for (const listener of this.#options.listeners) listener(session);
  }
}
