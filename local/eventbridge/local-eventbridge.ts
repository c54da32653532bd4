import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { EventBridgeEvent } from 'aws-lambda';
import { readBody, sendJson } from '../http/http-io.ts';
import { startHttpServer } from '../http/http-server.ts';

/*
 * A local stand-in for Amazon EventBridge, because real EventBridge cannot run here (no Docker,
 * no network). It serves what the outcome path uses: PutEvents over EventBridge's wire protocol
 * (AWS JSON 1.1, as @aws-sdk/client-eventbridge sends it), checking each entry as EventBridge
 * does for the fields the connector sends, and rules matching bus and source, as the stack's
 * rules do, that hand each event to an in-process target. Every other operation answers
 * UnknownOperationException.
 */

export type BusEvent = EventBridgeEvent<string, Record<string, unknown>>;

export interface EventRule {
  busName: string;
  /** Matches any of these sources. */
  source: string[];
  target: (event: BusEvent) => Promise<void> | void;
}

export interface LocalEventBridgeOptions {
  port?: number;
  host?: string;
  region?: string;
  accountId?: string;
}

export interface LocalEventBridge {
  endpoint: string;
  /** A bus exists once a rule names it, so a misspelt bus fails PutEvents. */
  addRule(rule: EventRule): void;
  /** Stops accepting events and waits for deliveries already started. */
  stop(): Promise<void>;
}

/** The limit EventBridge documented for a PutEvents entry when this was written. */
export const MAX_ENTRY_BYTES = 256 * 1024;
const JSON_1_1 = 'application/x-amz-json-1.1';
/** Ten entries at the size limit, with room for JSON escaping. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

type EntryResult = { EventId: string } | { ErrorCode: string; ErrorMessage: string };

export async function startLocalEventBridge({
  port = 0,
  host = '127.0.0.1',
  region = 'eu-west-2',
  accountId = '000000000000',
}: LocalEventBridgeOptions = {}): Promise<LocalEventBridge> {
  const rules: EventRule[] = [];
  const deliveries = new Set<Promise<void>>();
  let stopped = false;

  /** Each target gets its own copy, as each EventBridge target receives its own delivery. */
  const deliver = (busName: string, event: BusEvent): void => {
    for (const rule of rules.filter((candidate) => candidate.busName === busName && candidate.source.includes(event.source))) {
      const delivery = Promise.resolve()
        .then(() => rule.target(structuredClone(event)))
        .catch((error: unknown) =>
          console.error(
            `local EventBridge: the target of a rule on ${busName} failed for event ${event.id}; EventBridge-to-SQS delivery is not retried here`,
            error,
          ),
        )
        .finally(() => deliveries.delete(delivery));
      deliveries.add(delivery);
    }
  };

  /** A bad entry fails alone, with EventBridge's error code; the rest of the request goes through. */
  const putEntry = (entry: unknown, accepted: [string, BusEvent][]): EntryResult => {
    const { Source, DetailType, Detail, EventBusName, Time } = (entry ?? {}) as Record<string, unknown>;
    for (const [name, value] of Object.entries({ Source, DetailType, Detail })) {
      if (typeof value !== 'string' || value.length === 0) return invalidArgument(name, `${name} is a required argument.`);
    }
    const detail = parseObject(Detail as string);
    if (!detail) return { ErrorCode: 'MalformedDetail', ErrorMessage: 'Detail is malformed.' };
    // The SDK sends Time as epoch seconds.
    const time = Time === undefined ? new Date() : new Date(typeof Time === 'number' ? Time * 1000 : NaN);
    if (Number.isNaN(time.getTime())) return invalidArgument('Time', 'Time must be a timestamp.');
    // EventBridge's documented entry size: UTF-8 bytes of the fields, plus 14 for a Time.
    const size = (Time === undefined ? 0 : 14) + [Source, DetailType, Detail].reduce((sum: number, field) => sum + Buffer.byteLength(field as string), 0);
    if (size > MAX_ENTRY_BYTES) return invalidArgument('Entry', `Entry size ${size} bytes exceeds the limit of ${MAX_ENTRY_BYTES} bytes.`);
    const busName = typeof EventBusName === 'string' && EventBusName.length > 0 ? EventBusName : 'default';
    if (!rules.some((rule) => rule.busName === busName))
      return { ErrorCode: 'ResourceNotFoundException', ErrorMessage: `Event bus ${busName} does not exist.` };
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': DetailType as string,
      source: Source as string,
      account: accountId,
      time: time.toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region,
      resources: [],
      detail,
    };
    accepted.push([busName, event]);
    return { EventId: event.id };
  };

  const server = await startHttpServer(port, host, async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (req.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
      return sendError(res, 'UnknownOperationException', `The local EventBridge does not emulate the operation ${JSON.stringify(target)}.`);
    }
    const entries = parseObject(await readBody(req, MAX_REQUEST_BYTES).catch(() => ''))?.Entries;
    if (!Array.isArray(entries)) return sendError(res, 'SerializationException', 'The request body is not a JSON object with Entries.');
    const accepted: [string, BusEvent][] = [];
    const results = entries.map((entry) => putEntry(entry, accepted));
    sendJson(res, 200, { FailedEntryCount: entries.length - accepted.length, Entries: results }, { 'content-type': JSON_1_1 });
    // Like EventBridge, deliver only after PutEvents has answered.
    setImmediate(() => {
      if (!stopped) for (const [busName, event] of accepted) deliver(busName, event);
    });
  });

  return {
    endpoint: server.url,
    addRule: (rule) => {
      if (rule.source.length === 0) throw new Error('A rule must name at least one source.');
      rules.push(rule);
    },
    stop: async () => {
      stopped = true;
      await server.stop();
      await Promise.all(deliveries);
    },
  };
}

function parseObject(json: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(json);
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function invalidArgument(parameter: string, reason: string): EntryResult {
  return { ErrorCode: 'InvalidArgument', ErrorMessage: `Parameter ${parameter} is not valid. Reason: ${reason}` };
}

/** AWS's JSON error shape: the SDK raises an exception named after `__type`. */
function sendError(res: ServerResponse, type: string, message: string): void {
  sendJson(res, 400, { __type: type, message }, { 'content-type': JSON_1_1 });
}
