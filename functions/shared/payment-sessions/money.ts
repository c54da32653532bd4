/**
 * Amounts travel as decimal strings ("12.40") towards VCC and come back from the gateway in
 * minor units ("1240"). Precision per currency comes from ICU (Intl), which tracks ISO 4217's
 * active currencies, so we keep no hand-written table.
 */
const KNOWN_CURRENCIES = new Set(Intl.supportedValuesOf('currency'));
const DECIMAL_AMOUNT = /^(0|[1-9]\d{0,11})(\.\d+)?$/;

export const isKnownCurrency = (code: string): boolean => /^[A-Z]{3}$/.test(code) && KNOWN_CURRENCIES.has(code);

export function currencyDecimals(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
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
