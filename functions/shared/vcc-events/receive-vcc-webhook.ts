import { z } from 'zod';
import { parseOrThrow } from '../http/request-validation.ts';
import { findCardNumbers } from '../payment-sessions/card-number-guard.ts';
import { vccSessionStatusSchema } from '../vcc/vcc-payment-client.ts';
import { normalizeVccTimestamp } from './vcc-event.ts';
import { recordVccStatus, type VccNewsDeps } from './vcc-news.ts';

/**
 * Tolerant where VCC may grow (unknown fields and states are kept), strict where we depend on
 * it: without sessionGuid, sessionState and a readable lastUpdatedOn the news cannot be placed.
 */
const webhookBodySchema = vccSessionStatusSchema.extend({
  sessionGuid: z.string().min(1).max(128),
  sessionState: z.string().min(1).max(64),
  lastUpdatedOn: z.string().refine((value) => normalizeVccTimestamp(value) !== null, 'must be a UTC timestamp such as "2026-11-21T10:01:00Z"'),
});

export interface ReceiveVccWebhookDeps extends VccNewsDeps {
  /** Told the paths of card-number lookalikes removed before storing; never their values. */
  onCardNumberRemoved: (paths: string[]) => void;
}

export interface WebhookReceipt {
  eventId: string;
  /** True when this news was already recorded: VCC retried or sent it twice. */
  duplicate: boolean;
  /** Our session, when one is joined; a webhook for an unknown session is kept for joining later. */
  sessionId: string | null;
  state: string | null;
}

/**
 * Takes in one VCC webhook. It is recorded durably before anything else, so an error after
 * that point still leaves the news safe for the sweep; an error before it must reach VCC as
 * a failure, so that VCC retries.
 */
export async function receiveVccWebhook(body: unknown, deps: ReceiveVccWebhookDeps): Promise<WebhookReceipt> {
  const status = parseOrThrow(webhookBodySchema, body);
  const cardNumberPaths = findCardNumbers(status);
  if (cardNumberPaths.length > 0) deps.onCardNumberRemoved(cardNumberPaths);
  const { event, isNew, session } = await recordVccStatus(status, 'webhook', deps);
  return { eventId: event.eventId, duplicate: !isNew, sessionId: session?.id ?? null, state: session?.state ?? null };
}
