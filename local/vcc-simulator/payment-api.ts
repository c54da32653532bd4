import type { z } from 'zod';
import { sendJson, sendText } from '../http/http-io.ts';
import type { Exchange, Route } from './exchange.ts';
import type { Fault, PlannedFault } from './faults.ts';
import { readJsonBody, validated } from './json-body.ts';
import { paymentLinkUrl } from './payment-link-page.ts';
import { type PaymentSession, type SessionKind, toStatus } from './payment-session.ts';
import { agentAssistSessionRequest, digitalSessionRequest, type SessionRequest } from './session-request-schema.ts';
import type { SimulatorState, SimulatorStats } from './simulator-state.ts';
import { providerInvalidClient, providerInvalidClientKey, unknownAccountConfiguration } from './vcc-error-messages.ts';

/** Every `/v1/*` call needs a bearer token the token endpoint issued and that has not expired. */
export function isAuthorized(exchange: Exchange): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(exchange.req.headers.authorization ?? '');
  return match?.[1] !== undefined && exchange.sim.tokens.isValid(match[1]);
}

export function sendUnauthorized(exchange: Exchange): void {
  sendJson(exchange.res, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
}

const CREATED_STAT: Record<SessionKind, keyof SimulatorStats> = { 'agent-assist': 'sessionsCreated', digital: 'digitalSessionsCreated' };

/**
 * `POST /v1/session` and `POST /v1/digitalsession` differ only in what they accept and answer:
 * the faults, the account configuration check and the webhook behaviours apply to both alike.
 */
function sessionCreation(kind: SessionKind, schema: z.ZodType<SessionRequest>): (exchange: Exchange) => Promise<void> {
  return async (exchange) => {
    const body = await readJsonBody(exchange);
    if (!body) return;
    const request = validated(exchange, schema, body.value);
    if (!request) return;

    const planned = exchange.sim.faults.take(request.agentId);
    const fault = planned?.fault;
    if (fault && !FAULTS_AFTER_CREATION.has(fault)) return answerWithFault(exchange, fault as FaultBeforeCreation, request);

    const { sim } = exchange;
    const configurationId = request.accountConfigurationId;
    if (configurationId !== undefined && !sim.config.accountConfigurationIds.has(configurationId)) {
      return sendJson(exchange.res, 400, { message: unknownAccountConfiguration(sim.config.accountName, configurationId) });
    }

    const session = sim.sessions.create({
      kind,
      agentId: request.agentId,
      accountConfigurationId: configurationId ?? null,
      skipCallTransfer: request.skipCallTransfer ?? null,
      paymentData: request.paymentData,
      requestBody: body.value,
    });
    sim.stats[CREATED_STAT[kind]] += 1;
    if (fault === 'session_error') sim.sessions.fail(session);
    else if (sim.webhookBehaviours.of(request.agentId)?.behaviour === 'before-create') {
      // The customer paid at once: the webhook's first attempt is answered before this response
      // is sent, so the receiver meets a sessionGuid its own create call has not returned yet.
      sim.sessions.complete(session, 'approve');
      await sim.webhooks.firstAnswer(session.sessionGuid);
    }
    if (planned?.fault === 'slow') await answerLater(sim, planned);

    sendJson(exchange.res, 200, createdBody(sim, session));
  };
}

/** Faults that let the session be created; the others answer instead of creating it. */
const FAULTS_AFTER_CREATION = new Set<Fault>(['session_error', 'slow']);
type FaultBeforeCreation = Exclude<Fault, 'session_error' | 'slow'>;

/** VCC took its time: the session exists (its page works, its webhook goes out) before the answer. */
function answerLater(sim: SimulatorState, { delayMs }: PlannedFault): Promise<void> {
  return new Promise((resolve) => {
    if (!sim.tasks.after(delayMs, resolve)) resolve();
  });
}

/**
 * VCC does not document the digital answer: the simulator gives the same identifiers plus the
 * link, and the link's expiry only when asked to (`reportLinkExpiry`), so clients cannot come
 * to depend on a field real VCC may not send.
 */
function createdBody(sim: SimulatorState, session: PaymentSession): Record<string, unknown> {
  const { sessionGuid, providerSessionGuid } = session;
  if (session.kind === 'digital') {
    const expiresOn = sim.config.reportLinkExpiry ? { expiresOn: new Date(sim.sessions.expiresAt(session)).toISOString() } : {};
    return { sessionGuid, providerSessionGuid, digitalUrl: paymentLinkUrl(sim.baseUrl, session), ...expiresOn };
  }
  return {
    sessionGuid,
    agentAccessToken: session.agentAccessToken,
    agentRefreshToken: session.agentRefreshToken,
    iframeUrl: `${sim.baseUrl}/view/${providerSessionGuid}/framed`,
    providerSessionGuid,
  };
}

function answerWithFault(exchange: Exchange, fault: FaultBeforeCreation, request: SessionRequest): void {
  const { accountName } = exchange.sim.config;
  const configurationId = request.accountConfigurationId ?? 0;
  switch (fault) {
    case 'invalid_client_key':
      return sendJson(exchange.res, 400, { message: providerInvalidClientKey() });
    case 'provider_invalid_client':
      return sendJson(exchange.res, 400, { message: providerInvalidClient(accountName, configurationId) });
    case 'unknown_account_configuration':
      return sendJson(exchange.res, 400, { message: unknownAccountConfiguration(accountName, configurationId) });
    case 'server_error':
      return sendText(exchange.res, 500, 'Internal Server Error');
    case 'timeout':
      // Never answer: the socket stays open until the client gives up or stop() closes it.
      return;
    case 'connection_reset':
      exchange.req.socket.resetAndDestroy();
      return;
  }
}

/** Both kinds: a digital session's status has the same fields as an agent assist one's. */
async function getSession(exchange: Exchange): Promise<void> {
  const session = exchange.sim.sessions.find(exchange.params[0] ?? '');
  if (!session) return sendJson(exchange.res, 404, { message: 'Session not found.' });
  sendJson(exchange.res, 200, toStatus(session));
}

export const paymentApiRoutes: Route[] = [
  { method: 'POST', path: /^\/v1\/session$/, handle: sessionCreation('agent-assist', agentAssistSessionRequest) },
  { method: 'POST', path: /^\/v1\/digitalsession$/, handle: sessionCreation('digital', digitalSessionRequest) },
  { method: 'GET', path: /^\/v1\/session\/([^/]+)$/, handle: getSession },
];
