import { z } from 'zod';

/**
 * Where VCC posts webhooks and how it authenticates: Vonage configures an auth URI and client
 * credentials per account configuration, and VCC gets a token with the client credentials grant.
 */
export interface WebhookTarget {
  url: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Sent in the token request when set. */
  scope?: string;
}

const httpUrl = (name: string) => z.url({ protocol: /^https?$/, error: `${name} must be an absolute http(s) URL` });

export const webhookTargetSchema = z.strictObject({
  url: httpUrl('url'),
  tokenUrl: httpUrl('tokenUrl'),
  clientId: z.string().min(1, 'clientId must not be empty'),
  clientSecret: z.string().min(1, 'clientSecret must not be empty'),
  scope: z.string().min(1, 'scope must not be empty when set').optional(),
});

/** The target as the control API shows it: never the secret. */
export function describeTarget(target: WebhookTarget | null): Omit<WebhookTarget, 'clientSecret'> | null {
  if (!target) return null;
  const { clientSecret: _secret, ...visible } = target;
  return visible;
}

/** For the option and `configureWebhook`, which have no HTTP exchange to answer a 400 on. */
export function parseTarget(target: WebhookTarget | null, where: string): WebhookTarget | null {
  if (target === null) return null;
  const parsed = webhookTargetSchema.safeParse(target);
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.map((issue) => issue.message).join('; ');
  throw new TypeError(`${where}: ${problems}`);
}
