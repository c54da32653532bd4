import { z } from 'zod';

/** Ways a real VCC webhook can misbehave, set per agentId like the faults. */
export const WEBHOOK_BEHAVIOURS = ['duplicate', 'drop', 'delay', 'reorder', 'before-create'] as const;
export type WebhookBehaviourName = (typeof WEBHOOK_BEHAVIOURS)[number];

export const DEFAULT_DUPLICATE_COPIES = 3;

const agentId = z.string().regex(/\S/, 'agentId must not be empty');

export const webhookBehaviourRequest = z.discriminatedUnion(
  'behaviour',
  [
    z.strictObject({
      agentId,
      behaviour: z.literal('duplicate'),
      copies: z.number().int().min(2, 'copies must be at least 2').max(20, 'copies must be at most 20').optional(),
    }),
    z.strictObject({
      agentId,
      behaviour: z.literal('delay'),
      delayMs: z
        .number({ error: 'the delay behaviour needs delayMs, a whole number of milliseconds' })
        .int('delayMs must be a whole number of milliseconds')
        .positive('delayMs must be positive')
        .max(600_000, 'delayMs must be at most 600000 (10 minutes)'),
    }),
    z.strictObject({ agentId, behaviour: z.enum(['drop', 'reorder', 'before-create']) }),
  ],
  {
    error: (issue) => (issue.code === 'invalid_union' ? `behaviour must be one of ${WEBHOOK_BEHAVIOURS.join(', ')}` : undefined),
  },
);

export type WebhookBehaviour =
  | { behaviour: 'duplicate'; copies: number }
  | { behaviour: 'delay'; delayMs: number }
  | { behaviour: 'drop' | 'reorder' | 'before-create' };

/**
 * One behaviour per agentId, applied to every webhook of that agent's sessions until cleared,
 * so parallel tests using different agents never see each other's. Setting another replaces it.
 */
export class WebhookBehaviours {
  readonly #byAgent = new Map<string, WebhookBehaviour>();

  set(request: z.infer<typeof webhookBehaviourRequest>): void {
    const { agentId: agent, ...rest } = request;
    const behaviour: WebhookBehaviour = rest.behaviour === 'duplicate' ? { behaviour: 'duplicate', copies: rest.copies ?? DEFAULT_DUPLICATE_COPIES } : rest;
    this.#byAgent.set(agent, behaviour);
  }

  clear(agent: string): void {
    this.#byAgent.delete(agent);
  }

  of(agent: string): WebhookBehaviour | undefined {
    return this.#byAgent.get(agent);
  }
}
