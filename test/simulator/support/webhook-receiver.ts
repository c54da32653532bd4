import type { IncomingMessage, ServerResponse } from 'node:http';
import { readBody, sendJson } from '../../../local/http/http-io.ts';
import { startHttpServer } from '../../../local/http/http-server.ts';
import type { VccSessionStatus, WebhookTarget } from '../../../local/vcc-simulator/index.ts';

/** How the receiver answers one webhook POST: a status, a status after a pause, or never. */
export type WebhookAnswer = number | { status: number; afterMs: number } | 'hang';

export interface ReceivedWebhook {
  authorization: string | undefined;
  contentType: string | undefined;
  body: VccSessionStatus;
  /** Date.now() when the request arrived. */
  at: number;
}

export interface TokenRequest {
  authorization: string | undefined;
  contentType: string | undefined;
  form: Record<string, string>;
}

export interface WebhookReceiverOptions {
  scope?: string;
  expiresInSeconds?: number;
}

/**
 * What we would run to receive VCC's webhooks, reduced to what the tests observe: a client
 * credentials token endpoint (HTTP Basic only) and a webhook endpoint that accepts only the
 * bearer tokens it issued. Its answers can be scripted per POST.
 */
export interface WebhookReceiver {
  target: WebhookTarget;
  received: ReceivedWebhook[];
  tokenRequests: TokenRequest[];
  webhooksFor(sessionGuid: string): ReceivedWebhook[];
  /** Answers for the next webhook POSTs, in order; 200 once they run out. */
  answerNext(...answers: WebhookAnswer[]): void;
  /** The next `count` token requests answer 500. */
  failTokenRequests(count: number): void;
  /** Issued tokens stop being accepted, as after a key rotation: the next POST gets 401. */
  forgetTokens(): void;
  stop(): Promise<void>;
}

export const RECEIVER_CLIENT = { clientId: 'vcc-webhooks', clientSecret: 'webhook-secret:with-colon' };

export async function startWebhookReceiver(options: WebhookReceiverOptions = {}): Promise<WebhookReceiver> {
  const received: ReceivedWebhook[] = [];
  const tokenRequests: TokenRequest[] = [];
  const answers: WebhookAnswer[] = [];
  const validTokens = new Set<string>();
  let tokenFailures = 0;

  const issueToken = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
    tokenRequests.push({ authorization: req.headers.authorization, contentType: req.headers['content-type'], form });
    if (tokenFailures > 0) {
      tokenFailures -= 1;
      return sendJson(res, 500, { error: 'server_error' });
    }
    if (req.headers.authorization !== basic(RECEIVER_CLIENT.clientId, RECEIVER_CLIENT.clientSecret)) return sendJson(res, 401, { error: 'invalid_client' });
    if (form.grant_type !== 'client_credentials') return sendJson(res, 400, { error: 'unsupported_grant_type' });
    if (form.scope !== options.scope) return sendJson(res, 400, { error: 'invalid_scope' });
    const accessToken = `token-${tokenRequests.length}`;
    validTokens.add(accessToken);
    sendJson(res, 200, { access_token: accessToken, token_type: 'Bearer', expires_in: options.expiresInSeconds ?? 3600 });
  };

  const receiveWebhook = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const body = JSON.parse(await readBody(req)) as VccSessionStatus;
    received.push({ authorization: req.headers.authorization, contentType: req.headers['content-type'], body, at: Date.now() });
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!bearer || !validTokens.has(bearer)) return sendJson(res, 401, { message: 'Unauthorized' });
    const answer = answers.shift() ?? 200;
    if (answer === 'hang') return;
    if (typeof answer === 'number') return sendJson(res, answer, {});
    await new Promise((resolve) => setTimeout(resolve, answer.afterMs));
    sendJson(res, answer.status, {});
  };

  const server = await startHttpServer(0, '127.0.0.1', async (req, res) => {
    if (req.method === 'POST' && req.url === '/token') return issueToken(req, res);
    if (req.method === 'POST' && req.url === '/webhook') return receiveWebhook(req, res);
    sendJson(res, 404, {});
  });

  return {
    target: {
      url: `${server.url}/webhook`,
      tokenUrl: `${server.url}/token`,
      ...RECEIVER_CLIENT,
      ...(options.scope ? { scope: options.scope } : {}),
    },
    received,
    tokenRequests,
    webhooksFor: (sessionGuid) => received.filter((webhook) => webhook.body.sessionGuid === sessionGuid),
    answerNext: (...next) => void answers.push(...next),
    failTokenRequests: (count) => void (tokenFailures = count),
    forgetTokens: () => validTokens.clear(),
    stop: server.stop,
  };
}

/** RFC 6749 §2.3.1 Basic credentials: each part percent-encoded first, so ':' in a secret becomes %3A. */
export function basic(clientId: string, clientSecret: string): string {
  const encode = (value: string): string => encodeURIComponent(value);
  return `Basic ${Buffer.from(`${encode(clientId)}:${encode(clientSecret)}`).toString('base64')}`;
}
