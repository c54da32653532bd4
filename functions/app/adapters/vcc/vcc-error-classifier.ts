import { ConnectorError } from '../../contract/connector-error.ts';
import type { ErrorCode } from '../../contract/error-catalogue.ts';

/**
 * VCC's documented error texts (vcc-payment-api.md, "Documented errors"), most specific first:
 * the provider's 'invalid_client' texts also contain the plain OAuth 'invalid_client'.
 */
const DOCUMENTED_ERRORS: { pattern: RegExp; code: ErrorCode }[] = [
  { pattern: /returned error message 'invalid_client_key'/i, code: 'VCC_PROVIDER_CREDENTIALS_INVALID' },
  { pattern: /returned error message 'invalid_client'/i, code: 'VCC_PROVIDER_PERMISSION_DENIED' },
  { pattern: /Account configuration does not exists? for account/i, code: 'VCC_UNKNOWN_ACCOUNT_CONFIGURATION' },
  { pattern: /"error"\s*:\s*"invalid_client"/, code: 'VCC_CREDENTIALS_INVALID' },
];

const MAX_EXCERPT_LENGTH = 300;

function shapeOf(value: unknown): unknown {
  if (Array.isArray(value)) return value.slice(0, 5).map(shapeOf);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .slice(0, 20)
        .map(([key, item]) => [key, shapeOf(item)]),
    );
  }
  return typeof value === 'string' ? `<string of ${value.length}>` : `<${typeof value}>`;
}

/**
 * An undocumented answer may echo what we sent, card-holder details included, so the log
 * keeps only its shape: JSON keys with the type and length of each value, or a text's length.
 */
function shapeOfAnswer(text: string): string {
  try {
    return JSON.stringify(shapeOf(JSON.parse(text))).slice(0, MAX_EXCERPT_LENGTH);
  } catch {
    return `<${text.length} characters of text>`;
  }
}

/**
 * Maps a VCC error answer to our code. A documented error's text (account and configuration
 * names only) is kept for the operator's log; of anything else, only its shape.
 */
export function classifyVccError(status: number, bodyText: string, operation: string): ConnectorError {
  const match = DOCUMENTED_ERRORS.find(({ pattern }) => pattern.test(bodyText));
  const excerpt = match ? bodyText.slice(0, MAX_EXCERPT_LENGTH) : shapeOfAnswer(bodyText);
  return new ConnectorError(match?.code ?? 'VCC_UNAVAILABLE', {
    operatorHint: `VCC ${operation} answered ${status}: ${excerpt}`,
    vccCertainlyDidNotAct: match !== undefined,
  });
}
