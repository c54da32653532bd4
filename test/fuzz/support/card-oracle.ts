import type { AttributeValue } from '@aws-sdk/client-dynamodb';

/**
 * The fuzz suite's own idea of "a card number", written without the product's card guard so
 * that the two can disagree: the guard is what is under test.
 *
 * A value is card-like when, after every Unicode decimal digit (`\p{Nd}`: Arabic-Indic,
 * Devanagari, full-width, mathematical...) is read as its ASCII digit, it holds a run of digit
 * groups joined by at most 5 characters that are neither letters nor numbers, and some stretch of
 * whole groups in that run has 13 to 19 digits, starts with 2-6 (the card networks) and passes the
 * Luhn check. A `+` is just another separator: "+4111111111111111" is a card number, not a phone.
 * UUIDs (8-4-4-4-12 hex) and hex digests are set aside first: they are the ids VCC and callers use
 * and the hashes the store keeps, and their digit groups can chain into a Luhn-valid run by chance.
 */

const DECIMAL_DIGIT = /\p{Nd}/u;
const DECIMAL_DIGITS = /\p{Nd}/gu;
const digitValues = new Map<number, number>();

/**
 * Unicode encodes every script's decimal digits as a contiguous run of ten, zero first (a
 * stability guarantee), so a digit's value is how far it is from the start of its run, modulo ten
 * (a few runs, such as the mathematical digits, are several sets of ten back to back).
 */
export function decimalDigitValue(codePoint: number): number {
  const known = digitValues.get(codePoint);
  if (known !== undefined) return known;
  let before = 0;
  while (codePoint - before - 1 >= 0 && DECIMAL_DIGIT.test(String.fromCodePoint(codePoint - before - 1))) before += 1;
  const value = before % 10;
  digitValues.set(codePoint, value);
  return value;
}

/** Every `\p{Nd}` character of `text` as its ASCII digit; everything else unchanged. */
export function asciiDigits(text: string): string {
  return text.replace(DECIMAL_DIGITS, (digit) => String(decimalDigitValue(digit.codePointAt(0)!)));
}

/** A UUID not glued to more hex: `<uuid>` inside a longer hex string is not an id we recognise. */
const UUID = /(?<![0-9a-f])[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?![0-9a-f])/gi;
/**
 * A hex digest or reference (32 hex characters or more, letters among them: a SHA-256 request
 * hash, a VCC event id, a gateway's TxRefNum). About one SHA-256 in 500 holds a Luhn-valid run
 * of 13-19 digits between its letters; it is an id, not a card number.
 */
const HEX_DIGEST = /(?<![0-9a-z])(?=[0-9a-f]*[a-f])[0-9a-f]{32,}(?![0-9a-z])/gi;
/** Digit groups joined by 1-5 characters that are neither letters nor numbers. */
const DIGIT_RUN = /[0-9]+(?:[^\p{L}\p{N}]{1,5}[0-9]+)*/gu;

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let fromRight = 0; fromRight < digits.length; fromRight += 1) {
    const digit = digits.charCodeAt(digits.length - 1 - fromRight) - 48;
    const weighted = fromRight % 2 === 1 ? digit * 2 : digit;
    sum += weighted > 9 ? weighted - 9 : weighted;
  }
  return sum % 10 === 0;
}

const isCardNumber = (digits: string) => digits.length >= 13 && digits.length <= 19 && digits[0]! >= '2' && digits[0]! <= '6' && passesLuhn(digits);

/**
 * Whether `text` has the 13 digits a card number needs: ASCII digits counted, and any other
 * character past ASCII taken as a possible digit of another script. Most texts the fuzzer reads
 * fail it, and skip the regular expressions below.
 */
function mayHoldCard(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i += 1) {
    const code = text.charCodeAt(i);
    if (code > 0x7f || (code >= 48 && code <= 57 && ++digits >= 13)) return true;
  }
  return false;
}

