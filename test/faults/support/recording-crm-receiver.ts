import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { Webhook, WebhookVerificationError } from 'standardwebhooks';

/** An outcome event as the CRM verified it: the Standard Webhooks payload the connector signs. */
export interface CrmEvent {
  id: string;
  type: string;
  timestamp: string;
  data: { id: string; kind: string; state: string; sessionGuid: string | null; outcome: Record<string, unknown> | null } & Record<string, unknown>;
}

/** One callback that reached the CRM, whatever it answered. */
export interface CrmDelivery {
  webhookId: string;
  /** The payload, once its signature was verified over the raw body; null when refused. */
  event: CrmEvent | null;
  /** The raw body, to compare what two deliveries of one webhook-id carried. */
  body: string;
  refusal: string | null;
  answered: number;
  answeredAfterMs: number;
}

export interface RecordingCrmReceiver {
  callbackUrl: string;
  deliveries(): CrmDelivery[];
  /** Verified deliveries, the ones a CRM acts on (once per webhook-id). */
  verified(): (CrmDelivery & { event: CrmEvent })[];
  /** The CRM is down: its port refuses connections until `up()`. */
  down(): Promise<void>;
  up(): Promise<void>;
  /** The next `times` callbacks are taken in (verified and recorded) but answered after `delayMs`. */
  answerSlowly(delayMs: number, times: number): void;
  stop(): Promise<void>;
}

const readRaw = async (req: IncomingMessage): Promise<string> => {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
};

/**
 * A CRM callback receiver for the fault suite, apart from the example one the stack can start:
 * it verifies every callback's signature with `standardwebhooks`, records every delivery with
 * what it answered, and can be taken down or made slower than the connector waits.
 */
export async function startRecordingCrmReceiver(signingSecret: string, host = '127.0.0.1'): Promise<RecordingCrmReceiver> {
  const webhook = new Webhook(signingSecret);
  const deliveries: CrmDelivery[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let slow = { delayMs: 0, times: 0 };

  const take = async (req: IncomingMessage, res: ServerResponse) => {
    const started = Date.now();
    const body = await readRaw(req);
    const webhookId = String(req.headers['webhook-id'] ?? '');
    let event: CrmEvent | null = null;
    let refusal: string | null = null;
    try {
      event = webhook.verify(body, req.headers as Record<string, string>) as CrmEvent;
    } catch (error) {
      if (!(error instanceof WebhookVerificationError)) throw error;
      refusal = error.message;
    }
    const delayMs = slow.times > 0 ? slow.delayMs : 0;
    if (slow.times > 0) slow.times -= 1;
    const answered = event ? 204 : 401;
    const answer = () => {
      deliveries.push({ webhookId, event, body, refusal, answered, answeredAfterMs: Date.now() - started });
      if (!res.destroyed) res.writeHead(answered).end();
    };
    if (delayMs === 0) return answer();
    const timer = setTimeout(() => {
      timers.delete(timer);
      answer();
    }, delayMs);
    timers.add(timer);
  };

  const server = createServer((req, res) => {
    if (req.method === 'POST') {
      take(req, res).catch(() => res.writeHead(500).end());
    } else {
      res.writeHead(404).end();
    }
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  let port = 0;
  await listen();
  port = (server.address() as AddressInfo).port;
  const close = () =>
    new Promise<void>((resolve) => {
      server.close(() => resolve());
      for (const socket of sockets) socket.destroy();
    });

  return {
    callbackUrl: `http://${host}:${port}/events`,
    deliveries: () => [...deliveries],
    verified: () => deliveries.filter((delivery): delivery is CrmDelivery & { event: CrmEvent } => delivery.event !== null),
    down: close,
    up: listen,
    answerSlowly(delayMs, times) {
      slow = { delayMs, times };
    },
    async stop() {
      for (const timer of timers) clearTimeout(timer);
      if (server.listening) await close();
    },
  };
}
