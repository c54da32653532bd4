/**
 * Card data must never reach us: anything in a request that looks like a primary account
 * number is refused before it is stored, logged or forwarded, and anything in what VCC sends
 * back or in a log line is removed.
 *
 * A card number is 13-19 digits with a card-network first digit (2-6) and a valid Luhn check
 * digit, written whole or in groups. So the text is read as runs of digit groups joined by up
 * to five separator characters (anything but a letter or a digit: "4111 - 1111 - 1111 - 1111"
 * and "+4111111111111111" are caught), and every stretch of whole groups totalling 13-19 digits
 * is checked: "4111111111111111 123" (number and CVV) is caught too. Whole groups only, so a
 * reference number such as the VCC docs' "0123456789098760" is not sliced into card-shaped
 * windows. A digit is any Unicode decimal digit (Arabic-Indic, Devanagari, full-width...),
 * read as its value (NFKC folds only some of them); a letter of any script ends a run.
 */
const MAX_SEPARATOR_LENGTH = 5;
const MIN_CARD_DIGITS = 13;
const MAX_CARD_DIGITS = 19;
const CARD_NETWORK_FIRST_DIGIT = /^[2-6]/;

export const REDACTED_CARD_NUMBER = '[card number removed]';

/**
 * A UUID (8-4-4-4-12 hex) has 32 characters and cannot hold a card number, but its digit groups
 * can chain into a Luhn-valid run: about one random UUID in 650 would be refused, and UUIDs are
 * what callers send as Idempotency-Key and VCC as sessionGuid. So a UUID reads as one separator.
 */
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi;
/** Text without any of these holds no digit at all: the common case, answered without a scan. */
const ANY_DIGIT = /[\p{Nd}\p{No}]/u;
const DECIMAL_DIGIT = /\p{Nd}/u;
/** Superscript, subscript and circled digits: no decimal digits, but NFKC reads them as digits. */
const COMPATIBILITY_DIGIT = /\p{No}/u;
const LETTER = /\p{L}/u;

const digitValues = new Map<number, string>();

/**
 * Unicode encodes every set of decimal digits as ten contiguous code points from zero, and
 * adjacent sets (the mathematical digits) are whole sets, so a digit's value is its distance
 * from the start of its block, modulo ten.
 */
function decimalDigitValue(codePoint: number): string {
  let value = digitValues.get(codePoint);
  if (value === undefined) {
    let zero = codePoint;
    while (DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero -= 1;
    value = String((codePoint - zero) % 10);
    digitValues.set(codePoint, value);
  }
  return value;
}

type Unit = { kind: 'digit'; digit: string } | { kind: 'separator' } | { kind: 'breaker' };
const SEPARATOR: Unit = { kind: 'separator' };
const BREAKER: Unit = { kind: 'breaker' };

const ASCII_UNITS: Unit[] = Array.from({ length: 0x80 }, (_, codePoint) => {
  const character = String.fromCharCode(codePoint);
  if (/[0-9]/.test(character)) return { kind: 'digit', digit: character };
  return /[A-Za-z]/.test(character) ? BREAKER : SEPARATOR;
});

function unitOf(character: string, foldCompatibilityDigits: boolean): Unit {
  const codePoint = character.codePointAt(0)!;
  if (codePoint < 0x80) return ASCII_UNITS[codePoint]!;
  if (DECIMAL_DIGIT.test(character)) return { kind: 'digit', digit: decimalDigitValue(codePoint) };
  if (foldCompatibilityDigits) {
    const folded = character.normalize('NFKC');
    if (/^[0-9]$/.test(folded)) return { kind: 'digit', digit: folded };
  }
  return LETTER.test(character) ? BREAKER : SEPARATOR;
}

interface DigitGroup {
  digits: string;
  /** Where the group starts and ends in the text, in UTF-16 code units. */
  start: number;
  end: number;
}

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

const isCardNumber = (digits: string) => digits.length >= MIN_CARD_DIGITS && CARD_NETWORK_FIRST_DIGIT.test(digits) && passesLuhn(digits);

export interface TextSpan {
  start: number;
  end: number;
}

/** Every stretch of whole groups in a run that reads as a card number, first group first. */
function cardStretchesOf(run: DigitGroup[], found: TextSpan[]): void {
  for (let first = 0; first < run.length; first += 1) {
    let digits = '';
    for (let last = first; last < run.length; last += 1) {
      digits += run[last]!.digits;
      if (digits.length > MAX_CARD_DIGITS) break;
      if (isCardNumber(digits)) found.push({ start: run[first]!.start, end: run[last]!.end });
    }
  }
}

/**
 * Where `text` holds card-number lookalikes, as spans of the text; overlapping ones are merged.
 * Stops at the first when `firstOnly`. A superscript digit is read both ways, as a digit and as
 * a separator: "⁴¹¹¹..." is a card number, and so is "4111111111111111¹" with its footnote mark.
 */
function cardSpansOf(text: string, firstOnly: boolean): TextSpan[] {
  if (!ANY_DIGIT.test(text)) return [];
  const found = cardSpansRead(text, firstOnly, true);
  if (COMPATIBILITY_DIGIT.test(text) && !(firstOnly && found.length > 0)) found.push(...cardSpansRead(text, firstOnly, false));
  return mergedSpans(found);
}

function cardSpansRead(text: string, firstOnly: boolean, foldCompatibilityDigits: boolean): TextSpan[] {
  const found: TextSpan[] = [];
  const uuidEnds = new Map<number, number>();
  for (const match of text.matchAll(UUID)) uuidEnds.set(match.index, match.index + match[0].length);

  let run: DigitGroup[] = [];
  let group: DigitGroup | null = null;
  let separatorLength = 0;
  const endRun = () => {
    cardStretchesOf(run, found);
    run = [];
  };
  let index = 0;
  while (index < text.length && !(firstOnly && found.length > 0)) {
    const uuidEnd = uuidEnds.get(index);
    const character = String.fromCodePoint(text.codePointAt(index)!);
    const unit = uuidEnd === undefined ? unitOf(character, foldCompatibilityDigits) : SEPARATOR;
    const next = uuidEnd ?? index + character.length;
    if (unit.kind === 'digit') {
      if (group === null) {
        if (separatorLength > MAX_SEPARATOR_LENGTH) endRun();
        group = { digits: '', start: index, end: next };
      }
      group.digits += unit.digit;
      group.end = next;
      separatorLength = 0;
    } else {
      if (group !== null) run.push(group);
      group = null;
      if (unit.kind === 'breaker') endRun();
      separatorLength = unit.kind === 'breaker' ? 0 : separatorLength + 1;
    }
    index = next;
  }
  if (group !== null) run.push(group);
  endRun();
  return found;
}

function mergedSpans(spans: TextSpan[]): TextSpan[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const merged: TextSpan[] = [];
  for (const span of sorted) {
    const last = merged.at(-1);
    if (last && span.start <= last.end) last.end = Math.max(last.end, span.end);
    else merged.push({ ...span });
  }
  return merged;
}

export function looksLikeCardNumber(text: string): boolean {
  return cardSpansOf(text, true).length > 0;
}

/** Where `text` holds card-number lookalikes, in order, overlapping ones merged. */
export function cardNumberSpans(text: string): TextSpan[] {
  return cardSpansOf(text, false);
}

/** `text` with every card-number lookalike replaced by `[card number removed]`. */
export function redactCardNumbers(text: string): string {
  let redacted = '';
  let from = 0;
  for (const { start, end } of cardNumberSpans(text)) {
    redacted += text.slice(from, start) + REDACTED_CARD_NUMBER;
    from = end;
  }
  return redacted + text.slice(from);
}

/** A string literal or a number of JSON text: the only places its digits can be. */
const JSON_TOKEN = /"(?:[^"\\]+|\\.)*"|-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?/g;
const REDACTED_JSON = JSON.stringify(REDACTED_CARD_NUMBER);

