import { MAX_BODY_BYTES } from '../contract/api-contract.ts';
import { ConnectorError } from '../contract/connector-error.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';
import type { ApiRequest } from './api-request.ts';

export const TEXT_BODY_ERRORS = ['PAYLOAD_TOO_LARGE'] as const satisfies readonly ErrorCode[];
/** What reading a JSON object body refuses: too large, not JSON (or not said to be), not an object. */
export const JSON_BODY_ERRORS = [...TEXT_BODY_ERRORS, 'UNSUPPORTED_MEDIA_TYPE', 'INVALID_JSON', 'INVALID_REQUEST'] as const satisfies readonly ErrorCode[];

/** The request's body as text, refused when larger than `maxBytes`. */
export function textBody(request: ApiRequest, maxBytes = MAX_BODY_BYTES): string {
  const raw = request.rawBody ?? '';
  if (Buffer.byteLength(raw, 'utf8') > maxBytes) throw new ConnectorError('PAYLOAD_TOO_LARGE');
  return raw;
}

/** The request's body as parsed JSON, after the checks every JSON route needs. */
export function jsonBody(request: ApiRequest): unknown {
  const raw = textBody(request);
  const contentType = request.headers['content-type'] ?? '';
  if (!/^application\/(.+\+)?json\b/i.test(contentType)) throw new ConnectorError('UNSUPPORTED_MEDIA_TYPE');
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    // JSON.parse's message quotes the input; keep it out of the response.
    const position = /position (\d+)/.exec((error as Error).message)?.[1];
    throw new ConnectorError('INVALID_JSON', {
      details: [{ path: '(body)', message: position ? `syntax error at character ${position}` : 'syntax error' }],
    });
  }
}

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`);

/** A parsed body that must be a JSON object: anything else is refused before a schema reads it. */
export function asJsonObject(body: unknown): Record<string, unknown> {
  if (typeof body === 'object' && body !== null && !Array.isArray(body)) return body as Record<string, unknown>;
  throw new ConnectorError('INVALID_REQUEST', {
    message: `The request body is ${kindOf(body)}: send a JSON object with the fields of this route.`,
    details: [{ path: '(body)', message: `is ${kindOf(body)}; send a JSON object` }],
  });
}
