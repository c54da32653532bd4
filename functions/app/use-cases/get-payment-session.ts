import { ConnectorError } from '../contract/connector-error.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';
import type { PaymentKind, PaymentSession } from '../model/payment-session.ts';
import type { VccPaymentClient, VccSessionStatus } from '../ports/vcc-payment-client.ts';
import { normalizeVccTimestamp, type VccEvent } from '../vcc/vcc-event.ts';
import { type StatusReportDeps, takePolledStatus } from './vcc-status-reports.ts';

/**
 * Each kind is read at its own path, so a caller never mistakes a link for an agent's session:
 * the other kind's id is not found. VCC's failures are not the reader's: the stored payment is answered.
 */
export const NOT_FOUND_ERRORS = { 'agent-assist': ['SESSION_NOT_FOUND'], 'payment-link': ['LINK_NOT_FOUND'] } as const satisfies Record<
  PaymentKind,
  readonly ErrorCode[]
>;

export interface GetPaymentSessionDeps extends StatusReportDeps {
  vcc: VccPaymentClient;
  /** Told when VCC could not be asked; the stored session is still answered. */
  onVccUnreachable: (error: unknown, session: PaymentSession) => void;
}

export interface PaymentSessionWithHistory {
  session: PaymentSession;
  /** Every distinct webhook, and every final status VCC gave when asked, in order of arrival. */
  history: VccEvent[];
}

/**
 * Returns the session and its VCC history; while it is pending, asks VCC first and records
 * what it learns. VCC keeps results for 15 minutes only, so each answer is stored, never
 * merely passed through.
 */
export async function getPaymentSession(id: string, kind: PaymentKind, deps: GetPaymentSessionDeps): Promise<PaymentSessionWithHistory> {
  const { store, vcc, eventLog, onVccUnreachable } = deps;
  let session = await store.getSession(id);
  if (!session || session.kind !== kind) throw new ConnectorError(NOT_FOUND_ERRORS[kind][0]);
  if (session.state === 'pending' && session.sessionGuid) session = await refreshedFromVcc(session, vcc, deps, onVccUnreachable);
  const history = session.sessionGuid ? await eventLog.eventsOf(session.sessionGuid) : [];
  return { session, history };
}

async function refreshedFromVcc(
  session: PaymentSession,
  vcc: VccPaymentClient,
  deps: StatusReportDeps,
  onVccUnreachable: GetPaymentSessionDeps['onVccUnreachable'],
) {
  let status: VccSessionStatus | undefined;
  try {
    status = await vcc.getSession(session.sessionGuid ?? '');
  } catch (error) {
    onVccUnreachable(error, session);
    return session;
  }
  // VCC repeating what we already hold changes nothing: a CRM polling a pending payment costs no writes.
  if (!status || isAlreadyApplied(session, status)) return session;
  return (await takePolledStatus(session.id, status, 'poll', deps)) ?? session;
}

const isAlreadyApplied = (session: PaymentSession, status: VccSessionStatus): boolean =>
  status.sessionState === session.vccSessionState && normalizeVccTimestamp(status.lastUpdatedOn) === session.vccLastUpdatedOn;