/**
 * JSON text with every card-number lookalike removed, still JSON: each string or number that
 * takes part in one, alone or with its neighbours (`["4111","1111","1111","1111"]`, a key and
 * its value), is replaced by the string `"[card number removed]"`. For text whose values were
 * redacted one by one already: a card number split by an escape (`\n`) shows only in the values.
 */
export function redactCardNumbersInJson(json: string): string {
  const spans = cardNumberSpans(json);
  if (spans.length === 0) return json;
  return json.replace(JSON_TOKEN, (token, offset: number) =>
    spans.some(({ start, end }) => offset < end && start < offset + token.length) ? REDACTED_JSON : token,
  );
}

/**
 * A number is read by its decimal digits: `String` writes large ones with an exponent, which
 * would split a card number sent as a JSON number (beyond 2^53 it has already lost digits, so
 * a request's raw text is checked as well).
 */
const textOf = (value: number | bigint): string => (typeof value === 'bigint' || Number.isInteger(value) ? BigInt(value).toString() : String(value));

/** Whether a string, number or bigint looks like a card number; anything else does not. */
export function valueLooksLikeCardNumber(value: unknown): boolean {
  if (typeof value === 'string') return looksLikeCardNumber(value);
  if (typeof value === 'number' || typeof value === 'bigint') return looksLikeCardNumber(textOf(value));
  return false;
}

const childPath = (path: string, key: string) => (path ? `${path}.${key}` : key);

/**
 * Paths (e.g. `paymentData.Notes`) of every key or value in `value` that looks like a card
 * number, in document order. A key is named by where it is, never by itself: it is the card
 * number. Walks with its own stack, so no depth of nesting can overflow the call stack.
 */
export function findCardNumbers(value: unknown): string[] {
  const paths: string[] = [];
  const pending: Array<{ value: unknown; path: string; isCardKey?: true }> = [{ value, path: '' }];
  while (pending.length > 0) {
    const { value: item, path, isCardKey } = pending.pop()!;
    if (isCardKey || valueLooksLikeCardNumber(item)) paths.push(path || '(body)');
    if (isCardKey || item === null || typeof item !== 'object') continue;
    const children: typeof pending = Array.isArray(item)
      ? item.map((element, index) => ({ value: element, path: `${path}[${index}]` }))
      : Object.entries(item).map(([key, element]) =>
          looksLikeCardNumber(key)
            ? { value: undefined, path: `${path || '(body)'} (a key)`, isCardKey: true }
            : { value: element, path: childPath(path, key) },
        );
    for (let i = children.length - 1; i >= 0; i -= 1) pending.push(children[i]!);
  }
  return paths;
}
