/**
 * VCC's Payment API as the use cases see it (docs/vcc-payment-api.md). The HTTP client in
 * adapters/vcc/ implements it; the tests and the local stack reach the simulator through that one.
 */

import type { ErrorCode } from '../contract/error-catalogue.ts';

/**
 * What a call to VCC fails with: one of VCC's documented errors, no answer in time, any other
 * failure, or one before VCC was called. The adapter throws nothing else.
 */
export const VCC_CALL_ERRORS = [
  'VCC_CREDENTIALS_INVALID',
  'VCC_PROVIDER_CREDENTIALS_INVALID',
  'VCC_UNKNOWN_ACCOUNT_CONFIGURATION',
  'VCC_PROVIDER_PERMISSION_DENIED',
  'VCC_TIMEOUT',
  'VCC_UNAVAILABLE',
  'INTERNAL_ERROR',
] as const satisfies readonly ErrorCode[];

/** The body of VCC's `POST /v1/session`, exactly as VCC documents it. */
export interface VccCreateSessionBody {
  agentId: string;
  paymentData: Record<string, string>;
  accountConfigurationId: number;
  skipCallTransfer?: boolean;
}

/** The body of VCC's `POST /v1/digitalsession`: agent assist's, without `skipCallTransfer`. */
export type VccCreateDigitalSessionBody = Omit<VccCreateSessionBody, 'skipCallTransfer'>;

/** VCC's answer to an agent-assist session: what the agent's browser needs; unknown fields kept. */
export interface VccCreatedSession {
  sessionGuid: string;
  agentAccessToken: string;
  agentRefreshToken: string;
  iframeUrl: string;
  providerSessionGuid: string;
  [field: string]: unknown;
}

export interface VccCreatedDigitalSession {
  sessionGuid: string;
  providerSessionGuid: string | null;
  /** The customer-facing link; null when VCC's answer holds none (it may send the SMS itself). */
  paymentLink: string | null;
  /** ISO time the link stops working, when VCC's answer says. */
  expiresAt: string | null;
}

/** VCC's status body (also its webhook body): unknown fields and states are kept. */
export interface VccSessionStatus {
  sessionGuid: string;
  sessionState: string;
  lastUpdatedOn?: string | null;
  createdOn?: string | null;
  callGuid?: string | null;
  providerSessionGuid?: string | null;
  paymentResultData?: Record<string, unknown> | null;
  [field: string]: unknown;
}

export interface VccPaymentClient {
  createAgentAssistSession(body: VccCreateSessionBody): Promise<VccCreatedSession>;
  createDigitalSession(body: VccCreateDigitalSessionBody): Promise<VccCreatedDigitalSession>;
  /** Undefined when VCC no longer knows the session (purged or never existed). */
  getSession(sessionGuid: string): Promise<VccSessionStatus | undefined>;
}
