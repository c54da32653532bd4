import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isConnectorError } from '#app/contract/connector-error.ts';
import { findCardNumbers, looksLikeCardNumber, redactCardNumbers, redactCardNumbersInJson } from '#app/privacy/card-number-guard.ts';
import { refuseCardNumbers } from '#app/privacy/refuse-card-numbers.ts';

/** The zero of every script's decimal digits, read from the Unicode data of this Node. */
const ZEROS: number[] = [];
for (let codePoint = 0; codePoint < 0x20000; codePoint += 1) {
  const isDigit = /\p{Nd}/u.test(String.fromCodePoint(codePoint));
  const follows = codePoint > 0 && /\p{Nd}/u.test(String.fromCodePoint(codePoint - 1));
  if (isDigit && (!follows || (codePoint - ZEROS.at(-1)!) % 10 === 0)) ZEROS.push(codePoint);
}

function luhnCheckDigit(payload: string): string {
  let sum = 0;
  for (let i = 0; i < payload.length; i += 1) {
    let digit = Number(payload[payload.length - 1 - i]);
    if (i % 2 === 0) {
      digit *= 2;
      if (digit > 9) digit -= 9;
    }
    sum += digit;
  }
  return String((10 - (sum % 10)) % 10);
}

/** A Luhn-valid primary account number of 13 to 19 digits with a card network's first digit. */
const pan = fc
  .tuple(
    fc.integer({ min: 2, max: 6 }),
    fc.integer({ min: 13, max: 19 }).chain((length) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length - 2, maxLength: length - 2 })),
  )
  .map(([first, middle]) => `${first}${middle}${luhnCheckDigit(`${first}${middle}`)}`);

const separator = fc.string({ unit: fc.constantFrom(' ', '-', '.', '/'), minLength: 1, maxLength: 5 });

/** The PAN in groups of 1 to 6 digits, each digit in any script, joined by 1-5 separator characters. */
const spelled = (digits: string) =>
  fc
    .tuple(
      fc.array(fc.constantFrom(...ZEROS), { minLength: digits.length, maxLength: digits.length }),
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: digits.length, maxLength: digits.length }),
      fc.array(separator, { minLength: digits.length, maxLength: digits.length }),
      fc.boolean(),
    )
    .map(([zeros, groupLengths, separators, grouped]) => {
      const glyphs = [...digits].map((digit, i) => String.fromCodePoint(zeros[i]! + Number(digit)));
      if (!grouped) return glyphs.join('');
      let text = '';
      for (let start = 0, group = 0; start < glyphs.length; group += 1) {
        const end = Math.min(glyphs.length, start + groupLengths[group]!);
        text += (start > 0 ? separators[group]! : '') + glyphs.slice(start, end).join('');
        start = end;
      }
      return text;
    });

/** Text around a card number that ends and starts with something other than a digit, so its groups stay whole. */
const surroundings = fc.tuple(
  fc.string({ maxLength: 20 }),
  fc.constantFrom(' ', 'x', ': ', '\n', '+'),
  fc.constantFrom(' ', 'x', '.', '\t'),
  fc.string({ maxLength: 20 }),
);

const spelledInText = pan.chain((digits) =>
  fc
    .tuple(spelled(digits), surroundings, fc.boolean())
    .map(([written, [before, opening, closing, after], plus]) => `${before}${opening}${plus ? '+' : ''}${written}${closing}${after}`),
);

const uuidText = fc.tuple(fc.uuid(), fc.boolean()).map(([uuid, upper]) => (upper ? uuid.toUpperCase() : uuid));

function refusedPaths(parsed: unknown, raw: string): string[] {
  try {
    refuseCardNumbers(parsed, raw);
  } catch (error) {
    if (isConnectorError(error) && error.code === 'CARD_NUMBER_REFUSED') return error.details.map((detail) => detail.path);
    throw error;
  }
  return [];
}

describe('card number guard, over generated card numbers', () => {
  it('knows the decimal digits of many scripts', () => {
    expect(ZEROS.length).toBeGreaterThan(60);
  });

  it('finds a card number in any spelling and any text around it', () => {
    fc.assert(
      fc.property(spelledInText, (text) => looksLikeCardNumber(text)),
      { numRuns: 2_000 },
    );
  });

  it('finds one in any field of a body, and as a key', () => {
    fc.assert(
      fc.property(spelledInText, fc.constantFrom('Notes', 'agentId', 'crmReference'), (text, field) => {
        expect(findCardNumbers({ paymentData: { Amount: '1.00', [field]: text } })).toEqual([`paymentData.${field}`]);
        expect(findCardNumbers({ paymentData: { [text]: 'x' } })).toEqual(['paymentData (a key)']);
      }),
      { numRuns: 500 },
    );
  });

  it('refuses one sent as a JSON number, whatever digits parsing loses', () => {
    fc.assert(
      fc.property(pan, (digits) => {
        const raw = `{"paymentData":{"Reference":${digits}}}`;
        expect(refusedPaths(JSON.parse(raw), raw)).not.toEqual([]);
        expect(findCardNumbers({ Reference: BigInt(digits) })).toEqual(['Reference']);
      }),
      { numRuns: 500 },
    );
  });

  it('leaves no card number behind when redacting, and leaves text without one unchanged', () => {
    fc.assert(
      fc.property(fc.oneof(spelledInText, fc.string(), fc.string({ unit: fc.constantFrom(...'0123456789 -./+') })), (text) => {
        const redacted = redactCardNumbers(text);
        expect(looksLikeCardNumber(redacted)).toBe(false);
        if (!looksLikeCardNumber(text)) expect(redacted).toBe(text);
      }),
      { numRuns: 2_000 },
    );
  });

  it('leaves JSON text as JSON, and without a card number, however the digits are spread over its values', () => {
    const groups = pan.chain((digits) =>
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 19, maxLength: 19 }).map((lengths) => {
        const split: string[] = [];
        for (let start = 0, i = 0; start < digits.length; i += 1) split.push(digits.slice(start, (start += lengths[i]!)));
        return split;
      }),
    );
    const spread = groups.chain((split) => fc.constantFrom<unknown>(split, split.map(Number), Object.fromEntries(split.map((group, i) => [`${i}`, group]))));
    fc.assert(
      fc.property(fc.jsonValue(), spread, (json, cardNumber) => {
        const redacted = redactCardNumbersInJson(JSON.stringify([json, cardNumber]));
        expect(() => JSON.parse(redacted)).not.toThrow();
        expect(looksLikeCardNumber(redacted)).toBe(false);
      }),
      { numRuns: 1_000 },
    );
  });

  it('never flags a UUID, alone or inside an id', () => {
    fc.assert(
      fc.property(uuidText, fc.constantFrom('', 'agent-', 'session '), (uuid, prefix) => {
        expect(looksLikeCardNumber(`${prefix}${uuid}`)).toBe(false);
      }),
      { numRuns: 5_000 },
    );
  });
});
