import { ConnectorError } from '../contract/connector-error.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';

/** Only a body that can never be VCC's is refused: not JSON, not an object, or no sessionGuid. */
export const VCC_WEBHOOK_ERRORS = ['INVALID_JSON', 'INVALID_REQUEST'] as const satisfies readonly ErrorCode[];

import { parseJsonKeepingNumberText } from '../privacy/json-text.ts';
import { textOf } from '../vcc/vcc-event.ts';
import { recordStatusReport, type StatusReportDeps } from './vcc-status-reports.ts';

export interface ReceiveVccWebhookDeps extends StatusReportDeps {
  /** Told the paths of card-number lookalikes removed before storing; never their values. */
  onCardNumberRemoved: (paths: string[]) => void;
}

export interface WebhookReceipt {
  eventId: string;
  /** True when this report was already recorded: VCC retried or sent it twice. */
  duplicate: boolean;
  /** Our session, when one is joined; a report for an unknown session is kept for joining later. */
  sessionId: string | null;
  /** The session's state after the report; null when none is joined or the sweep will apply it. */
  state: string | null;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * A webhook refused is retried by VCC for 12 hours and then dropped with the only copy of its
 * outcome, so only a body that can never be VCC's is refused: one that is not a JSON object, or
 * has no sessionGuid to keep it under. Everything else is kept as received, whatever its types,
 * depth or numbers; the fields the connector reads are parsed out of it.
 */
function statusReportOf(rawBody: string): Record<string, unknown> {
  let body: unknown;
  try {
    body = parseJsonKeepingNumberText(rawBody);
  } catch {
    throw new ConnectorError('INVALID_JSON', { details: [{ path: '(body)', message: 'is not JSON; VCC sends its status report as a JSON object' }] });
  }
  if (!isPlainObject(body)) {
    throw new ConnectorError('INVALID_REQUEST', {
      message: 'A VCC status report is a JSON object.',
      details: [{ path: '(body)', message: 'must be a JSON object' }],
    });
  }
  if (!textOf(body.sessionGuid)?.trim()) {
    throw new ConnectorError('INVALID_REQUEST', {
      message: 'sessionGuid is required: a status report without one cannot be matched to a payment.',
      details: [{ path: 'sessionGuid', message: 'is required: the VCC session the report is about' }],
    });
  }
  return body;
}

/**
 * Takes in one VCC webhook. It is recorded durably before anything else, so an error after
 * that point still leaves the report safe for the sweep; an error before it must reach VCC as
 * a failure, so that VCC retries.
 */
export async function receiveVccWebhook(rawBody: string, deps: ReceiveVccWebhookDeps): Promise<WebhookReceipt> {
  const { event, isNew, sessionId, payment, removedCardNumberPaths } = await recordStatusReport(statusReportOf(rawBody), 'webhook', deps);
  if (removedCardNumberPaths.length > 0) deps.onCardNumberRemoved(removedCardNumberPaths);
  return { eventId: event.eventId, duplicate: !isNew, sessionId, state: payment?.state ?? null };
}
