/**
 * Card data must never reach us: anything in a request that looks like a primary account
 * number (13-19 digits, optionally grouped by spaces or dashes, a card-network first digit and a
 * valid Luhn check digit) is refused before it is stored, logged or forwarded. The first-digit
 * rule keeps reference numbers such as "0123456789098760" (the VCC docs' example) payable.
 */
const CANDIDATE = /(?<!\d)\d(?:[ -]?\d){12,18}(?!\d)/g;
const CARD_NETWORK_FIRST_DIGIT = /^[2-6]/;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let digit = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return sum % 10 === 0;
}

export function looksLikeCardNumber(text: string): boolean {
  for (const match of text.matchAll(CANDIDATE)) {
    const digits = match[0].replace(/[ -]/g, '');
    if (CARD_NETWORK_FIRST_DIGIT.test(digits) && passesLuhn(digits)) return true;
  }
  return false;
}

/** Paths (e.g. `paymentData.Notes`) of every key or value in `value` that looks like a card number. */
export function findCardNumbers(value: unknown, path = ''): string[] {
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint') {
    return looksLikeCardNumber(String(value)) ? [path || '(body)'] : [];
  }
  if (Array.isArray(value)) return value.flatMap((item, index) => findCardNumbers(item, `${path}[${index}]`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => {
      const childPath = path ? `${path}.${key}` : key;
      // Never echo the key itself: it is the card number.
      return looksLikeCardNumber(key) ? [`${path || '(body)'} (a key)`] : findCardNumbers(item, childPath);
    });
  }
  return [];
}
