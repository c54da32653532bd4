import { ConnectorError, isConnectorError } from '../contract/connector-error.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';
import { CREATION_ABANDONED_AFTER_MS, type PaymentSession } from '../model/payment-session.ts';
import { requestFingerprint } from '../model/request-fingerprint.ts';
import type { PaymentSessionStore, VccSessionOpened } from '../ports/payment-session-store.ts';
import { VCC_CALL_ERRORS } from '../ports/vcc-payment-client.ts';
import { applyVccEvents, type StatusReportDeps } from './vcc-status-reports.ts';

/**
 * Longer than any API function may run (28 s at most: lib/config/function-timeouts.ts). A key
 * claimed this long ago whose session was never recorded belongs to a request that is over.
 */
export const KEY_CLAIM_OUTLIVES_REQUEST_MS = 30 * 1000;

/**
 * What opening a payment refuses with: its Idempotency-Key reused or still in use, VCC's failure,
 * and on a retry the failure recorded for the key (VCC's, or VCC_TIMEOUT for a creation abandoned).
 */
export const OPENING_ERRORS = ['IDEMPOTENCY_KEY_REUSED', 'IDEMPOTENCY_REQUEST_IN_PROGRESS', ...VCC_CALL_ERRORS] as const satisfies readonly ErrorCode[];

/**
 * How every payment is opened at VCC, agent assist and links alike: an Idempotency-Key claimed
 * first, the payment recorded before VCC is called (so a fast webhook always finds it), VCC's
 * answer recorded, and status reports that overtook it applied.
 */
export interface OpeningDeps extends StatusReportDeps {
  now?: () => Date;
}

export interface Opening {
  /** The session as recorded before VCC is called, in state `creating`. */
  pending: PaymentSession;
  clientId: string;
  idempotencyKey: string | null;
}

/** What VCC's answer adds to the payment; the rest of it (tokens) is handed out, never stored. */
export type VccOpeningAnswer = Omit<VccSessionOpened, 'updatedAt'>;

export interface Opened<HandOut> {
  session: PaymentSession;
  handOut: HandOut;
  /** False when VCC opened its session but our store could not record VCC's answer. */
  recorded: boolean;
}

export interface KeyClaim {
  clientId: string;
  idempotencyKey: string | null;
  /** What the key stands for: the same key with another request is refused. */
  request: unknown;
  sessionId: string;
  startedAt: Date;
}

/**
 * Claims the Idempotency-Key for a new session. Returns the session to replay when the key was
 * used before for the same request, undefined when the caller should go on (or sent no key).
 */
export async function claimIdempotencyKey(store: PaymentSessionStore, claim: KeyClaim): Promise<PaymentSession | undefined> {
  const { clientId, idempotencyKey, sessionId, startedAt } = claim;
  if (!idempotencyKey) return undefined;
  const requestHash = requestFingerprint(claim.request);
  for (let attempt = 1; ; attempt += 1) {
    const claimed = await store.claimIdempotencyKey({ clientId, key: idempotencyKey, requestHash, sessionId, createdAt: startedAt.toISOString() });
    if (claimed.claimed) return undefined;
    if (claimed.requestHash !== requestHash) throw new ConnectorError('IDEMPOTENCY_KEY_REUSED');
    const session = claimed.sessionId ? await store.getSession(claimed.sessionId) : undefined;
    // The request that claimed the key died before it recorded its session (the store failed at
    // that write, and again when the key was to be freed): nothing reached VCC, the key is free.
    const neverRecorded = !session && claimed.claimedAt !== '' && startedAt.getTime() - Date.parse(claimed.claimedAt) > KEY_CLAIM_OUTLIVES_REQUEST_MS;
    if (!neverRecorded || attempt === 2) return replayable(session, startedAt);
    await store.releaseIdempotencyKey(clientId, idempotencyKey, claimed.sessionId);
  }
}

