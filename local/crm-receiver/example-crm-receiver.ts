import type { IncomingMessage, ServerResponse } from 'node:http';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';
import { z } from 'zod';
import { readBody, sendEmpty, sendJson, sendText } from '../http/http-io.ts';
import { startHttpServer } from '../http/http-server.ts';

export interface ReceivedCallback {
  webhookId: string;
  receivedAt: string;
  /** The verified payload: what a CRM would act on. */
  event: { id: string; type: string; data: Record<string, unknown> } & Record<string, unknown>;
}

export interface ExampleCrmReceiver {
  url: string;
  /** Where the connector posts outcome events. */
  callbackUrl: string;
  stop(): Promise<void>;
}

/** Tests make the CRM fail the next N callbacks (503), as a CRM being deployed would; optionally only those of one event. */
const outageSchema = z.strictObject({ failNext: z.number().int().min(0), webhookId: z.string().min(1).optional() });

/**
 * What a CRM does with the connector's callbacks, at its smallest: verify the Standard Webhooks
 * signature over the raw body before parsing it, deduplicate on webhook-id, answer 2xx. It also
 * lists what it received (GET /received) and can be made to fail, for tests and for watching.
 */
export async function startExampleCrmReceiver({
  port = 0,
  host = '127.0.0.1',
  signingSecret,
  log = false,
}: {
  port?: number;
  host?: string;
  signingSecret: string;
  log?: boolean;
}): Promise<ExampleCrmReceiver> {
  const webhook = new Webhook(signingSecret);
  const received = new Map<string, ReceivedCallback>();
  const attempts: { webhookId: string; answered: number }[] = [];
  let outage: z.output<typeof outageSchema> = { failNext: 0 };

  const takeCallback = async (req: IncomingMessage, res: ServerResponse) => {
    const body = await readBody(req);
    const webhookId = String(req.headers['webhook-id'] ?? '');
    if (outage.failNext > 0 && (outage.webhookId ?? webhookId) === webhookId) {
      outage.failNext -= 1;
      attempts.push({ webhookId, answered: 503 });
      return sendText(res, 503, 'CRM unavailable');
    }
    let event: ReceivedCallback['event'];
    try {
      event = webhook.verify(body, req.headers as Record<string, string>) as ReceivedCallback['event'];
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      attempts.push({ webhookId, answered: 401 });
      return sendText(res, 401, `signature refused: ${error.message}`);
    }
    attempts.push({ webhookId, answered: 204 });
    if (!received.has(webhookId)) {
      received.set(webhookId, { webhookId, receivedAt: new Date().toISOString(), event });
      if (log) console.log(`CRM callback ${event.type}: session ${String(event.data.id)} is ${String(event.data.state)} (signature verified)`);
    }
    return sendEmpty(res, 204);
  };

  const server = await startHttpServer(port, host, async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://local').pathname;
    if (req.method === 'POST' && path === '/events') return takeCallback(req, res);
    if (req.method === 'GET' && path === '/received') return sendJson(res, 200, { received: [...received.values()], attempts });
    if (req.method === 'PUT' && path === '/outage') {
      const parsed = outageSchema.safeParse(JSON.parse((await readBody(req)) || '{}'));
      if (!parsed.success) return sendText(res, 400, 'send {"failNext": <number of callbacks to refuse>, "webhookId"?: <only this event>}');
      outage = parsed.data;
      return sendEmpty(res, 204);
    }
    return sendText(res, 404, 'POST /events, GET /received, PUT /outage');
  });
  return { url: server.url, callbackUrl: `${server.url}/events`, stop: server.stop };
}
