import type { z } from 'zod';
import { ConnectorError, type ErrorDetail } from '../contract/connector-error.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';

const describePath = (path: PropertyKey[]): string => path.map(String).join('.') || '(body)';

function detailOf(issue: z.core.$ZodIssue): ErrorDetail {
  // Unknown keys get a hint: the VCC docs' own example spells agentId as agentID.
  if (issue.code === 'unrecognized_keys') {
    return { path: describePath(issue.path), message: `unknown field(s) ${issue.keys.join(', ')}; check spelling and case` };
  }
  return { path: describePath(issue.path), message: issue.message };
}

/**
 * Parses with a zod schema or throws one ConnectorError listing every problem. The error code
 * is the most specific one an issue names (e.g. INVALID_AMOUNT), else INVALID_REQUEST.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.map(detailOf);
  const specific = result.error.issues
    .map((issue) => (issue.code === 'custom' ? (issue.params?.code as ErrorCode | undefined) : undefined))
    .find((code) => code !== undefined);
  const code = specific ?? 'INVALID_REQUEST';
  const message = `${details.map((d) => `${d.path} ${d.message}`).join('; ')}.`;
  throw new ConnectorError(code, { message, details });
}
