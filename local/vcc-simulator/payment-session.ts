import type { PaymentResultData } from './payment-result.ts';

/**
 * The states VCC documents for a session. `Created` and `InProgress` are the simulator's names
 * for the undocumented non-terminal ones; `ExpiredOnProviderSide` is what an abandoned session
 * ends in by default (see `abandonedSessionState`), and what a payment link ends in when its
 * lifetime runs out unused.
 */
export type VccSessionState = 'Created' | 'InProgress' | 'Finished' | 'TimeOut' | 'Error' | 'ExpiredOnProviderSide';

/** What the tester (or a test) decides for a session: the gateway's answer, or no payment at all. */
export const SESSION_OUTCOMES = ['approve', 'decline', 'abandon'] as const;
export type SessionOutcome = (typeof SESSION_OUTCOMES)[number];
export const isSessionOutcome = (value: unknown): value is SessionOutcome => SESSION_OUTCOMES.includes(value as SessionOutcome);

/** The terminal states an abandoned session may be reported in: the documentation allows both readings. */
export const ABANDONED_SESSION_STATES = ['ExpiredOnProviderSide', 'Finished'] as const;
export type AbandonedSessionState = (typeof ABANDONED_SESSION_STATES)[number];

/** The body of `GET /v1/session/{sessionGuid}`, and of the webhook VCC would send. */
export interface VccSessionStatus {
  sessionGuid: string;
  callGuid: string | null;
  providerSessionGuid: string;
  createdOn: string;
  lastUpdatedOn: string;
  sessionState: VccSessionState;
  paymentResultData: PaymentResultData | null;
}

export interface PaymentData {
  Amount: string;
  Currency: string;
  [key: string]: string;
}

/**
 * `agent-assist` (`POST /v1/session`): the agent's page, opened with the agent's tokens.
 * `digital` (`POST /v1/digitalsession`): a payment link the customer opens, no tokens.
 */
export type SessionKind = 'agent-assist' | 'digital';

/**
 * What the simulator keeps about every session. Times are ms on the session's clock: the
 * simulator clock for agent assist, the link clock for digital sessions (see `PaymentSessions`).
 */
interface SessionFields {
  sessionGuid: string;
  providerSessionGuid: string;
  callGuid: string | null;
  agentId: string;
  accountConfigurationId: number | null;
  /** As sent; always null for a digital session, which does not accept it. */
  skipCallTransfer: boolean | null;
  paymentData: PaymentData;
  /** The JSON body exactly as received, for tests asserting what a client forwarded. */
  requestBody: unknown;
  state: VccSessionState;
  createdAt: number;
  lastUpdatedAt: number;
  pageOpenedAt: number | null;
  completedAt: number | null;
  result: PaymentResultData | null;
}

export interface AgentAssistSession extends SessionFields {
  kind: 'agent-assist';
  agentAccessToken: string;
  agentRefreshToken: string;
}

/** The unguessable providerSessionGuid in its link is the customer's only credential. */
export interface DigitalSession extends SessionFields {
  kind: 'digital';
}

export type PaymentSession = AgentAssistSession | DigitalSession;

/** VCC deletes card-holder data in `paymentResultData` this long after the session finishes. */
export const RESULT_RETENTION_MS = 15 * 60 * 1000;

export const isTerminal = (state: VccSessionState): boolean => state !== 'Created' && state !== 'InProgress';

export function toStatus(session: PaymentSession): VccSessionStatus {
  return {
    sessionGuid: session.sessionGuid,
    callGuid: session.callGuid,
    providerSessionGuid: session.providerSessionGuid,
    createdOn: new Date(session.createdAt).toISOString(),
    lastUpdatedOn: new Date(session.lastUpdatedAt).toISOString(),
    sessionState: session.state,
    paymentResultData: session.result ? { ...session.result } : null,
  };
}
