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
] as const;

export type Fault = (typeof FAULTS)[number];

interface PlannedFault {
  fault: Fault;
  remaining: number;
}

/**
 * Faults queued per agentId, so parallel tests using different agents never see each other's
 * faults. Several plans for one agent run in the order they were added.
 */
export class FaultPlan {
  readonly #byAgent = new Map<string, PlannedFault[]>();

  add(agentId: string, fault: Fault, times: number): void {
    const queue = this.#byAgent.get(agentId) ?? [];
    queue.push({ fault, remaining: times });
    this.#byAgent.set(agentId, queue);
  }

  /** The fault for this call, if any, consuming one use of it. */
  take(agentId: string): Fault | undefined {
    const queue = this.#byAgent.get(agentId);
    const next = queue?.[0];
    if (!queue || !next) return undefined;
    next.remaining -= 1;
    if (next.remaining <= 0) queue.shift();
    if (queue.length === 0) this.#byAgent.delete(agentId);
    return next.fault;
  }
}
