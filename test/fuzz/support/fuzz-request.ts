import fc from 'fast-check';
import type { Assertion } from './fuzz-settings.ts';
import type { HttpAnswer } from './fuzz-stack.ts';
import type { AuthChoice, HeaderValue } from './http-inputs.ts';

/** One generated request, before its placeholders are filled in for a send. */
export interface FuzzRequest {
  /** Which generator made it, to group failures by kind of input. */
  family: string;
  method: 'GET' | 'POST';
  /** Already percent-encoded where it needs to be; may hold placeholders. */
  path: string;
  auth: AuthChoice;
  headers: Record<string, HeaderValue>;
  /** JSON text or anything else; may hold placeholders. */
  body?: string;
  /** The body is raw bytes (each character one byte), e.g. invalid UTF-8. */
  bodyIsBytes?: boolean;
}

const shortened = (text: string, max = 300) =>
  text.length > max ? `${text.slice(0, max)}…[${text.length} chars, ${Buffer.byteLength(text)} bytes, ends ${JSON.stringify(text.slice(-40))}]` : text;

/** How a request is printed in a counter-example: bodies of 60 KB shortened, the rest as is. */
export function describeRequest(request: FuzzRequest): string {
  const headers = Object.entries(request.headers).map(([name, value]) => `${name}: ${shortened(JSON.stringify(value), 200)}`);
  const body = request.body === undefined ? '' : `\n    body: ${shortened(JSON.stringify(request.body))}`;
  return `${request.family}: ${request.method} ${shortened(request.path, 200)} auth=${request.auth}${headers.length ? `\n    ${headers.join('\n    ')}` : ''}${body}`;
}

/** A request that fast-check prints readably. */
export function fuzzRequest(request: FuzzRequest): FuzzRequest {
  return Object.defineProperty({ ...request }, fc.toStringMethod, { value: () => describeRequest(request), enumerable: false });
}

/** A request as sent: placeholders filled in, and the answer. */
export interface Sent {
  request: FuzzRequest;
  path: string;
  headers: Record<string, HeaderValue>;
  body?: string;
  /** This send's own tokens: the marker and the fresh UUID put into it. */
  marker: string;
  uuid: string;
  answer?: HttpAnswer;
  error?: string;
}

/** One failed check, and the request it is about when there is one. */
export interface Problem {
  assertion: Assertion;
  message: string;
  sent?: Sent;
}

export const shorten = (text: string, max = 240) => (text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text);

export const answerOf = (sent: Sent) => (sent.answer ? `${sent.answer.status} ${shorten(sent.answer.text, 300)}` : `no answer (${sent.error})`);

/** The body as the server reads it: raw bytes are decoded as UTF-8, invalid sequences becoming U+FFFD. */
export const asReceived = (sent: Sent) => (sent.body !== undefined && sent.request.bodyIsBytes ? Buffer.from(sent.body, 'latin1').toString('utf8') : sent.body);

/** The request as it went out, for a report. */
export const describeSent = (sent: Sent) =>
  describeRequest({ ...sent.request, path: sent.path, headers: sent.headers, ...(sent.body === undefined ? {} : { body: sent.body }) });