function replayable(session: PaymentSession | undefined, now: Date): PaymentSession {
  if (!session || session.state === 'creating') {
    const abandoned = session && now.getTime() - Date.parse(session.createdAt) > CREATION_ABANDONED_AFTER_MS;
    throw new ConnectorError(abandoned ? 'VCC_TIMEOUT' : 'IDEMPOTENCY_REQUEST_IN_PROGRESS');
  }
  if (session.state === 'creation_failed') throw new ConnectorError((session.failureCode ?? 'INTERNAL_ERROR') as ErrorCode);
  return session;
}

/** A claimed key must not point at a session that was never recorded: free it if the write fails. */
async function recordSession({ store }: OpeningDeps, { pending, clientId, idempotencyKey }: Opening) {
  try {
    await store.insertSession(pending);
  } catch (error) {
    if (idempotencyKey) await store.releaseIdempotencyKey(clientId, idempotencyKey, pending.id);
    throw error;
  }
}

/**
 * After a timeout or an unexplained failure VCC may have opened a session: the key stays taken
 * and a retry replays the failure rather than risk a second session. Otherwise the key is freed
 * so that the same request can be retried once the cause is fixed.
 */
async function recordFailure({ store, now = () => new Date() }: OpeningDeps, { pending, clientId, idempotencyKey }: Opening, error: unknown) {
  const failureCode: ErrorCode = isConnectorError(error) ? error.code : 'INTERNAL_ERROR';
  const vccMayHaveOpened = !(isConnectorError(error) && error.vccCertainlyDidNotAct);
  await store.recordCreationFailed(pending.id, { failureCode, vccMayHaveOpened }, now().toISOString());
  if (idempotencyKey && !vccMayHaveOpened) await store.releaseIdempotencyKey(clientId, idempotencyKey, pending.id);
}

/** Records what VCC opened, trying twice; the session as the caller should see it either way. */
async function recordOpened({ store, now = () => new Date() }: OpeningDeps, pending: PaymentSession, answer: VccOpeningAnswer) {
  const opened = { ...answer, updatedAt: now().toISOString() };
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    try {
      return { session: await store.recordVccSessionOpened(pending.id, opened), recorded: true };
    } catch {
      // Tried again once; then the caller is told it was not recorded.
    }
  }
  const defined = Object.fromEntries(Object.entries(opened).filter(([, value]) => value !== undefined));
  return { session: { ...pending, ...defined, state: 'pending' as const }, recorded: false };
}

/**
 * Joins the VCC session to its payment, and applies any status report VCC sent before we could
 * record its answer (a fast payment's webhook can overtake VCC's answer to us).
 */
async function joinVccSession(deps: OpeningDeps, session: PaymentSession): Promise<PaymentSession> {
  const { eventLog, now = () => new Date() } = deps;
  try {
    const earlier = await eventLog.join(session.sessionGuid ?? '', session.id, now().toISOString());
    return earlier.length > 0 ? ((await applyVccEvents(session.id, earlier, deps)) ?? session) : session;
  } catch (error) {
    deps.onLeftForSweep(error, session.id, 'join');
    return session;
  }
}

export interface OpenAtVcc<HandOut> {
  open: () => Promise<{ answer: VccOpeningAnswer; handOut: HandOut }>;
}

/**
 * Records the pending session, asks VCC to open it and records the answer. Once VCC has opened
 * it the caller gets what VCC handed out whatever happens next, because the session is live.
 */
export async function openVccSession<HandOut>(opening: Opening, { open }: OpenAtVcc<HandOut>, deps: OpeningDeps): Promise<Opened<HandOut>> {
  await recordSession(deps, opening);
  let vcc: { answer: VccOpeningAnswer; handOut: HandOut };
  try {
    vcc = await open();
  } catch (error) {
    await recordFailure(deps, opening, error);
    throw error;
  }
  const { session: opened, recorded } = await recordOpened(deps, opening.pending, vcc.answer);
  // Joined even when the session could not be recorded as opened: its webhook can still reach it.
  const session = await joinVccSession(deps, opened);
  return { session, handOut: vcc.handOut, recorded };
}
