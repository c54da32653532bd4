import { AccessTokens } from './access-tokens.ts';
import { FaultPlan } from './faults.ts';
import { PaymentSessions } from './payment-sessions.ts';
import type { ClientCredential, SimulatorConfig } from './simulator-options.ts';

export interface SimulatorStats {
  tokenRequests: number;
  tokensIssued: number;
  sessionsCreated: number;
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
}

export function createSimulatorState(config: SimulatorConfig, baseUrl: string, credentials: ClientCredential[]): SimulatorState {
  return {
    config,
    baseUrl,
    credentials: credentials.map((credential) => ({ ...credential })),
    tokens: new AccessTokens(config.now, config.tokenLifetimeSeconds),
    sessions: new PaymentSessions({
      now: config.now,
      sessionTimeoutMs: config.sessionTimeoutMs,
      onChange: config.onSessionChange,
    }),
    faults: new FaultPlan(),
    stats: { tokenRequests: 0, tokensIssued: 0, sessionsCreated: 0 },
  };
}
