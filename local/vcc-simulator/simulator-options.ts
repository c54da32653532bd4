import type { VccSessionStatus } from './payment-session.ts';

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
  /** Clock in ms. Default Date.now. */
  now?: () => number;
  /**
   * Called after every session state change with the status body VCC would send to a webhook.
   * Not awaited: a failing hook shows as a process warning and never affects the HTTP exchange.
   */
  onSessionChange?: (status: VccSessionStatus) => void | Promise<void>;
}

export interface VccSimulator {
  /** Base URL, e.g. http://127.0.0.1:4123; Payment API paths are `${url}/v1/...`. */
  url: string;
  /** `${url}/Auth/connect/token` */
  tokenUrl: string;
  /** Closes the server and every held connection, including ones held by the `timeout` fault. */
  stop(): Promise<void>;
}

/** The options with defaults applied, as every handler reads them. */
export interface SimulatorConfig {
  host: string;
  port: number;
  accountName: string;
  accountConfigurationIds: ReadonlySet<number>;
  tokenLifetimeSeconds: number;
  sessionTimeoutMs: number;
  now: () => number;
  onSessionChange: ((status: VccSessionStatus) => void | Promise<void>) | undefined;
}

export function resolveConfig(options: VccSimulatorOptions): SimulatorConfig {
  const tokenLifetimeSeconds = options.tokenLifetimeSeconds ?? 3600;
  const sessionTimeoutSeconds = options.sessionTimeoutSeconds ?? 300;
  requirePositive('tokenLifetimeSeconds', tokenLifetimeSeconds);
  requirePositive('sessionTimeoutSeconds', sessionTimeoutSeconds);
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
    now: options.now ?? Date.now,
    onSessionChange: options.onSessionChange,
  };
}

function requirePositive(name: string, value: number): void {
  if (!(Number.isFinite(value) && value > 0)) throw new TypeError(`${name} must be a positive number, got ${value}`);
}
