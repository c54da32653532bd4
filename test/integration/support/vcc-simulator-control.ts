import { inject } from 'vitest';
import type { Fault } from '../../../local/vcc-simulator/index.ts';

const vccUrl = () => inject('stack').vccUrl;

export async function injectFault(agentId: string, fault: Fault, times = 1): Promise<void> {
  const response = await fetch(`${vccUrl()}/_simulator/faults`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId, fault, times }) });
  if (response.status !== 204) throw new Error(`fault not set: ${response.status}`);
}

export async function simulatorStats(): Promise<{ tokenRequests: number; tokensIssued: number; sessionsCreated: number }> {
  return (await fetch(`${vccUrl()}/_simulator/stats`)).json() as never;
}

/** What VCC received for a session, as the simulator recorded it. */
export async function vccRecordOf(sessionGuid: string): Promise<any> {
  return (await fetch(`${vccUrl()}/_simulator/sessions/${sessionGuid}`)).json();
}

export async function setVccCredentials(credentials: { clientId: string; clientSecret: string }[]): Promise<void> {
  await fetch(`${vccUrl()}/_simulator/credentials`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ credentials }) });
}

export async function revokeVccTokens(): Promise<void> {
  await fetch(`${vccUrl()}/_simulator/tokens/revoke`, { method: 'POST' });
}

interface PaymentForm {
  action: string;
  fields: Record<string, string>;
}

/** Does what the agent's browser does: POST the form with both tokens, as an auto-submitted form. */
export async function openPaymentForm(form: PaymentForm): Promise<{ status: number; html: string; frameOptions: string | null }> {
  const response = await fetch(form.action, { method: 'POST', body: new URLSearchParams(form.fields) });
  return { status: response.status, html: await response.text(), frameOptions: response.headers.get('x-frame-options') };
}

/** Presses Approve or Decline on the provider's page. */
export async function decide(form: PaymentForm, decision: 'approve' | 'decline'): Promise<number> {
  const action = form.action.replace(/\/framed$/, '/decision');
  const response = await fetch(action, { method: 'POST', body: new URLSearchParams({ 'X-BEARER-TOKEN': form.fields['X-BEARER-TOKEN'] ?? '', decision }) });
  await response.text();
  return response.status;
}

type WebhookTarget = import('../../../local/vcc-simulator/index.ts').WebhookTarget;
type WebhookBehaviourName = import('../../../local/vcc-simulator/index.ts').WebhookBehaviourName;

/** One webhook the simulator sent (or dropped), with each attempt's answer. */
export interface VccWebhookDelivery {
  sessionGuid: string;
  sessionState: string;
  lastUpdatedOn: string;
  status: import('../../../local/vcc-simulator/index.ts').DeliveryStatus;
  attempts: import('../../../local/vcc-simulator/index.ts').DeliveryAttempt[];
}

async function expectSimulatorStatus(response: Response, status: number, what: string): Promise<Response> {
  if (response.status !== status) throw new Error(`${what}: ${response.status} ${await response.text()}`);
  return response;
}

/** Where the simulator posts webhooks; null turns them off. */
export async function configureVccWebhook(target: WebhookTarget | null): Promise<void> {
  const response = await fetch(`${vccUrl()}/_simulator/webhook`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(target) });
  await expectSimulatorStatus(response, 204, 'webhook target not set');
}

/** Ends a session as the provider page's buttons would, without the page. */
export async function completeVccSession(sessionGuid: string, outcome: 'approve' | 'decline' | 'abandon'): Promise<void> {
  const response = await fetch(`${vccUrl()}/_simulator/sessions/${sessionGuid}/complete`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ outcome }) });
  await (await expectSimulatorStatus(response, 200, 'session not completed')).text();
}

/** Every webhook of that agent's sessions is duplicated, dropped, delayed, reordered or sent before the create answer. */
export async function setWebhookBehaviour(agentId: string, behaviour: WebhookBehaviourName, options: { copies?: number; delayMs?: number } = {}): Promise<void> {
  const response = await fetch(`${vccUrl()}/_simulator/webhook-behaviours`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ agentId, behaviour, ...options }) });
  await expectSimulatorStatus(response, 204, 'webhook behaviour not set');
}

export async function clearWebhookBehaviour(agentId: string): Promise<void> {
  const response = await fetch(`${vccUrl()}/_simulator/webhook-behaviours/${encodeURIComponent(agentId)}`, { method: 'DELETE' });
  await expectSimulatorStatus(response, 204, 'webhook behaviour not cleared');
}

/** The simulator's delivery log, in send order; every session's when no sessionGuid is given. */
export async function vccWebhookDeliveries(sessionGuid?: string): Promise<VccWebhookDelivery[]> {
  const query = sessionGuid === undefined ? '' : `?sessionGuid=${encodeURIComponent(sessionGuid)}`;
  const response = await expectSimulatorStatus(await fetch(`${vccUrl()}/_simulator/webhooks${query}`), 200, 'no delivery log');
  return ((await response.json()) as { deliveries: VccWebhookDelivery[] }).deliveries;
}
