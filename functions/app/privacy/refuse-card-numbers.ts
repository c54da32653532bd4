import { ConnectorError } from '../contract/connector-error.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';

export const CARD_GUARD_ERRORS = ['CARD_NUMBER_REFUSED'] as const satisfies readonly ErrorCode[];

import { findCardNumbers, looksLikeCardNumber } from './card-number-guard.ts';

/** A field the route reads as something else than free text, and may read differently from the guard. */
export interface CardGuardExemption {
  /** Keys from the body's root, e.g. `['paymentData', 'CustomerPhoneNumber']`. */
  path: readonly string[];
  /** Whether this value of the field is what the field holds, not a card number. */
  allows: (value: string) => boolean;
}

function valueAt(body: unknown, path: readonly string[]): unknown {
  let value = body;
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value) || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/**
 * Refuses a request body holding anything that looks like a card number. The raw text is
 * checked too: a 19-digit JSON number loses digits when parsed, a repeated key hides its first
 * value, and digit groups can be split across keys and values. An exempted value is left out of
 * both. The error names where, never what.
 */
export function refuseCardNumbers(parsed: unknown, raw: string, exemptions: readonly CardGuardExemption[] = []): void {
  const exempted = exemptions.flatMap(({ path, allows }) => {
    const value = valueAt(parsed, path);
    return typeof value === 'string' && allows(value) ? [{ path: path.join('.'), value }] : [];
  });
  const paths = findCardNumbers(parsed).filter((path) => !exempted.some((exempt) => exempt.path === path));
  const rawWithoutExempted = exempted.reduce((text, { value }) => text.replaceAll(JSON.stringify(value), '""'), raw);
  if (paths.length === 0 && looksLikeCardNumber(rawWithoutExempted)) paths.push('(body)');
  if (paths.length > 0) {
    throw new ConnectorError('CARD_NUMBER_REFUSED', {
      details: paths.map((path) => ({ path, message: 'looks like a card number; remove it' })),
    });
  }
}
