import { randomUUID } from 'node:crypto';
import { ConnectorError, isConnectorError } from '../errors/connector-error.ts';
import type { ErrorCode } from '../errors/error-catalogue.ts';
import type { PaymentSessionStore } from '../stores/payment-session-store.ts';
import type { VccCreatedSession, VccPaymentClient } from '../vcc/vcc-payment-client.ts';
import { AGENT_ASSIST_SESSION_LIFETIME_MS, RECONCILE_GRACE_MS, type PaymentSession } from './payment-session.ts';
import type { CreatePaymentSessionRequest } from './payment-session-request.ts';
import { requestFingerprint } from './request-fingerprint.ts';
import { applyVccEvents, type VccNewsDeps } from '../vcc-events/vcc-news.ts';

export interface CreatePaymentSessionInput {
  request: CreatePaymentSessionRequest;
  clientId: string;
  idempotencyKey: string | null;
}

export interface CreatePaymentSessionDeps extends VccNewsDeps {
  vcc: VccPaymentClient;
  paymentFlows: Record<string, number>;
  now?: () => Date;
  newId?: () => string;
}

/** What the agent's browser needs to open the provider's form; handed out once, never stored. */
export interface AgentAccess {
  agentAccessToken: string;
  agentRefreshToken: string;
}

export type CreatePaymentSessionResult =
  /** `recorded` is false when VCC opened the session but our store could not take the news. */
  | { outcome: 'created'; session: PaymentSession; agentAccess: AgentAccess; recorded: boolean }
  | { outcome: 'replayed'; session: PaymentSession };

/** A `creating` session older than this was abandoned by a crashed invocation. */
const ABANDONED_AFTER_MS = 2 * 60 * 1000;

async function replay(store: PaymentSessionStore, sessionId: string, now: Date): Promise<CreatePaymentSessionResult> {
  const session = sessionId ? await store.getSession(sessionId) : undefined;
  if (!session || session.state === 'creating') {
    const abandoned = session && now.getTime() - Date.parse(session.createdAt) > ABANDONED_AFTER_MS;
    throw new ConnectorError(abandoned ? 'VCC_TIMEOUT' : 'IDEMPOTENCY_REQUEST_IN_PROGRESS');
  }
  if (session.state === 'creation_failed') throw new ConnectorError((session.failureCode ?? 'INTERNAL_ERROR') as ErrorCode);
  return { outcome: 'replayed', session };
}

/** The session as recorded before VCC is called. */
function pendingSession({ request, clientId, idempotencyKey }: CreatePaymentSessionInput, id: string, accountConfigurationId: number, startedAt: Date): PaymentSession {
  return {
    id,
    kind: 'agent-assist',
    state: 'creating',
    agentId: request.agentId,
    paymentFlow: request.paymentFlow,
    accountConfigurationId,
    amount: request.paymentData.Amount ?? '',
    currency: request.paymentData.Currency ?? '',
    merchantReference: request.paymentData.MerchantReferenceCode ?? null,
    crmReference: request.crmReference,
    createdBy: clientId,
    idempotencyKey,
    sessionGuid: null,
    providerSessionGuid: null,
    iframeUrl: null,
    vccSessionState: null,
    vccLastUpdatedOn: null,
    outcome: null,
    failureCode: null,
    createdAt: startedAt.toISOString(),
    updatedAt: startedAt.toISOString(),
    expiresAt: new Date(startedAt.getTime() + AGENT_ASSIST_SESSION_LIFETIME_MS).toISOString(),
    dueWork: 'RECONCILE',
    dueAt: new Date(startedAt.getTime() + AGENT_ASSIST_SESSION_LIFETIME_MS + RECONCILE_GRACE_MS).toISOString(),
  };
}

/** A claimed key must not point at a session that was never recorded: free it if the write fails. */
async function recordSession({ store }: CreatePaymentSessionDeps, { clientId, idempotencyKey }: CreatePaymentSessionInput, session: PaymentSession) {
  try {
    await store.insertSession(session);
  } catch (error) {
    if (idempotencyKey) await store.releaseIdempotencyKey(clientId, idempotencyKey, session.id);
    throw error;
  }
}

