import { z } from 'zod';
import { parseOrThrow } from '../http/request-validation.ts';
import { findCardNumbers } from '../payment-sessions/card-number-guard.ts';
import type { VccSessionStatus } from '../vcc/vcc-payment-client.ts';
import { normalizeVccTimestamp } from './vcc-event.ts';
import { recordVccStatus, type VccNewsDeps } from './vcc-news.ts';

/**
 * Strict only where we depend on it: without sessionGuid, sessionState and a readable
 * lastUpdatedOn the news cannot be placed. Every other field is kept as received, whatever its
 * type: refusing a webhook for its content would make VCC retry for 12 hours and then delete
 * the only copy of the outcome.
 */
const webhookBodySchema = z.looseObject({
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
  /** The session's state after the news; null when none is joined or the sweep will apply it. */
  state: string | null;
}

/**
 * Takes in one VCC webhook. It is recorded durably before anything else, so an error after
 * that point still leaves the news safe for the sweep; an error before it must reach VCC as
 * a failure, so that VCC retries.
 */
export async function receiveVccWebhook(body: unknown, deps: ReceiveVccWebhookDeps): Promise<WebhookReceipt> {
  const status = parseOrThrow(webhookBodySchema, body) as VccSessionStatus;
  const cardNumberPaths = findCardNumbers(status).filter((path) => !path.endsWith('.requestID'));
  if (cardNumberPaths.length > 0) deps.onCardNumberRemoved(cardNumberPaths);
  const { event, isNew, sessionId, session } = await recordVccStatus(status, 'webhook', deps);
  return { eventId: event.eventId, duplicate: !isNew, sessionId, state: session?.state ?? null };
}
