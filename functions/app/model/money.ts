import { code as iso4217 } from 'currency-codes';

/**
 * Amounts travel as decimal strings ("12.40") towards VCC and come back from the gateway in
 * minor units ("1240"). Currencies and their decimals come from ISO 4217's list one (the
 * `currency-codes` package), not from ICU, whose display digits differ (HUF, IDR, IQD...) and
 * move with the Node version.
 */
const DECIMAL_AMOUNT = /^(0|[1-9]\d{0,11})(\.\d+)?$/;

/** ISO 4217 codes that are not money a card can pay: precious metals, fund and accounting units, testing. */
const NOT_PAYABLE = new Set([
  'XAU',
  'XAG',
  'XPT',
  'XPD',
  'XDR',
  'XBA',
  'XBB',
  'XBC',
  'XBD',
  'XTS',
  'XXX',
  'XSU',
  'XUA',
  'BOV',
  'CHE',
  'CHW',
  'CLF',
  'COU',
  'MXV',
  'USN',
  'UYI',
  'UYW',
]);

export const isKnownCurrency = (code: string): boolean => /^[A-Z]{3}$/.test(code) && !NOT_PAYABLE.has(code) && iso4217(code) !== undefined;

/** Minor-unit digits of a known currency: GBP 2, JPY 0, KWD 3. */
export function currencyDecimals(currency: string): number {
  const record = iso4217(currency);
  if (!record) throw new RangeError(`${currency} is not an ISO 4217 currency`);
  return record.digits;
}

export type AmountProblem = 'not-a-decimal-string' | 'not-positive' | 'too-precise';

/** Why `amount` is not a payable amount in `currency`, or undefined when it is. */
export function amountProblem(amount: string, currency: string): AmountProblem | undefined {
  const match = DECIMAL_AMOUNT.exec(amount);
  if (!match) return 'not-a-decimal-string';
  if (!/[1-9]/.test(amount)) return 'not-positive';
  const decimals = (match[2]?.length ?? 1) - 1;
  return decimals > currencyDecimals(currency) ? 'too-precise' : undefined;
}

/** "1240" GBP -> "12.40"; undefined when the input is not a whole number of minor units. */
export function minorToMajor(minor: string, currency: string): string | undefined {
  if (!/^-?\d+$/.test(minor) || !isKnownCurrency(currency)) return undefined;
  const decimals = currencyDecimals(currency);
  const negative = minor.startsWith('-');
  const digits = (negative ? minor.slice(1) : minor).padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals).replace(/^0+(?=\d)/, '');
  const fraction = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}
