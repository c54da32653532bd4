import { describe, expect, it } from 'vitest';
import { findCardNumbers, looksLikeCardNumber } from '#shared/payment-sessions/card-number-guard.ts';

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
  ])('spots %j', (text) => {
    expect(looksLikeCardNumber(text)).toBe(true);
  });

  it.each([
    ['the VCC docs\' example merchant reference', '0123456789098760'],
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
});
