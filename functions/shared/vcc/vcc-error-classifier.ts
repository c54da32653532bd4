import { ConnectorError } from '../errors/connector-error.ts';
import type { ErrorCode } from '../errors/error-catalogue.ts';

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

const MAX_HINT_LENGTH = 500;

/** Maps a VCC error answer to our code; VCC's own text is kept for the operator's log only. */
export function classifyVccError(status: number, bodyText: string, operation: string): ConnectorError {
  const match = DOCUMENTED_ERRORS.find(({ pattern }) => pattern.test(bodyText));
  const operatorHint = `VCC ${operation} answered ${status}: ${bodyText.slice(0, MAX_HINT_LENGTH)}`;
  return new ConnectorError(match?.code ?? 'VCC_UNAVAILABLE', { operatorHint });
}
