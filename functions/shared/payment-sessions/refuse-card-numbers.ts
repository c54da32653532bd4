import { ConnectorError } from '../errors/connector-error.ts';
import { findCardNumbers, looksLikeCardNumber } from './card-number-guard.ts';

/**
 * Refuses a request body holding anything that looks like a card number. The raw text is
 * checked too: a 19-digit JSON number loses digits when parsed. The error names where, never what.
 */
export function refuseCardNumbers(parsed: unknown, raw: string): void {
  const paths = findCardNumbers(parsed);
  if (paths.length === 0 && looksLikeCardNumber(raw)) paths.push('(body)');
  if (paths.length > 0) {
    throw new ConnectorError('CARD_NUMBER_REFUSED', {
      details: paths.map((path) => ({ path, message: 'looks like a card number; remove it' })),
    });
  }
}
