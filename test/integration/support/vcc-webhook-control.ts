import { integrationStack } from './integration-stack.ts';

const vccUrl = () => integrationStack().vccUrl;

export type WebhookBehaviour = 'duplicate' | 'drop' | 'delay' | 'reorder' | 'before-create';

/** How the simulator sends every webhook of this agent's sessions. */
export async function webhookBehaviour(agentId: string, behaviour: WebhookBehaviour, options: { copies?: number; delayMs?: number } = {}): Promise<void> {
  const response = await fetch(`${vccUrl()}/_simulator/webhook-behaviours`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ agentId, behaviour, ...options }),
  });
  if (response.status !== 204) throw new Error(`webhook behaviour not set: ${response.status} ${await response.text()}`);
}

/** Ends the session at VCC as the customer's choice on the payment page would. */
export async function completeAtVcc(sessionGuid: string, outcome: 'approve' | 'decline' | 'abandon'): Promise<void> {
  const response = await fetch(`${vccUrl()}/_simulator/sessions/${sessionGuid}/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome }),
  });
  if (response.status !== 200) throw new Error(`session not completed: ${response.status} ${await response.text()}`);
}

export interface WebhookDelivery {
  sessionGuid: string;
  sessionState: string;
  status: 'pending' | 'delivered' | 'gave-up' | 'dropped' | 'delayed';
  attempts: { at: string; httpStatus?: number; error?: string }[];
}

/** What the simulator sent for a session, and what our receiver answered each time. */
export async function webhookDeliveries(sessionGuid: string): Promise<WebhookDelivery[]> {
  const answer = (await (await fetch(`${vccUrl()}/_simulator/webhooks?sessionGuid=${sessionGuid}`)).json()) as { deliveries: WebhookDelivery[] };
  return answer.deliveries;
}
