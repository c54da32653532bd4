/**
 * Card data must never reach us: anything in a request that looks like a primary account
 * number is refused before it is stored, logged or forwarded.
 *
 * A card number is 13-19 digits with a card-network first digit (2-6) and a valid Luhn check
 * digit, written whole or in groups separated by spaces, dashes, dots, slashes or the like. So
 * the text is read as runs of digit groups joined by one or two separator characters, and every
 * stretch of whole groups totalling 13-19 digits is checked: "4111111111111111 123" (number
 * and CVV) and "4111.1111.1111.1111" are caught. Whole groups only, so a reference number such
 * as the VCC docs' "0123456789098760" is not sliced into card-shaped windows; a group right
 * after "+" starts a phone number, never a card number.
 */
const GROUPED_DIGITS = /\+?\d+(?:[^\p{L}\p{N}+]{1,2}\d+)*/gu;
/**
 * A UUID (8-4-4-4-12 hex) has 32 characters and cannot hold a card number, but its digit groups
 * can chain into a Luhn-valid run: about one random UUID in 650 would be refused, and UUIDs are
 * what callers send as Idempotency-Key and VCC as sessionGuid. So UUIDs are set aside first.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
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

function containsCardNumber(groups: string[], firstStart: number): boolean {
  for (let start = firstStart; start < groups.length; start += 1) {
    let digits = '';
    for (let end = start; end < groups.length && digits.length < 19; end += 1) {
      digits += groups[end];
      if (digits.length >= 13 && digits.length <= 19 && CARD_NETWORK_FIRST_DIGIT.test(digits) && passesLuhn(digits)) return true;
    }
  }
  return false;
}

export function looksLikeCardNumber(text: string): boolean {
  // NFKC turns full-width and other compatibility digits into ASCII ones.
  for (const [run] of text.normalize('NFKC').replace(UUID, ' ').matchAll(GROUPED_DIGITS)) {
    const groups = run.split(/\D+/).filter(Boolean);
    if (containsCardNumber(groups, run.startsWith('+') ? 1 : 0)) return true;
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
