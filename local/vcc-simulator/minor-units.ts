import { code as iso4217 } from 'currency-codes';

/** ISO 4217 minor-unit digits of a currency, e.g. GBP 2, JPY 0, KWD 3 (list one, as gateways use it). */
export const minorUnitDigits = (currency: string): number => iso4217(currency)?.digits ?? 2;

export const isIsoCurrency = (code: string): boolean => iso4217(code) !== undefined;

export const fractionDigits = (decimal: string): number => decimal.split('.')[1]?.length ?? 0;

/**
 * "12.40" GBP -> "1240", "1200" JPY -> "1200". Works on the digits (BigInt), never on floats.
 * The amount must already be a validated decimal string with at most the currency's digits.
 */
export function toMinorUnits(amount: string, currency: string): string {
  const digits = minorUnitDigits(currency);
  const [whole = '0', fraction = ''] = amount.split('.');
  if (fraction.length > digits) throw new RangeError(`${amount} has more decimals than ${currency} allows`);
  const minor = BigInt(whole) * 10n ** BigInt(digits) + BigInt(fraction.padEnd(digits, '0') || '0');
  return minor.toString();
}
