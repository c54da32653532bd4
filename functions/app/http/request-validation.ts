import type { z } from 'zod';
import { ConnectorError, type ErrorDetail } from '../contract/connector-error.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';

/** A schema's own issues name a more specific code where they can; the route's schema lists those. */
export const VALIDATION_ERRORS = ['INVALID_REQUEST'] as const satisfies readonly ErrorCode[];

const describePath = (path: PropertyKey[]): string => path.map(String).join('.') || '(body)';

/** Every field a request may have, for the hint on a misspelt one. */
const KNOWN_FIELDS = ['agentId', 'paymentData', 'paymentFlow', 'crmReference', 'skipCallTransfer'];

/** Fields of VCC's own request that the connector takes in another form. */
const VCC_FIELD_HINTS: Record<string, string> = {
  accountConfigurationId:
    "is VCC's own field: send paymentFlow instead, the name of a payment flow of this environment, which the connector maps to its accountConfigurationId",
  // Only a route that opens a payment link or reissues one can refuse it as unknown.
  skipCallTransfer: 'is for agent-assist sessions: a payment link has no call to skip; remove it',
};

function unknownFieldMessage(key: string): string {
  const vccHint = Object.hasOwn(VCC_FIELD_HINTS, key) ? VCC_FIELD_HINTS[key] : undefined;
  if (vccHint) return vccHint;
  const meant = KNOWN_FIELDS.find((field) => field !== key && field.toLowerCase() === key.toLowerCase());
  return meant ? `is not a field: it is spelt ${meant}` : 'is not a field of this request; check its spelling, or remove it';
}

const TYPE_WORDS: Record<string, string> = {
  string: 'text (a JSON string)',
  number: 'a number',
  boolean: 'true or false',
  object: 'a JSON object',
  array: 'a JSON array',
  record: 'a JSON object',
};

/** Zod's messages speak of its own types ("Too small: expected string to have >=1 characters"): say it in the API's words. */
function messageOf(issue: z.core.$ZodIssue): string {
  // A schema's own message already says what to send.
  if (!/^(Too small|Too big|Invalid input)/.test(issue.message)) return issue.message;
  switch (issue.code) {
    case 'invalid_type':
      return /received undefined/.test(issue.message) ? 'is required' : `must be ${TYPE_WORDS[issue.expected] ?? issue.expected}`;
    case 'too_small':
      return issue.origin === 'string' && Number(issue.minimum) <= 1
        ? 'must not be empty'
        : `must be at least ${issue.minimum}${issue.origin === 'string' ? ' characters' : ''}`;
    case 'too_big':
      return `must be at most ${issue.maximum}${issue.origin === 'string' ? ' characters' : issue.origin === 'array' ? ' items' : ''}`;
    default:
      return issue.message;
  }
}

function detailsOf(issue: z.core.$ZodIssue): ErrorDetail[] {
  const path = describePath(issue.path);
  if (issue.code === 'unrecognized_keys')
    return issue.keys.map((key) => ({ path: path === '(body)' ? key : `${path}.${key}`, message: unknownFieldMessage(key) }));
  return [{ path, message: messageOf(issue) }];
}

/**
 * Parses with a zod schema or throws one ConnectorError listing every problem. The error code
 * is the most specific one an issue names (e.g. INVALID_AMOUNT), else INVALID_REQUEST.
 */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const details = result.error.issues.flatMap(detailsOf);
  const specific = result.error.issues
    .map((issue) => (issue.code === 'custom' ? (issue.params?.code as ErrorCode | undefined) : undefined))
    .find((code) => code !== undefined);
  const code = specific ?? 'INVALID_REQUEST';
  const message = `${details.map((d) => `${d.path} ${d.message}`).join('; ')}.`;
  throw new ConnectorError(code, { message, details });
}
