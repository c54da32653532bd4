import { ConnectorError, isConnectorError } from '../contract/connector-error.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';
import { CREATION_ABANDONED_AFTER_MS, type Payment } from '../model/payment.ts';
import { requestFingerprint } from '../model/request-fingerprint.ts';
import type { PaymentStore, VccSessionOpened } from '../ports/payment-store.ts';
import { VCC_CALL_ERRORS } from '../ports/vcc-payment-client.ts';
import { applyVccEvents, type StatusReportDeps } from './vcc-status-reports.ts';

/**
 * Longer than any API function may run (28 s at most: lib/config/function-timeouts.ts). A key
 * claimed this long ago whose payment was never recorded belongs to a request that is over.
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
  /** The payment as recorded before VCC is called, in state `creating`. */
  pending: Payment;
  clientId: string;
  idempotencyKey: string | null;
}

/** What VCC's answer adds to the payment; the rest of it (tokens) is handed out, never stored. */
export type VccOpeningAnswer = Omit<VccSessionOpened, 'updatedAt'>;

export interface Opened<HandOut> {
  payment: Payment;
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
 * Claims the Idempotency-Key for a new payment. Returns the payment to replay when the key was
 * used before for the same request, undefined when the caller should go on (or sent no key).
 */
export async function claimIdempotencyKey(store: PaymentStore, claim: KeyClaim): Promise<Payment | undefined> {
  const { clientId, idempotencyKey, sessionId, startedAt } = claim;
  if (!idempotencyKey) return undefined;
  const requestHash = requestFingerprint(claim.request);
  for (let attempt = 1; ; attempt += 1) {
    const claimed = await store.claimIdempotencyKey({ clientId, key: idempotencyKey, requestHash, sessionId, createdAt: startedAt.toISOString() });
    if (claimed.claimed) return undefined;
    if (claimed.requestHash !== requestHash) throw new ConnectorError('IDEMPOTENCY_KEY_REUSED');
    const payment = claimed.sessionId ? await store.getPayment(claimed.sessionId) : undefined;
    // The request that claimed the key died before it recorded its payment (the store failed at
    // that write, and again when the key was to be freed): nothing reached VCC, the key is free.
    const neverRecorded = !payment && claimed.claimedAt !== '' && startedAt.getTime() - Date.parse(claimed.claimedAt) > KEY_CLAIM_OUTLIVES_REQUEST_MS;
    if (!neverRecorded || attempt === 2) return replayable(payment, startedAt);
    await store.releaseIdempotencyKey(clientId, idempotencyKey, claimed.sessionId);
  }
}

function replayable(payment: Payment | undefined, now: Date): Payment {
  if (!payment || payment.state === 'creating') {
    const abandoned = payment && now.getTime() - Date.parse(payment.createdAt) > CREATION_ABANDONED_AFTER_MS;
    throw new ConnectorError(abandoned ? 'VCC_TIMEOUT' : 'IDEMPOTENCY_REQUEST_IN_PROGRESS');
  }
  if (payment.state === 'creation_failed') throw new ConnectorError((payment.failureCode ?? 'INTERNAL_ERROR') as ErrorCode);
  return payment;
}

/** A claimed key must not point at a payment that was never recorded: free it if the write fails. */
async function recordSession({ store }: OpeningDeps, { pending, clientId, idempotencyKey }: Opening) {
  try {
    await store.insertPayment(pending);
  } catch (error) {
    if (idempotencyKey) await store.releaseIdempotencyKey(clientId, idempotencyKey, pending.id);
    throw error;
  }
}

/**
 * After a timeout or an unexplained failure VCC may have opened its session: the key stays taken
 * and a retry replays the failure rather than risk a second VCC session. Otherwise the key is freed
 * so that the same request can be retried once the cause is fixed.
 */
async function recordFailure({ store, now = () => new Date() }: OpeningDeps, { pending, clientId, idempotencyKey }: Opening, error: unknown) {
  const failureCode: ErrorCode = isConnectorError(error) ? error.code : 'INTERNAL_ERROR';
  const vccMayHaveOpened = !(isConnectorError(error) && error.vccCertainlyDidNotAct);
  await store.recordCreationFailed(pending.id, { failureCode, vccMayHaveOpened }, now().toISOString());
  if (idempotencyKey && !vccMayHaveOpened) await store.releaseIdempotencyKey(clientId, idempotencyKey, pending.id);
}

/** Records what VCC opened, trying twice; the payment as the caller should see it either way. */
async function recordOpened({ store, now = () => new Date() }: OpeningDeps, pending: Payment, answer: VccOpeningAnswer) {
  const opened = { ...answer, updatedAt: now().toISOString() };
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    try {
      return { payment: await store.recordVccSessionOpened(pending.id, opened), recorded: true };
    } catch {
      // Tried again once; then the caller is told it was not recorded.
    }
  }
  const defined = Object.fromEntries(Object.entries(opened).filter(([, value]) => value !== undefined));
  return { payment: { ...pending, ...defined, state: 'pending' as const }, recorded: false };
}

/**
 * Joins the VCC session to its payment, and applies any status report VCC sent before we could
 * record its answer (a fast payment's webhook can overtake VCC's answer to us).
 */
async function joinVccSession(deps: OpeningDeps, payment: Payment): Promise<Payment> {
  const { eventLog, now = () => new Date() } = deps;
  try {
    const earlier = await eventLog.join(payment.sessionGuid ?? '', payment.id, now().toISOString());
    return earlier.length > 0 ? ((await applyVccEvents(payment.id, earlier, deps)) ?? payment) : payment;
  } catch (error) {
    deps.onLeftForSweep(error, payment.id, 'join');
    return payment;
  }
}

export interface OpenAtVcc<HandOut> {
  open: () => Promise<{ answer: VccOpeningAnswer; handOut: HandOut }>;
}

/**
 * Records the pending payment, asks VCC to open it and records the answer. Once VCC has opened
 * it the caller gets what VCC handed out whatever happens next, because the payment is live.
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
  const { payment: opened, recorded } = await recordOpened(deps, opening.pending, vcc.answer);
  // Joined even when the payment could not be recorded as opened: its webhook can still reach it.
  const payment = await joinVccSession(deps, opened);
  return { payment, handOut: vcc.handOut, recorded };
}
