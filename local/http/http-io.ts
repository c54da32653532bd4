import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** Payment requests are a few hundred bytes; anything near this is a client bug. */
export const MAX_BODY_BYTES = 64 * 1024;

export class PayloadTooLargeError extends Error {
  constructor(maxBytes = MAX_BODY_BYTES) {
    super(`Request body exceeds ${maxBytes} bytes`);
    this.name = 'PayloadTooLargeError';
  }
}

/**
 * Reads the whole body as UTF-8. An oversized body is drained, not kept, and then rejected:
 * answering before the client finished sending would make it see a reset instead of a 413.
 */
export function readBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => {
      if (size > maxBytes) reject(new PayloadTooLargeError(maxBytes));
      else resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

/** The media type of the request, lower-cased, without parameters such as charset. */
export function mediaType(req: IncomingMessage): string {
  return (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: OutgoingHttpHeaders = {}): void {
  send(res, status, JSON.stringify(body), { 'content-type': 'application/json; charset=utf-8', ...headers });
}

export function sendHtml(res: ServerResponse, status: number, html: string, headers: OutgoingHttpHeaders = {}): void {
  send(res, status, html, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', ...headers });
}

export function sendText(res: ServerResponse, status: number, text: string): void {
  send(res, status, text, { 'content-type': 'text/plain; charset=utf-8' });
}

export function sendEmpty(res: ServerResponse, status: number): void {
  res.writeHead(status).end();
}

function send(res: ServerResponse, status: number, body: string, headers: OutgoingHttpHeaders): void {
  res.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) }).end(body);
}
