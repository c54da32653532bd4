import { onTestFinished } from 'vitest';
import type { VccSimulator, VccSimulatorOptions } from '../../../local/vcc-simulator/index.ts';
import { startSimulator } from './simulator-calls.ts';
import { startWebhookReceiver, type WebhookReceiver, type WebhookReceiverOptions } from './webhook-receiver.ts';

/** Fast retries, so a test sees the whole schedule in well under a second. */
export const FAST_RETRIES_MS = [20, 40, 60];

/**
 * A simulator posting to its own receiver, both on random ports and stopped when the test ends,
 * so no test sees another's token requests or webhooks.
 */
export async function simulatorWithReceiver(
  options: Partial<VccSimulatorOptions> = {},
  receiverOptions: WebhookReceiverOptions = {},
): Promise<{ sim: VccSimulator; receiver: WebhookReceiver }> {
  const receiver = await startWebhookReceiver(receiverOptions);
  onTestFinished(() => receiver.stop());
  const sim = await startSimulator({ webhook: receiver.target, webhookRetryDelaysMs: FAST_RETRIES_MS, ...options });
  onTestFinished(() => sim.stop());
  return { sim, receiver };
}
