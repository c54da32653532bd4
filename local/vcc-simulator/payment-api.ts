import type { Exchange, Route } from './exchange.ts';
import type { Fault } from './faults.ts';
import { sendJson, sendText } from '../http/http-io.ts';
import { readJsonBody, validated } from './json-body.ts';
import { toStatus } from './payment-session.ts';
import { agentAssistSessionRequest, type AgentAssistSessionRequest } from './session-request-schema.ts';
import { providerInvalidClient, providerInvalidClientKey, unknownAccountConfiguration } from './vcc-error-messages.ts';

/** Every `/v1/*` call needs a bearer token the token endpoint issued and that has not expired. */
export function isAuthorized(exchange: Exchange): boolean {
  const match = /^Bearer\s+(\S+)$/i.exec(exchange.req.headers.authorization ?? '');
  return match?.[1] !== undefined && exchange.sim.tokens.isValid(match[1]);
}

export function sendUnauthorized(exchange: Exchange): void {
  sendJson(exchange.res, 401, { message: 'Unauthorized' }, { 'www-authenticate': 'Bearer' });
}

async function createSession(exchange: Exchange): Promise<void> {
  const body = await readJsonBody(exchange);
  if (!body) return;
  const request = validated(exchange, agentAssistSessionRequest, body.value);
  if (!request) return;

  const fault = exchange.sim.faults.take(request.agentId);
  if (fault && fault !== 'session_error') return answerWithFault(exchange, fault, request);

  const { sim } = exchange;
  const configurationId = request.accountConfigurationId;
  if (configurationId !== undefined && !sim.config.accountConfigurationIds.has(configurationId)) {
    return sendJson(exchange.res, 400, { message: unknownAccountConfiguration(sim.config.accountName, configurationId) });
  }

  const session = sim.sessions.create({
    agentId: request.agentId,
    accountConfigurationId: configurationId ?? null,
    skipCallTransfer: request.skipCallTransfer ?? null,
    paymentData: request.paymentData,
    requestBody: body.value,
  });
  sim.stats.sessionsCreated += 1;
  if (fault === 'session_error') sim.sessions.fail(session);
  else if (sim.webhookBehaviours.of(request.agentId)?.behaviour === 'before-create') {
    // The customer paid at once: the webhook's first attempt is answered before this response
    // is sent, so the receiver meets a sessionGuid its own create call has not returned yet.
    sim.sessions.complete(session, 'approve');
    await sim.webhooks.firstAnswer(session.sessionGuid);
  }

  sendJson(exchange.res, 200, {
    sessionGuid: session.sessionGuid,
    agentAccessToken: session.agentAccessToken,
    agentRefreshToken: session.agentRefreshToken,
    iframeUrl: `${sim.baseUrl}/view/${session.providerSessionGuid}/framed`,
    providerSessionGuid: session.providerSessionGuid,
  });
}

function answerWithFault(exchange: Exchange, fault: Exclude<Fault, 'session_error'>, request: AgentAssistSessionRequest): void {
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
  }
}

async function getSession(exchange: Exchange): Promise<void> {
  const session = exchange.sim.sessions.find(exchange.params[0] ?? '');
  if (!session) return sendJson(exchange.res, 404, { message: 'Session not found.' });
  sendJson(exchange.res, 200, toStatus(session));
}

export const paymentApiRoutes: Route[] = [
  { method: 'POST', path: /^\/v1\/session$/, handle: createSession },
  { method: 'GET', path: /^\/v1\/session\/([^/]+)$/, handle: getSession },
];