/**
 * After a timeout or an unexplained failure VCC may have opened a session: the key stays taken
 * and a retry replays the failure rather than risk a second session on the call. Otherwise the
 * key is freed so that the same request can be retried once the cause is fixed.
 */
async function recordFailure({ store, now = () => new Date() }: CreatePaymentSessionDeps, { clientId, idempotencyKey }: CreatePaymentSessionInput, id: string, error: unknown) {
  const code: ErrorCode = isConnectorError(error) ? error.code : 'INTERNAL_ERROR';
  await store.recordCreationFailed(id, code, now().toISOString());
  if (idempotencyKey && isConnectorError(error) && error.vccCertainlyDidNotAct) await store.releaseIdempotencyKey(clientId, idempotencyKey, id);
}

/** Records what VCC opened, trying twice; the session as the caller should see it either way. */
async function recordOpened({ store, now = () => new Date() }: CreatePaymentSessionDeps, pending: PaymentSession, opened: VccCreatedSession) {
  const news = { sessionGuid: opened.sessionGuid, providerSessionGuid: opened.providerSessionGuid, iframeUrl: opened.iframeUrl, updatedAt: now().toISOString() };
  for (let attempt = 1; attempt <= 2; attempt += 1) {
    try {
      return { session: await store.recordVccSessionOpened(pending.id, news), recorded: true };
    } catch {
      // Tried again once; then the caller is told it was not recorded.
    }
  }
  return { session: { ...pending, ...news, state: 'pending' as const }, recorded: false };
}

/**
 * Joins the VCC session to ours, and applies any news VCC sent before we could record the
 * session (a fast payment's webhook can overtake VCC's answer to us).
 */
async function joinVccSession(deps: CreatePaymentSessionDeps, session: PaymentSession): Promise<PaymentSession> {
  const { eventLog, now = () => new Date() } = deps;
  try {
    const earlier = await eventLog.join(session.sessionGuid ?? '', session.id, now().toISOString());
    return earlier.length > 0 ? ((await applyVccEvents(session.id, earlier, deps)) ?? session) : session;
  } catch (error) {
    deps.onLeftForSweep(error, session.id, 'join');
    return session;
  }
}

/**
 * Opens an agent-assist session at VCC. The session is recorded before VCC is called, so a
 * fast webhook always finds it, and an Idempotency-Key makes a double click open one session.
 */
export async function createPaymentSession(input: CreatePaymentSessionInput, deps: CreatePaymentSessionDeps): Promise<CreatePaymentSessionResult> {
  const { store, vcc, paymentFlows, now = () => new Date(), newId = randomUUID } = deps;
  const { request, clientId, idempotencyKey } = input;
  const id = newId();
  const startedAt = now();

  if (idempotencyKey) {
    const requestHash = requestFingerprint(request);
    const claim = await store.claimIdempotencyKey({ clientId, key: idempotencyKey, requestHash, sessionId: id, createdAt: startedAt.toISOString() });
    if (!claim.claimed) {
      if (claim.requestHash !== requestHash) throw new ConnectorError('IDEMPOTENCY_KEY_REUSED');
      return replay(store, claim.sessionId, startedAt);
    }
  }

  const accountConfigurationId = paymentFlows[request.paymentFlow];
  if (accountConfigurationId === undefined) throw new ConnectorError('UNKNOWN_PAYMENT_FLOW');
  const pending = pendingSession(input, id, accountConfigurationId, startedAt);
  await recordSession(deps, input, pending);

  let opened: VccCreatedSession;
  try {
    opened = await vcc.createAgentAssistSession({
      agentId: request.agentId,
      paymentData: request.paymentData,
      accountConfigurationId,
      ...(request.skipCallTransfer ? { skipCallTransfer: true } : {}),
    });
  } catch (error) {
    await recordFailure(deps, input, id, error);
    throw error;
  }
  // From here VCC has a live session on the call: the agent gets the form whatever happens.
  const { session: opening, recorded } = await recordOpened(deps, pending, opened);
  // Joined even when the session could not be recorded as opened: its webhook can still reach it.
  const session = await joinVccSession(deps, opening);
  return { outcome: 'created', session, agentAccess: { agentAccessToken: opened.agentAccessToken, agentRefreshToken: opened.agentRefreshToken }, recorded };
}
