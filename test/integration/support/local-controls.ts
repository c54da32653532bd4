import { STORAGE_FAULTS_PATH } from '../../../local/dynamodb/embedded-dynamodb.ts';
import { integrationStack } from './integration-stack.ts';

/** Runs the reconciliation sweep now, judging what is due as of `asOf` (the schedule's event time). */
export async function reconcileAsOf(asOf: Date): Promise<Record<string, number>> {
  const response = await fetch(integrationStack().reconcileUrl, { method: 'POST', body: JSON.stringify({ asOf: asOf.toISOString() }) });
  if (response.status !== 200) throw new Error(`sweep failed: ${response.status}`);
  return response.json() as Promise<Record<string, number>>;
}

const storageFaultsUrl = () => `${integrationStack().dynamoDbEndpoint}${STORAGE_FAULTS_PATH}`;

/** Makes the embedded DynamoDB fail every `operation` whose request mentions `text`, until cleared. */
export async function failStorage(operation: 'PutItem' | 'UpdateItem' | 'GetItem', text: string): Promise<void> {
  const response = await fetch(storageFaultsUrl(), { method: 'POST', body: JSON.stringify({ operation, whenRequestIncludes: text }) });
  if (response.status !== 204) throw new Error(`storage fault not set: ${response.status}`);
}

export async function restoreStorage(): Promise<void> {
  await fetch(storageFaultsUrl(), { method: 'DELETE' });
}

export interface CrmCallbacks {
  received: { webhookId: string; event: { id: string; type: string; data: Record<string, any> } }[];
  attempts: { webhookId: string; answered: number }[];
}

/** What the example CRM receiver verified and kept, and every attempt it saw. */
export async function crmCallbacks(): Promise<CrmCallbacks> {
  return (await fetch(`${integrationStack().crmReceiverUrl}/received`)).json() as Promise<CrmCallbacks>;
}

/** The webhook-id of a session's outcome event: the session id and its final state. */
export const outcomeEventId = (sessionId: string, state: string) => `evt_${sessionId}_${state}`;

export const callbacksFor = async (sessionId: string) => {
  const { received, attempts } = await crmCallbacks();
  const ofSession = (webhookId: string) => webhookId.startsWith(`evt_${sessionId}_`);
  return { received: received.filter((r) => ofSession(r.webhookId)), attempts: attempts.filter((a) => ofSession(a.webhookId)) };
};

/** The CRM answers 503 to the next `failNext` callbacks of one outcome event. */
export async function crmOutage(webhookId: string, failNext: number): Promise<void> {
  await fetch(`${integrationStack().crmReceiverUrl}/outage`, { method: 'PUT', body: JSON.stringify({ failNext, webhookId }) });
}
