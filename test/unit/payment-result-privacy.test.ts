import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { valueLooksLikeCardNumber } from '#app/privacy/card-number-guard.ts';
import { REDACTED_CARD_NUMBER, withoutCardData } from '#app/privacy/payment-result-privacy.ts';
import { nested } from './support/deep-json.ts';

const status = {
  sessionGuid: '13b58422-272c-48c3-bc58-46038425519f',
  sessionState: 'Finished',
  lastUpdatedOn: '2026-11-21T10:01:00Z',
  paymentResultData: { decision: 'ACCEPT', reasonCode: '100', requestID: '7000000000000000000001', Amount: '1240', Currency: 'GBP' },
};

/** Every key and scalar of a JSON value, walked without recursion. */
function keysAndScalars(value: unknown): unknown[] {
  const found: unknown[] = [];
  const pending = [value];
  while (pending.length > 0) {
    const item = pending.pop();
    if (item === null || typeof item !== 'object') found.push(item);
    else if (Array.isArray(item)) pending.push(...item);
    else for (const [key, child] of Object.entries(item)) found.push(key), pending.push(child);
  }
  return found;
}

describe('a VCC status without card data', () => {
  it('keeps an ordinary status as it is, unknown fields included', () => {
    const withExtra = { ...status, somethingVccAddedLater: { kept: [1, true, null] } };
    expect(withoutCardData(withExtra)).toEqual({ value: withExtra, removedPaths: [] });
  });

  it('replaces every value that looks like a card number, whatever its type, and says where', () => {
    const body = {
      ...status,
      sessionState: 'Finished 4111 1111 1111 1111',
      paymentResultData: {
        ...status.paymentResultData,
        gatewayExtra: '4111---1111---1111---1111',
        asNumber: 5555555555554444,
        asBigint: 378282246310005n,
        inArabicIndic: '٤١١١١١١١١١١١١١١١',
        list: ['ok', '+4111111111111111'],
      },
    };
    const { value, removedPaths } = withoutCardData(body);
    expect(value).toEqual({
      ...body,
      sessionState: REDACTED_CARD_NUMBER,
      paymentResultData: {
        ...body.paymentResultData,
        gatewayExtra: REDACTED_CARD_NUMBER,
        asNumber: REDACTED_CARD_NUMBER,
        asBigint: REDACTED_CARD_NUMBER,
        inArabicIndic: REDACTED_CARD_NUMBER,
        list: ['ok', REDACTED_CARD_NUMBER],
      },
    });
    expect(removedPaths).toEqual([
      'sessionState',
      'paymentResultData.gatewayExtra',
      'paymentResultData.asNumber',
      'paymentResultData.asBigint',
      'paymentResultData.inArabicIndic',
      'paymentResultData.list[1]',
    ]);
  });

  it.each([
    ['a string', '4111111111111111'],
    ['a JSON number', 5555555555554444],
    ['a bigint', 4012888888881881n],
  ])('exempts no gateway reference: a requestID that is %s looking like a card number is replaced', (_, requestID) => {
    const body = { ...status, paymentResultData: { ...status.paymentResultData, requestID, nested: { requestID } } };
    const { value, removedPaths } = withoutCardData(body);
    expect(value).toMatchObject({ paymentResultData: { requestID: REDACTED_CARD_NUMBER, nested: { requestID: REDACTED_CARD_NUMBER } } });
    expect(removedPaths).toEqual(['paymentResultData.requestID', 'paymentResultData.nested.requestID']);
  });

  it('keeps a long gateway reference that is no card number, as a string or as a number', () => {
    const body = { ...status, paymentResultData: { requestID: '7000000000000000000001', asNumber: 7000000000000000000001 } };
    expect(withoutCardData(body)).toEqual({ value: body, removedPaths: [] });
  });

  it('drops a key that looks like a card number, naming where it was and never the key', () => {
    const { value, removedPaths } = withoutCardData({ ...status, paymentResultData: { '4111 1111 1111 1111': 'x', kept: 'y' } });
    expect(value).toEqual({ ...status, paymentResultData: { kept: 'y' } });
    expect(removedPaths).toEqual(['paymentResultData (a key)']);
  });

  it('drops card-holder details at any depth, without counting them as card numbers', () => {
    const body = {
      ...status,
      paymentResultData: {
        req_bill_to_forename: 'John',
        cardholderName: 'J SMITH',
        maskedPan: '411111xxxxxx1111',
        decision: 'ACCEPT',
        shipping: { ship_to_city: 'Leeds' },
      },
    };
    expect(withoutCardData(body)).toEqual({ value: { ...status, paymentResultData: { decision: 'ACCEPT', shipping: {} } }, removedPaths: [] });
  });

  it('drops prototype keys, and a __proto__ key cannot set the prototype of the copy', () => {
    const body = JSON.parse(
      '{"sessionGuid":"g","paymentResultData":{"__proto__":{"polluted":true},"constructor":{"prototype":{"polluted":true}},"prototype":1,"decision":"ACCEPT"}}',
    ) as unknown;
    const { value, removedPaths } = withoutCardData(body);
    expect(value).toEqual({ sessionGuid: 'g', paymentResultData: { decision: 'ACCEPT' } });
    const result = (value as { paymentResultData: object }).paymentResultData;
    expect(Object.getPrototypeOf(result)).toBe(Object.prototype);
    expect(Object.keys(result)).toEqual(['decision']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(removedPaths).toEqual([]);
  });

  it('copies, leaving what it was given unchanged', () => {
    const body = { ...status, paymentResultData: { ...status.paymentResultData, extra: '4111111111111111' } };
    const before = JSON.stringify(body);
    withoutCardData(body);
    expect(JSON.stringify(body)).toBe(before);
  });

  it('walks 10,000 and 100,000 levels of nesting without overflowing the stack', () => {
    for (const depth of [10_000, 100_000]) {
      const { value, removedPaths } = withoutCardData(nested(depth, { card: '4111111111111111', kept: 'x' }));
      expect(removedPaths).toHaveLength(1);
      expect(keysAndScalars(value)).toEqual(expect.arrayContaining(['card', REDACTED_CARD_NUMBER, 'kept', 'x']));
      expect(keysAndScalars(value).some(valueLooksLikeCardNumber)).toBe(false);
    }
  });

  it('leaves no key or value that looks like a card number in any JSON value', () => {
    fc.assert(
      fc.property(
        fc.jsonValue(),
        fc.constantFrom('4111111111111111', '4111 - 1111 - 1111 - 1111', '٤١١١١١١١١١١١١١١١', 5555555555554444),
        (json, cardNumber) => {
          const { value, removedPaths } = withoutCardData({ json, hidden: { [String(cardNumber)]: cardNumber } });
          expect(keysAndScalars(value).some(valueLooksLikeCardNumber)).toBe(false);
          expect(removedPaths).toContain('hidden (a key)');
          expect(removedPaths.join(' ')).not.toMatch(/4111|5555|٤١١١/);
        },
      ),
      { numRuns: 1_000 },
    );
  });
});
