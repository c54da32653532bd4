import type { z } from 'zod';
import { mediaType, readBody, sendJson } from '../http/http-io.ts';
import type { Exchange } from './exchange.ts';

/**
 * Reads a JSON body, answering 415 (not JSON) or 400 (unparsable) itself.
 * Returns undefined when it already answered.
 */
export async function readJsonBody(exchange: Exchange): Promise<{ value: unknown } | undefined> {
  const type = mediaType(exchange.req);
  if (type !== 'application/json' && !type.endsWith('+json')) {
    sendJson(exchange.res, 415, { message: 'Content-Type must be application/json.' });
    return undefined;
  }
  const text = await readBody(exchange.req);
  try {
    return { value: JSON.parse(text) as unknown };
  } catch {
    sendJson(exchange.res, 400, { message: 'The request body is not valid JSON.' });
    return undefined;
  }
}

/** Validates against a schema, answering 400 with one entry per problem when it fails. */
export function validated<T>(exchange: Exchange, schema: z.ZodType<T>, value: unknown): T | undefined {
  const parsed = schema.safeParse(value);
  if (parsed.success) return parsed.data;
  const errors = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  sendJson(exchange.res, 400, { message: 'The request is invalid.', errors });
  return undefined;
}
