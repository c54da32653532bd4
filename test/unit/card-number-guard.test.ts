import { describe, expect, it } from 'vitest';
import { findCardNumbers, looksLikeCardNumber, redactCardNumbers, redactCardNumbersInJson, valueLooksLikeCardNumber } from '#app/privacy/card-number-guard.ts';
import { nested } from './support/deep-json.ts';

describe('card number guard', () => {
  it.each([
    '4111111111111111',
    '4111 1111 1111 1111',
    '4111-1111-1111-1111',
    '5555555555554444',
    '378282246310005',
    '6011111111111117',
    'card: 4012888888881881 exp 12/29',
    '4111111111111111 123',
    '1 4111 1111 1111 1111',
    '4111.1111.1111.1111',
    '4111/1111/1111/1111',
    '4111  1111  1111  1111',
    '4111\u00a01111\u00a01111\u00a01111',
    '４１１１１１１１１１１１１１１１',
    'ref4111111111111111',
    '+44 4111 1111 1111 1111',
    '4111 - 1111 - 1111 - 1111',
    '4111   1111   1111   1111',
    '4111---1111---1111---1111',
    '4111 /. 1111 -- 1111 ..1111',
    '+4111111111111111',
    'call +4111 1111 1111 1111 back',
    '+4222222222222',
    '٤١١١١١١١١١١١١١١١',
    '۴۱۱۱ ۱۱۱۱ ۱۱۱۱ ۱۱۱۱',
    '४१११-११११-११११-११११',
    '𝟒𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏',
    '4١1१ 1111 1111 1111',
    '⁴¹¹¹¹¹¹¹¹¹¹¹¹¹¹¹',
    '4111111111111111¹',
  ])('spots %j', (text) => {
    expect(looksLikeCardNumber(text)).toBe(true);
  });

  it.each([
    ["the VCC docs' example merchant reference", '0123456789098760'],
    // Its digit groups chain into 5846038425519, Luhn-valid; one random UUID in 650 did so.
    ['a UUID whose digit groups chain into a card-shaped run', '13b58422-272c-48c3-bc58-46038425519f'],
    ['such a UUID inside an id', 'agent-e56376f6-8208-4677-8541-c0821a416dc4'],
    ['a number failing the Luhn check', '4111111111111112'],
    ['a phone number', '+447700900123'],
    ['a German mobile number', '+4915112345674'],
    ['a grouped phone number', '+49 151 1234 5674'],
    ['a date and an amount', '2026-11-21 12.40'],
    ['an order number', 'INV-2024-000123'],
    ['twelve digits', '411111111111'],
    ['twenty digits', '41111111111111111111'],
    ['digit groups six separators apart', '4111 1111      1111 1111'],
    ['digit groups split by a letter', '4111 1111 x 1111 1111'],
    ['Arabic-Indic digits failing the Luhn check', '٤١١١١١١١١١١١١١١٢'],
  ])('lets %s through', (_, text) => {
    expect(looksLikeCardNumber(text)).toBe(false);
  });

  it('finds card numbers anywhere in a body, naming where but not what', () => {
    const body = {
      agentId: 'agent-1',
      paymentData: { Amount: '1.00', Notes: 'pay with 4111 1111 1111 1111', 4111111111111111: 'x' },
      nested: [{ deep: 5555555555554444 }],
    };
    const paths = findCardNumbers(body);
    expect(paths).toEqual(['paymentData.Notes', 'paymentData (a key)', 'nested[0].deep']);
    expect(paths.join(' ')).not.toMatch(/\d{13}/);
  });

  it('finds nothing in ordinary payment data', () => {
    expect(findCardNumbers({ paymentData: { Amount: '12.40', Currency: 'GBP', MerchantReferenceCode: '0123456789098760', Postcode: '50-348' } })).toEqual([]);
  });

  it.each([
    ['a card number sent as a JSON number', 5555555555554444, true],
    ['a card number as a bigint', 4111111111111111n, true],
    ['a 22-digit number as its digits, not as "4.111111111111111e+21"', 4111111111111111000000, false],
    ['a card number with a fraction', 4111111111111111.5, true],
    ['an ordinary amount', 12.4, false],
    ['a boolean', true, false],
  ])('reads %s by its decimal digits', (_, value, expected) => {
    expect(valueLooksLikeCardNumber(value)).toBe(expected);
  });

  it('finds a card number under any depth of nesting without overflowing the stack', () => {
    expect(findCardNumbers(nested(2_000, '4111111111111111'))).toHaveLength(1);
    expect(findCardNumbers(nested(100_000, { ok: 'nothing here' }))).toEqual([]);
  });

  it('redacts every card number in free text and keeps the rest', () => {
    expect(redactCardNumbers('Number 4111111111111111 is greater than MAX_SAFE_INTEGER')).toBe('Number [card number removed] is greater than MAX_SAFE_INTEGER');
    expect(redactCardNumbers('paid with ٤١١١ ١١١١ ١١١١ ١١١١, ref 0123456789098760, then 5555-5555-5555-4444 (cvv 123)')).toBe(
      'paid with [card number removed], ref 0123456789098760, then [card number removed] (cvv 123)',
    );
    expect(redactCardNumbers('session 13b58422-272c-48c3-bc58-46038425519f')).toBe('session 13b58422-272c-48c3-bc58-46038425519f');
  });

  it('redacts a card number spread over JSON values and keeps the text JSON', () => {
    const json = JSON.stringify({
      groups: ['4111', '1111', '1111', '1111'],
      asNumbers: [5555, 5555, 5555, 4444],
      pair: { 4012: '8888 8888 1881' },
      kept: [1, 2, 3],
    });
    const redacted = redactCardNumbersInJson(json);
    expect(JSON.parse(redacted)).toEqual({
      groups: Array(4).fill('[card number removed]'),
      asNumbers: Array(4).fill('[card number removed]'),
      pair: { '[card number removed]': '[card number removed]' },
      kept: [1, 2, 3],
    });
    expect(looksLikeCardNumber(redacted)).toBe(false);
  });
});
