import type { Fault } from '../../../local/vcc-simulator/index.ts';
import { integrationStack } from './integration-stack.ts';

const vccUrl = () => integrationStack().vccUrl;

export async function injectFault(agentId: string, fault: Fault, times = 1): Promise<void> {
  const response = await fetch(`${vccUrl()}/_simulator/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agentId, fault, times }),
  });
  if (response.status !== 204) throw new Error(`fault not set: ${response.status}`);
}

export async function simulatorStats(): Promise<{ tokenRequests: number; tokensIssued: number; sessionsCreated: number; digitalSessionsCreated: number }> {
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

/** Presses Approve, Decline or Abandon on the provider's page. */
export async function decide(form: PaymentForm, decision: 'approve' | 'decline' | 'abandon'): Promise<number> {
  const action = form.action.replace(/\/framed$/, '/decision');
  const response = await fetch(action, { method: 'POST', body: new URLSearchParams({ 'X-BEARER-TOKEN': form.fields['X-BEARER-TOKEN'] ?? '', decision }) });
  await response.text();
  return response.status;
}

/** The customer opens the link VCC sent them: the provider's hosted page. */
export async function openCustomerPage(paymentLink: string): Promise<{ status: number; html: string }> {
  const response = await fetch(paymentLink);
  return { status: response.status, html: await response.text() };
}

/** The customer presses Pay or Decline on the page behind their link. */
export async function payAtLink(paymentLink: string, decision: 'approve' | 'decline'): Promise<number> {
  const response = await fetch(`${paymentLink}/decision`, { method: 'POST', body: new URLSearchParams({ decision }) });
  await response.text();
  return response.status;
}

/** Moves the clock VCC judges link expiry by: every open link older than its lifetime then expires. */
export async function advanceLinkClock(seconds: number): Promise<void> {
  const response = await fetch(`${vccUrl()}/_simulator/link-clock`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ advanceSeconds: seconds }),
  });
  if (response.status !== 200) throw new Error(`link clock not moved: ${response.status} ${await response.text()}`);
}
