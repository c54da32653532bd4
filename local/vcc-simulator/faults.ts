/**
 * Failures a test can inject into the next session creations of one agent, agent assist
 * (`POST /v1/session`) and digital (`POST /v1/digitalsession`) alike.
 */
export const FAULTS = [
  'invalid_client_key',
  'provider_invalid_client',
  'unknown_account_configuration',
  'server_error',
  'timeout',
  'session_error',
  /** The session is created at once, and the answer sent `delayMs` later: after the caller's timeout, VCC opened it all the same. */
  'slow',
  /** The connection is reset (TCP RST) once the request is read; no session is created. */
  'connection_reset',
] as const;

export type Fault = (typeof FAULTS)[number];

/** Failures of the token endpoint, for every client: token requests carry no agentId. */
export const TOKEN_FAULTS = ['server_error', 'timeout', 'connection_reset'] as const;

export type TokenFault = (typeof TOKEN_FAULTS)[number];

export interface PlannedFault {
  fault: Fault;
  /** How long `slow` waits before answering. */
  delayMs: number;
}

interface Planned<F> {
  fault: F;
  remaining: number;
  delayMs: number;
}

function takeFrom<F>(queue: Planned<F>[] | undefined): Planned<F> | undefined {
  const next = queue?.[0];
  if (!queue || !next) return undefined;
  next.remaining -= 1;
  if (next.remaining <= 0) queue.shift();
  return next;
}

/**
 * Faults queued per agentId, so parallel tests using different agents never see each other's
 * faults, and the token endpoint's own queue. Several plans for one agent run in the order they
 * were added.
 */
export class FaultPlan {
  readonly #byAgent = new Map<string, Planned<Fault>[]>();
  readonly #tokenFaults: Planned<TokenFault>[] = [];

  add(agentId: string, fault: Fault, times: number, delayMs = 0): void {
    const queue = this.#byAgent.get(agentId) ?? [];
    queue.push({ fault, remaining: times, delayMs });
    this.#byAgent.set(agentId, queue);
  }

  /** The fault for this call, if any, consuming one use of it. */
  take(agentId: string): PlannedFault | undefined {
    const queue = this.#byAgent.get(agentId);
    const next = takeFrom(queue);
    if (queue?.length === 0) this.#byAgent.delete(agentId);
    return next && { fault: next.fault, delayMs: next.delayMs };
  }

  addTokenFault(fault: TokenFault, times: number): void {
    this.#tokenFaults.push({ fault, remaining: times, delayMs: 0 });
  }

  /** The fault for this token request, if any, consuming one use of it. */
  takeTokenFault(): TokenFault | undefined {
    return takeFrom(this.#tokenFaults)?.fault;
  }
}