/** The card numbers (as ASCII digits) that `text` spells, in any of the ways described above. */
export function cardNumbersInText(text: string): string[] {
  const found: string[] = [];
  if (!mayHoldCard(text)) return found;
  // A letter in place of the UUID ends any run at it.
  const withoutIds = asciiDigits(text.replace(UUID, 'U').replace(HEX_DIGEST, 'H'));
  for (const [run] of withoutIds.matchAll(DIGIT_RUN)) {
    const groups = run.split(/[^0-9]+/).filter(Boolean);
    for (let start = 0; start < groups.length; start += 1) {
      let digits = '';
      for (let end = start; end < groups.length && digits.length + groups[end]!.length <= 19; end += 1) {
        digits += groups[end];
        if (isCardNumber(digits)) found.push(digits);
      }
    }
  }
  return found;
}

export const looksLikeCard = (text: string): boolean => cardNumbersInText(text).length > 0;

/** Where a card-like value was found, and the value (shortened). */
export interface CardFinding {
  where: string;
  value: string;
}

const shorten = (text: string, max = 160) => (text.length > max ? `${text.slice(0, max)}…(${text.length} chars)` : text);

/**
 * JSON text read token by token, without JSON.parse: every string (keys included) decoded and
 * every number exactly as written, so a 22-digit number keeps its digits. Null for text that is
 * not JSON. Iterative, so 5,000 levels of nesting cost nothing.
 */
export function jsonScalars(text: string): string[] | null {
  try {
    JSON.parse(text);
  } catch {
    return null;
  }
  const scalars: string[] = [];
  for (const [token] of text.matchAll(/"(?:[^"\\]|\\.)*"|-?[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/g)) {
    if (!token.startsWith('"')) scalars.push(token);
    else scalars.push(token.includes('\\') ? (JSON.parse(token) as string) : token.slice(1, -1));
  }
  return scalars;
}

/**
 * A stored string is checked as text, unless it is itself a JSON object or array (a body kept as
 * received, say): then each of its values is checked on its own, as if it had been stored as a map.
 */
function cardsInStoredString(text: string, where: string, findings: CardFinding[]): void {
  const scalars = /^\s*[[{]/.test(text) ? jsonScalars(text) : null;
  for (const scalar of scalars ?? [text]) {
    if (looksLikeCard(scalar)) findings.push({ where, value: shorten(scalar) });
  }
}

/** Every card-like key or value in a JSON text (an API answer, a simulator record). */
export function cardsInJsonText(text: string, where: string): CardFinding[] {
  const findings: CardFinding[] = [];
  cardsInStoredString(text, where, findings);
  return findings;
}

/** Every card-like key or value of a DynamoDB item, in its wire form (numbers exactly as stored). */
export function cardsInItem(item: Record<string, AttributeValue>, where: string): CardFinding[] {
  const findings: CardFinding[] = [];
  const pending: [AttributeValue, string][] = Object.entries(item).map(([name, value]) => [value, name]);
  for (const [name] of Object.entries(item)) if (looksLikeCard(name)) findings.push({ where: `${where} (attribute name)`, value: shorten(name) });
  while (pending.length > 0) {
    const [value, path] = pending.pop()!;
    const at = `${where} ${path}`;
    if (value.S !== undefined) cardsInStoredString(value.S, at, findings);
    else if (value.N !== undefined) {
      if (looksLikeCard(value.N)) findings.push({ where: at, value: value.N });
    } else if (value.B !== undefined) cardsInStoredString(Buffer.from(value.B).toString('utf8'), at, findings);
    else if (value.SS) value.SS.forEach((s, i) => cardsInStoredString(s, `${at}[${i}]`, findings));
    else if (value.NS)
      value.NS.forEach((n) => {
        if (looksLikeCard(n)) findings.push({ where: at, value: n });
      });
    else if (value.BS) value.BS.forEach((b, i) => cardsInStoredString(Buffer.from(b).toString('utf8'), `${at}[${i}]`, findings));
    else if (value.L) value.L.forEach((entry, i) => pending.push([entry, `${path}[${i}]`]));
    else if (value.M) {
      for (const [key, entry] of Object.entries(value.M)) {
        if (looksLikeCard(key)) findings.push({ where: `${at} (a key)`, value: shorten(key) });
        pending.push([entry, `${path}.${key.length > 40 ? `${key.slice(0, 40)}…` : key}`]);
      }
    }
  }
  return findings;
}
