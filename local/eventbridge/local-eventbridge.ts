import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { EventBridgeEvent } from 'aws-lambda';
import { mediaType, PayloadTooLargeError, readBody, sendJson } from '../http/http-io.ts';
import { startHttpServer } from '../http/http-server.ts';
import { checkEntry, type CheckedEntry } from './put-events-entry.ts';

/*
 * A local stand-in for Amazon EventBridge, because real EventBridge cannot run here (no Docker,
 * no network). It emulates only what the connector uses: PutEvents over EventBridge's real wire
 * protocol (AWS JSON 1.1, as @aws-sdk/client-eventbridge sends it), and rules matching bus,
 * source and detail-type that hand each event to an in-process target. Every other operation
 * answers UnknownOperationException.
 */

export type BusEvent = EventBridgeEvent<string, Record<string, unknown>>;

export interface EventRule {
  busName: string;
  /** Matches any of these sources; absent matches every source. */
  source?: string[];
  /** Matches any of these detail-types; absent matches every detail-type. */
  detailType?: string[];
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
  /** A bus exists once a rule names it ("default" always does), so a misspelt bus fails PutEvents. */
  addRule(rule: EventRule): void;
  /** Every event accepted on the bus, oldest first, whether or not a rule matched it. */
  eventsOn(busName: string): readonly BusEvent[];
  /** Stops accepting events and waits for deliveries already started. */
  stop(): Promise<void>;
}

const JSON_1_1 = 'application/x-amz-json-1.1';
const MAX_ENTRIES = 10;
/** Ten entries at the size limit, with room for JSON escaping. */
const MAX_REQUEST_BYTES = 8 * 1024 * 1024;

export async function startLocalEventBridge({ port = 0, host = '127.0.0.1', region = 'eu-west-2', accountId = '000000000000' }: LocalEventBridgeOptions = {}): Promise<LocalEventBridge> {
  const rules: EventRule[] = [];
  const events = new Map<string, BusEvent[]>([['default', []]]);
  const deliveries = new Set<Promise<void>>();
  let stopped = false;
  const busArnPrefix = `arn:aws:events:${region}:${accountId}:event-bus/`;

  const busNameOf = (nameOrArn: string): string | undefined => {
    const name = nameOrArn.startsWith(busArnPrefix) ? nameOrArn.slice(busArnPrefix.length) : nameOrArn;
    return events.has(name) ? name : undefined;
  };

  const accept = (entry: CheckedEntry): BusEvent => {
    const event: BusEvent = {
      version: '0',
      id: randomUUID(),
      'detail-type': entry.detailType,
      source: entry.source,
      account: accountId,
      time: (entry.time ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z'),
      region,
      resources: entry.resources,
      detail: entry.detail,
    };
    events.get(entry.busName)!.push(event);
    return event;
  };

  /** Each target gets its own copy, as each EventBridge target receives its own delivery. */
  const deliver = (busName: string, event: BusEvent): void => {
    for (const rule of rules.filter((candidate) => matches(candidate, busName, event))) {
      const delivery = Promise.resolve()
        .then(() => rule.target(structuredClone(event)))
        .catch((error: unknown) => console.error(`local EventBridge: the target of a rule on ${busName} failed for event ${event.id}; EventBridge-to-SQS delivery is not retried here`, error))
        .finally(() => deliveries.delete(delivery));
      deliveries.add(delivery);
    }
  };

  const putEvents = (entries: unknown, res: ServerResponse): void => {
    if (!Array.isArray(entries) || entries.length === 0 || entries.length > MAX_ENTRIES) {
      return sendError(res, 400, 'ValidationException', `1 validation error detected: Value at 'entries' failed to satisfy constraint: Member must have length between 1 and ${MAX_ENTRIES}`);
    }
    const accepted: { busName: string; event: BusEvent }[] = [];
    const results = entries.map((entry) => {
      const checked = checkEntry(entry, busNameOf);
      if ('ErrorCode' in checked) return checked;
      const event = accept(checked);
      accepted.push({ busName: checked.busName, event });
      return { EventId: event.id };
    });
    sendJson(res, 200, { FailedEntryCount: entries.length - accepted.length, Entries: results }, { 'content-type': JSON_1_1 });
    // Like EventBridge, deliver only after PutEvents has answered.
    setImmediate(() => {
      if (!stopped) for (const { busName, event } of accepted) deliver(busName, event);
    });
  };

  const server = await startHttpServer(port, host, async (req, res) => {
    const target = String(req.headers['x-amz-target'] ?? '');
    if (req.method !== 'POST' || target !== 'AWSEvents.PutEvents') {
      return sendError(res, 400, 'UnknownOperationException', `The local EventBridge does not emulate the operation ${JSON.stringify(target)}.`);
    }
    if (mediaType(req) !== JSON_1_1) return sendError(res, 400, 'SerializationException', `Expected ${JSON_1_1} (the AWS JSON 1.1 protocol).`);
    const input = await readJsonObject(req);
    if (input === 'too large') return sendError(res, 413, 'RequestEntityTooLarge', `Request body exceeds ${MAX_REQUEST_BYTES} bytes.`);
    if (input === 'malformed') return sendError(res, 400, 'SerializationException', 'The request body is not a JSON object.');
    putEvents(input.Entries, res);
  });

  return {
    endpoint: server.url,
    addRule: (rule) => {
      for (const list of [rule.source, rule.detailType]) {
        if (list && list.length === 0) throw new Error('An event pattern list must not be empty; leave it out to match everything.');
      }
      rules.push(rule);
      if (!events.has(rule.busName)) events.set(rule.busName, []);
    },
    eventsOn: (busName) => [...(events.get(busName) ?? [])],
    stop: async () => {
      stopped = true;
      await server.stop();
      await Promise.all(deliveries);
    },
  };
}

function matches(rule: EventRule, busName: string, event: BusEvent): boolean {
  return rule.busName === busName
    && (rule.source?.includes(event.source) ?? true)
    && (rule.detailType?.includes(event['detail-type']) ?? true);
}

async function readJsonObject(req: IncomingMessage): Promise<Record<string, unknown> | 'too large' | 'malformed'> {
  let text: string;
  try {
    text = await readBody(req, MAX_REQUEST_BYTES);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return 'too large';
    throw error;
  }
  try {
    const value: unknown = JSON.parse(text || '{}');
    return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : 'malformed';
  } catch {
    return 'malformed';
  }
}

/** AWS's JSON error shape: the SDK raises an exception named after `__type`. */
function sendError(res: ServerResponse, status: number, type: string, message: string): void {
  sendJson(res, status, { __type: type, message }, { 'content-type': JSON_1_1 });
}
