import { randomUUID } from 'node:crypto';
import { expect, vi } from 'vitest';
import {
  type DeliveryAttempt,
  type DeliveryStatus,
  type Fault,
  type SessionOutcome,
  startVccSimulator,
  type VccSessionStatus,
  type VccSimulator,
  type VccSimulatorOptions,
} from '../../../local/vcc-simulator/index.ts';

/** What the webhook tests do with the simulator, over HTTP like any client. */

/**
 * Waits until an assertion about the simulator's timers and webhooks holds. Vitest's default of 1 s
 * was too short while both cores were busy with the rest of the suite: a webhook that timed out
 * after 200 ms and was retried once missed it in CI.
 */
export const eventually = <T>(assertion: () => T | Promise<T>) => vi.waitFor(assertion, { timeout: 5_000 });

export const CLIENT = { clientId: 'crm-connector', clientSecret: 'secret' };

export const paymentData = { FirstName: 'John', Surname: 'Smith', Amount: '12.40', Currency: 'GBP', MerchantReferenceCode: 'REF-1' };

/** A digital session needs the number the link is sent to. */
export const digitalPaymentData = { ...paymentData, CustomerPhoneNumber: '+447700900123' };

export const newAgentId = (): string => `agent-${randomUUID()}`;

export interface CreatedSession {
  sessionGuid: string;
  agentAccessToken: string;
  agentRefreshToken: string;
  iframeUrl: string;
  providerSessionGuid: string;
}

export interface CreatedDigitalSession {
  sessionGuid: string;
  providerSessionGuid: string;
  digitalUrl: string;
  expiresOn?: string;
}

export interface Delivery {
  sessionGuid: string;
  sessionState: string;
  lastUpdatedOn: string;
  status: DeliveryStatus;
  attempts: DeliveryAttempt[];
}

export function startSimulator(options: Partial<VccSimulatorOptions> = {}): Promise<VccSimulator> {
  return startVccSimulator({ credentials: [CLIENT], accountConfigurationIds: [1], ...options });
}

async function json<T>(response: Response, status = 200): Promise<T> {
  expect(response.status).toBe(status);
  return (await response.json()) as T;
}

const postJson = (url: string, body: unknown, method = 'POST'): Promise<Response> =>
  fetch(url, { method, headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

export async function accessToken(sim: VccSimulator): Promise<string> {
  const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: CLIENT.clientId, client_secret: CLIENT.clientSecret, scope: 'globalpci' });
  const response = await fetch(sim.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form });
  return (await json<{ access_token: string }>(response)).access_token;
}

export async function createSessionResponse(sim: VccSimulator, agentId = newAgentId()): Promise<Response> {
  return fetch(`${sim.url}/v1/session`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await accessToken(sim)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ agentId, paymentData }),
  });
}

export async function createSession(sim: VccSimulator, agentId = newAgentId()): Promise<CreatedSession> {
  return json<CreatedSession>(await createSessionResponse(sim, agentId));
}

export async function createDigitalSessionResponse(sim: VccSimulator, body: Record<string, unknown> = {}, signal?: AbortSignal): Promise<Response> {
  return fetch(`${sim.url}/v1/digitalsession`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await accessToken(sim)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ agentId: newAgentId(), paymentData: digitalPaymentData, ...body }),
    ...(signal ? { signal } : {}),
  });
}

export async function createDigitalSession(sim: VccSimulator, body: Record<string, unknown> = {}): Promise<CreatedDigitalSession> {
  return json<CreatedDigitalSession>(await createDigitalSessionResponse(sim, body));
}

/** The customer taps the link in the SMS. */
export const openPaymentLink = (session: CreatedDigitalSession): Promise<Response> => fetch(session.digitalUrl);

/** The customer presses Pay (`approve`) or Decline (`decline`) on the link's page. */
export function payByLink(session: CreatedDigitalSession, decision: string): Promise<Response> {
  return fetch(`${session.digitalUrl}/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ decision }),
  });
}

export const advanceLinkClockResponse = (sim: VccSimulator, body: unknown): Promise<Response> => postJson(`${sim.url}/_simulator/link-clock`, body);

export async function advanceLinkClock(sim: VccSimulator, seconds: number): Promise<{ offsetSeconds: number }> {
  return json<{ offsetSeconds: number }>(await advanceLinkClockResponse(sim, { advanceSeconds: seconds }));
}

export async function sessionRecord(sim: VccSimulator, sessionGuid: string): Promise<Record<string, unknown>> {
  return json<Record<string, unknown>>(await fetch(`${sim.url}/_simulator/sessions/${sessionGuid}`));
}

export async function simulatorStats(sim: VccSimulator): Promise<Record<string, number>> {
  return json<Record<string, number>>(await fetch(`${sim.url}/_simulator/stats`));
}

export async function injectFault(sim: VccSimulator, agentId: string, fault: Fault): Promise<void> {
  expect((await postJson(`${sim.url}/_simulator/faults`, { agentId, fault })).status).toBe(204);
}

export const completeSessionResponse = (sim: VccSimulator, sessionGuid: string, outcome: SessionOutcome | string): Promise<Response> =>
  postJson(`${sim.url}/_simulator/sessions/${sessionGuid}/complete`, { outcome });

export async function completeSession(sim: VccSimulator, sessionGuid: string, outcome: SessionOutcome): Promise<VccSessionStatus> {
  return json<VccSessionStatus>(await completeSessionResponse(sim, sessionGuid, outcome));
}

export async function sessionStatus(sim: VccSimulator, sessionGuid: string): Promise<VccSessionStatus> {
  const response = await fetch(`${sim.url}/v1/session/${sessionGuid}`, { headers: { authorization: `Bearer ${await accessToken(sim)}` } });
  return json<VccSessionStatus>(response);
}

export async function deliveriesOf(sim: VccSimulator, sessionGuid?: string): Promise<Delivery[]> {
  const query = sessionGuid === undefined ? '' : `?sessionGuid=${encodeURIComponent(sessionGuid)}`;
  return (await json<{ deliveries: Delivery[] }>(await fetch(`${sim.url}/_simulator/webhooks${query}`))).deliveries;
}

export const setWebhookBehaviourResponse = (sim: VccSimulator, body: Record<string, unknown>): Promise<Response> =>
  postJson(`${sim.url}/_simulator/webhook-behaviours`, body);

export async function setWebhookBehaviour(sim: VccSimulator, body: Record<string, unknown>): Promise<void> {
  expect((await setWebhookBehaviourResponse(sim, body)).status).toBe(204);
}

export async function clearWebhookBehaviour(sim: VccSimulator, agentId: string): Promise<void> {
  expect((await fetch(`${sim.url}/_simulator/webhook-behaviours/${encodeURIComponent(agentId)}`, { method: 'DELETE' })).status).toBe(204);
}

export const putWebhookTarget = (sim: VccSimulator, target: unknown): Promise<Response> => postJson(`${sim.url}/_simulator/webhook`, target, 'PUT');

/** Lets background work that should NOT happen have its chance to happen. */
export const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Posts the provider page's form, as the agent's browser does. */
export function pressPageButton(sim: VccSimulator, session: CreatedSession, decision: string): Promise<Response> {
  return fetch(`${sim.url}/view/${session.providerSessionGuid}/decision`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ 'X-BEARER-TOKEN': session.agentAccessToken, decision }),
  });
}

export function openPage(session: CreatedSession): Promise<Response> {
  return fetch(session.iframeUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ 'X-BEARER-TOKEN': session.agentAccessToken, 'X-REFRESH-TOKEN': session.agentRefreshToken }),
  });
}
