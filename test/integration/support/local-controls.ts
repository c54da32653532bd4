import { inject } from 'vitest';

/** Runs the reconciliation sweep now, judging what is due as of `asOf` (the schedule's event time). */
export async function reconcileAsOf(asOf: Date): Promise<Record<string, number>> {
  const response = await fetch(inject('stack').reconcileUrl, { method: 'POST', body: JSON.stringify({ asOf: asOf.toISOString() }) });
  if (response.status !== 200) throw new Error(`sweep failed: ${response.status}`);
  return response.json() as Promise<Record<string, number>>;
}

const storageFaultsUrl = () => `${inject('stack').dynamoDbEndpoint}/_local/storage-faults`;

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
  return (await fetch(`${inject('stack').crmReceiverUrl}/received`)).json() as Promise<CrmCallbacks>;
}

export const callbacksFor = async (sessionId: string) => {
  const { received, attempts } = await crmCallbacks();
  const webhookId = `evt_${sessionId}_completed`;
  return { received: received.filter((r) => r.webhookId === webhookId), attempts: attempts.filter((a) => a.webhookId === webhookId) };
};

/** The CRM answers 503 to the next `failNext` callbacks of this session's outcome. */
export async function crmOutage(sessionId: string, failNext: number): Promise<void> {
  await fetch(`${inject('stack').crmReceiverUrl}/outage`, { method: 'PUT', body: JSON.stringify({ failNext, webhookId: `evt_${sessionId}_completed` }) });
}
