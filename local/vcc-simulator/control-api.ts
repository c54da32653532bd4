import { z } from 'zod';
import { sendEmpty, sendJson } from '../http/http-io.ts';
import type { Exchange, Route } from './exchange.ts';
import { FAULTS, TOKEN_FAULTS } from './faults.ts';
import { readJsonBody, validated } from './json-body.ts';
import { paymentLinkUrl } from './payment-link-page.ts';
import { isTerminal, type PaymentSession, SESSION_OUTCOMES, toStatus } from './payment-session.ts';
import type { SimulatorState } from './simulator-state.ts';

/** Test control under `/_simulator/`: no auth, because the simulator only ever runs locally. */

/** Ten minutes, like a webhook delay: longer than any client waits. */
const MAX_FAULT_DELAY_MS = 600_000;

const faultRequest = z
  .strictObject({
    agentId: z.string().min(1),
    fault: z.enum(FAULTS),
    times: z.number().int().positive().optional(),
    delayMs: z.number().int().positive().max(MAX_FAULT_DELAY_MS).optional(),
  })
  .refine((request) => (request.fault === 'slow') === (request.delayMs !== undefined), {
    message: 'delayMs is required with the slow fault, and only with it',
    path: ['delayMs'],
  });

const tokenFaultRequest = z.strictObject({
  fault: z.enum(TOKEN_FAULTS),
  times: z.number().int().positive().optional(),
});

const credentialsRequest = z.strictObject({
  credentials: z.array(z.strictObject({ clientId: z.string().min(1), clientSecret: z.string().min(1) })),
});

const completeRequest = z.strictObject({
  outcome: z.enum(SESSION_OUTCOMES, { error: `outcome must be one of ${SESSION_OUTCOMES.join(', ')}` }),
});

/** An absurd advance would push session times past what a Date can show. */
const MAX_LINK_CLOCK_ADVANCE_SECONDS = 10 * 365 * 24 * 60 * 60;

const linkClockRequest = z.strictObject({
  advanceSeconds: z
    .number({ error: 'advanceSeconds must be a number of seconds' })
    .positive('advanceSeconds must be positive')
    .max(MAX_LINK_CLOCK_ADVANCE_SECONDS, `advanceSeconds must be at most ${MAX_LINK_CLOCK_ADVANCE_SECONDS} (10 years)`),
});

async function addFault(exchange: Exchange): Promise<void> {
  const body = await readJsonBody(exchange);
  const request = body && validated(exchange, faultRequest, body.value);
  if (!request) return;
  exchange.sim.faults.add(request.agentId, request.fault, request.times ?? 1, request.delayMs);
  sendEmpty(exchange.res, 204);
}

/** The next `times` token requests fail, whichever client sends them. */
async function addTokenFault(exchange: Exchange): Promise<void> {
  const body = await readJsonBody(exchange);
  const request = body && validated(exchange, tokenFaultRequest, body.value);
  if (!request) return;
  exchange.sim.faults.addTokenFault(request.fault, request.times ?? 1);
  sendEmpty(exchange.res, 204);
}

/** Replaces the accepted credentials; tokens already issued stay valid until they expire. */
async function replaceCredentials(exchange: Exchange): Promise<void> {
  const body = await readJsonBody(exchange);
  const request = body && validated(exchange, credentialsRequest, body.value);
  if (!request) return;
  exchange.sim.credentials = request.credentials;
  sendEmpty(exchange.res, 204);
}

async function revokeTokens(exchange: Exchange): Promise<void> {
  exchange.sim.tokens.revokeAll();
  sendEmpty(exchange.res, 204);
}

async function getSessionRecord(exchange: Exchange): Promise<void> {
  const session = exchange.sim.sessions.find(exchange.params[0] ?? '');
  if (!session) return sendJson(exchange.res, 404, { message: 'Session not found.' });
  sendJson(exchange.res, 200, sessionRecord(exchange.sim, session));
}

/** Every session of both kinds, or of one agent: what a test checks its own side against. */
async function listSessionRecords(exchange: Exchange): Promise<void> {
  const agentId = exchange.url.searchParams.get('agentId');
  const sessions = exchange.sim.sessions.all().filter((session) => agentId === null || session.agentId === agentId);
  sendJson(exchange.res, 200, { sessions: sessions.map((session) => sessionRecord(exchange.sim, session)) });
}

/** What the page's buttons do, without the page or the agent's tokens: for tests of the receiving side. */
async function completeSession(exchange: Exchange): Promise<void> {
  const session = exchange.sim.sessions.find(exchange.params[0] ?? '');
  if (!session) return sendJson(exchange.res, 404, { message: 'Session not found.' });
  const body = await readJsonBody(exchange);
  const request = body && validated(exchange, completeRequest, body.value);
  if (!request) return;
  if (isTerminal(session.state)) return sendJson(exchange.res, 409, { message: `The session has already ended (${session.state}).` });
  exchange.sim.sessions.complete(session, request.outcome);
  sendJson(exchange.res, 200, toStatus(session));
}

/** Days of a payment link's life in one call: moves the link clock only, see `PaymentSessions`. */
async function advanceLinkClock(exchange: Exchange): Promise<void> {
  const body = await readJsonBody(exchange);
  const request = body && validated(exchange, linkClockRequest, body.value);
  if (!request) return;
  // Whole milliseconds, like every other time the simulator keeps.
  const offsetMs = exchange.sim.sessions.advanceLinkClock(Math.round(request.advanceSeconds * 1000));
  sendJson(exchange.res, 200, { offsetSeconds: offsetMs / 1000 });
}

async function getStats(exchange: Exchange): Promise<void> {
  sendJson(exchange.res, 200, { ...exchange.sim.stats });
}

/** The simulator's view of a session. Agent tokens are left out: they grant access to the page. */
function sessionRecord(sim: SimulatorState, session: PaymentSession): Record<string, unknown> {
  const iso = (ms: number | null): string | null => (ms === null ? null : new Date(ms).toISOString());
  return {
    ...toStatus(session),
    kind: session.kind,
    digitalUrl: session.kind === 'digital' ? paymentLinkUrl(sim.baseUrl, session) : null,
    agentId: session.agentId,
    accountConfigurationId: session.accountConfigurationId,
    skipCallTransfer: session.skipCallTransfer,
    requestBody: session.requestBody,
    pageOpenedOn: iso(session.pageOpenedAt),
    completedOn: iso(session.completedAt),
    expiresOn: iso(sim.sessions.expiresAt(session)),
    resultPurgeOn: iso(sim.sessions.resultPurgeAt(session)),
  };
}

export const controlRoutes: Route[] = [
  { method: 'POST', path: /^\/_simulator\/faults$/, handle: addFault },
  { method: 'POST', path: /^\/_simulator\/token-faults$/, handle: addTokenFault },
  { method: 'GET', path: /^\/_simulator\/sessions$/, handle: listSessionRecords },
  { method: 'PUT', path: /^\/_simulator\/credentials$/, handle: replaceCredentials },
  { method: 'POST', path: /^\/_simulator\/tokens\/revoke$/, handle: revokeTokens },
  { method: 'GET', path: /^\/_simulator\/sessions\/([^/]+)$/, handle: getSessionRecord },
  { method: 'POST', path: /^\/_simulator\/sessions\/([^/]+)\/complete$/, handle: completeSession },
  { method: 'POST', path: /^\/_simulator\/link-clock$/, handle: advanceLinkClock },
  { method: 'GET', path: /^\/_simulator\/stats$/, handle: getStats },
];
