import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { couldBeVccs } from './support/answer-checks.ts';
import { cardHeaderValue, cardJsonValue, cardText, DIGIT_ZEROS, ISSUE_9_SPELLINGS, KNOWN_PANS } from './support/card-numbers.ts';
import { cardsInItem, decimalDigitValue, jsonScalars, looksLikeCard } from './support/card-oracle.ts';

/** The fuzz suite's oracles are code too: they must flag every spelling the generators make, and nothing an honest body holds. */
describe('the card oracle', () => {
  it('flags every spelling issue 9 reported and every test PAN', () => {
    for (const text of [...ISSUE_9_SPELLINGS, ...KNOWN_PANS]) expect(looksLikeCard(text), text).toBe(true);
  });

  it('flags every card number the generators spell, as text, as JSON and in headers', () => {
    fc.assert(
      fc.property(cardText, (text) => looksLikeCard(text)),
      { numRuns: 5000 },
    );
    fc.assert(
      fc.property(cardJsonValue, (json) => jsonScalars(json)!.some(looksLikeCard)),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(cardHeaderValue, (value) => looksLikeCard(value)),
      { numRuns: 2000 },
    );
  });

  it('reads the digits of every Unicode script, which come in runs of ten from zero', () => {
    const digits = [...Array(0x110000).keys()].filter((cp) => /\p{Nd}/u.test(String.fromCodePoint(cp)));
    expect(digits.length).toBe(DIGIT_ZEROS.length * 10);
    for (const zero of DIGIT_ZEROS) for (let d = 0; d < 10; d += 1) expect(decimalDigitValue(zero + d)).toBe(d);
    // Where Unicode itself folds a digit to ASCII, it agrees.
    for (const cp of digits) {
      const folded = String.fromCodePoint(cp).normalize('NFKC');
      if (/^[0-9]$/.test(folded)) expect(decimalDigitValue(cp)).toBe(Number(folded));
    }
  });

  it('finds card numbers across separators of up to five characters, not six', () => {
    expect(looksLikeCard('4111 - 1111 - 1111 - 1111')).toBe(true);
    expect(looksLikeCard('4111-----1111-----1111-----1111')).toBe(true);
    expect(looksLikeCard('4111------1111------1111------1111')).toBe(false);
    expect(looksLikeCard('4111\u00001111\u00001111\u00001111')).toBe(true);
    expect(looksLikeCard('4111111111111111 123')).toBe(true);
    expect(looksLikeCard('ref4111111111111111x')).toBe(true);
    expect(looksLikeCard('abcdef4111111111111111')).toBe(true);
  });

  it('passes ids, times, amounts, phone numbers and gateway references', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), (a, b) => !looksLikeCard(`${a} ${b}`) && !looksLikeCard(`SESSION#${a}`)),
      { numRuns: 5000 },
    );
    for (const text of [
      '4111111111111112',
      '2026-11-21T23:24:23.100Z',
      '1234567890123456789012',
      '+447700900123',
      '12.40',
      'INV-1001',
      '1790000000',
      'vcc_cf072a0812345678901234567890ab',
      '1cac4a0c0ac29ba9710e76516f6ed96408625c65875446687609990ddcbb3d14',
    ]) {
      expect(looksLikeCard(text), text).toBe(false);
    }
  });

  it('reads a stored item exactly: numbers as stored, keys, and JSON kept as text value by value', () => {
    const item = {
      pk: { S: 'VCCSESSION#x' },
      n: { N: '4111111111111111' },
      m: { M: { '4111 1111 1111 1111': { S: 'x' } } },
      raw: { S: '{"requestID":"٤١١١١١١١١١١١١١١١","list":[4111,1111,1111,1111]}' },
    };
    expect(cardsInItem(item, 'item').map((f) => f.where)).toEqual(expect.arrayContaining(['item n', 'item m (a key)', 'item raw']));
    // Separate values of one JSON text do not make a card number together.
    expect(cardsInItem({ raw: { S: '{"list":[4111,1111,1111,1111]}' } }, 'item')).toEqual([]);
  });
});

describe("the webhook rule: 400 only for a body that can never be VCC's", () => {
  it("counts a JSON object with a usable sessionGuid as possibly VCC's, whatever else it holds", () => {
    expect(couldBeVccs('{"sessionGuid":"a","sessionState":5}')).toBe(true);
    expect(couldBeVccs('{"sessionGuid":"f827d1df-dae9-4c6d-828e-57665e3755a8"}')).toBe(true);
  });

  it("counts anything else as never VCC's", () => {
    for (const body of [
      '',
      'null',
      '[]',
      '"x"',
      '{}',
      '{"sessionGuid":""}',
      '{"sessionGuid":"  "}',
      '{"sessionGuid":5}',
      `{"sessionGuid":"${'a'.repeat(129)}"}`,
      '{"sessionGuid":"\\ud800"}',
      '{',
    ]) {
      expect(couldBeVccs(body), body).toBe(false);
    }
  });
});
