import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RESULT_READING,
  fieldsRead,
  type PaymentResultReading,
  RESULT_READINGS,
  readPaymentResult,
  resolveResultReading,
} from '#app/model/payment-result-reading.ts';

const cybersource = RESULT_READINGS.cybersource;
const orbital = RESULT_READINGS['chase-orbital'];

describe('the cybersource reading, the default', () => {
  it('is what a payment flow gets when it names none', () => {
    expect(DEFAULT_RESULT_READING).toBe('cybersource');
  });

  it('reads ACCEPT as approved, with reason, gateway reference, amount in minor units, currency and transaction type', () => {
    const result = {
      decision: 'ACCEPT',
      reasonCode: '100',
      transactionType: 'sale',
      requestID: '7000000000000000000001',
      Amount: '1240',
      Currency: 'GBP',
      FirstName: 'John',
    };

    expect(readPaymentResult(result, cybersource)).toEqual({
      verdict: 'approved',
      decision: 'ACCEPT',
      reasonCode: '100',
      gatewayReference: '7000000000000000000001',
      amountMinor: '1240',
      currency: 'GBP',
      transactionType: 'sale',
    });
  });

  it.each(['REJECT', 'DECLINE', 'CANCEL'])('reads %s as declined', (decision) => {
    expect(readPaymentResult({ decision, reasonCode: '203' }, cybersource)).toMatchObject({ verdict: 'declined', decision, reasonCode: '203' });
  });

  it.each([
    ['REVIEW', 'authorized but held for review: the card may have been charged'],
    ['ERROR', 'a system error, which includes a gateway timeout after which the payment may have gone through'],
    ['PENDING', 'a value the reading does not list'],
  ])('leaves %s unreadable (%s)', (decision) => {
    expect(readPaymentResult({ decision }, cybersource)).toMatchObject({ verdict: 'unreadable', decision });
  });
});

describe('the chase-orbital reading', () => {
  it('reads ApprovalStatus 1 as approved, with RespCode as the reason and TxRefNum as the gateway reference', () => {
    const result = {
      ProcStatus: '0',
      ApprovalStatus: '1',
      RespCode: '00',
      TxRefNum: '5F8E4D2B9A0C1E3F5A7B9C0D1E2F3A4B5C6D7E8F',
      CardBrandOut: 'VI',
      Amount: '1240',
      Currency: 'GBP',
    };

    expect(readPaymentResult(result, orbital)).toEqual({
      verdict: 'approved',
      decision: '1',
      reasonCode: '00',
      gatewayReference: '5F8E4D2B9A0C1E3F5A7B9C0D1E2F3A4B5C6D7E8F',
      amountMinor: '1240',
      currency: 'GBP',
      transactionType: null,
    });
  });

  it('reads ApprovalStatus 0 as declined and leaves 2, a message or system error, unreadable', () => {
    expect(readPaymentResult({ ApprovalStatus: '0', RespCode: '05' }, orbital).verdict).toBe('declined');
    expect(readPaymentResult({ ApprovalStatus: '2' }, orbital).verdict).toBe('unreadable');
  });
});

describe('a result from another gateway than the reading expects', () => {
  it('is unreadable, never declined: an Orbital approval read the CyberSource way', () => {
    const approvedOnOrbital = { ApprovalStatus: '1', RespCode: '00', TxRefNum: 'ABC', Amount: '1240', Currency: 'GBP' };

    expect(readPaymentResult(approvedOnOrbital, cybersource)).toEqual({
      verdict: 'unreadable',
      decision: null,
      reasonCode: null,
      gatewayReference: null,
      amountMinor: '1240',
      currency: 'GBP',
      transactionType: null,
    });
  });
});

describe('reading a decision', () => {
  it('ignores case and surrounding spaces, and reports the value as received', () => {
    expect(readPaymentResult({ decision: '  accept\t' }, cybersource)).toMatchObject({ verdict: 'approved', decision: '  accept\t' });
  });

  it('leaves a value listed as both approved and declined unreadable', () => {
    const contradictory: PaymentResultReading = { ...cybersource, declinedValues: ['accept'] };

    expect(readPaymentResult({ decision: 'ACCEPT' }, contradictory).verdict).toBe('unreadable');
  });

  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('never finds a field named %s on the prototype', (field) => {
    const reading: PaymentResultReading = { ...cybersource, decisionField: field, approvedValues: ['[object Object]'], gatewayReferenceField: field };

    expect(readPaymentResult({}, reading)).toMatchObject({ verdict: 'unreadable', decision: null, gatewayReference: null });
  });

  it('reads a field named __proto__ when the result has one of its own', () => {
    const result = Object.fromEntries([['__proto__', 'ACCEPT']]) as Record<string, string>;

    expect(readPaymentResult(result, { ...cybersource, decisionField: '__proto__' }).verdict).toBe('approved');
  });
});

describe('the fields the readings need', () => {
  it('are every field each reading names, each once, in the order first named', () => {
    expect(fieldsRead([cybersource, orbital])).toEqual([
      'decision',
      'reasonCode',
      'requestID',
      'Amount',
      'Currency',
      'transactionType',
      'ApprovalStatus',
      'RespCode',
      'TxRefNum',
    ]);
  });

  it('leave out the fields a reading does not read, and are none for no reading', () => {
    expect(fieldsRead([orbital])).not.toContain(null);
    expect(fieldsRead([])).toEqual([]);
  });
});

describe('a reading resolved by name', () => {
  it('is a copy: changing it leaves the preset as it was', () => {
    const reading = resolveResultReading('cybersource');
    reading.approvedValues.push('REVIEW');

    expect(RESULT_READINGS.cybersource.approvedValues).toEqual(['ACCEPT']);
  });

  it('is the reading itself when spelled out', () => {
    const custom: PaymentResultReading = { ...orbital, approvedValues: ['Y'], declinedValues: ['N'] };

    expect(resolveResultReading(custom)).toBe(custom);
  });
});

/** The rule, stated independently of the code under test: trim, then ignore case. */
const sameValue = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

const fieldName = fc.oneof(
  fc.string({ minLength: 1, maxLength: 12 }),
  fc.constantFrom('decision', 'ApprovalStatus', 'Amount', '__proto__', 'constructor', 'toString', 'valueOf'),
);
const decisionValue = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.constantFrom('ACCEPT', 'accept', ' REJECT ', 'REVIEW', '1', '0', '2', 'İ', 'ß'),
);
const readingArbitrary: fc.Arbitrary<PaymentResultReading> = fc.record({
  decisionField: fieldName,
  approvedValues: fc.array(decisionValue, { minLength: 1, maxLength: 3 }),
  declinedValues: fc.array(decisionValue, { minLength: 1, maxLength: 3 }),
  reasonCodeField: fc.option(fieldName, { nil: null }),
  gatewayReferenceField: fc.option(fieldName, { nil: null }),
  amountMinorField: fc.option(fieldName, { nil: null }),
  currencyField: fc.option(fieldName, { nil: null }),
  transactionTypeField: fc.option(fieldName, { nil: null }),
});
const otherFields = fc.array(fc.tuple(fieldName, decisionValue), { maxLength: 6 });
/** Spellings of a listed value as a gateway might send it: other case, padded with whitespace. */
const spelling = fc.record({
  upper: fc.boolean(),
  before: fc.constantFrom('', ' ', '\t', ' \n'),
  after: fc.constantFrom('', ' ', '\t', '\r\n'),
});

/** Own properties only, `__proto__` included, as JSON.parse builds them. */
const resultOf = (entries: [string, string][]): Record<string, string> => Object.fromEntries(entries);

describe('properties of reading any result with any reading', () => {
  it('a verdict of approved or declined only ever comes from a listed value of the decision field', () => {
    fc.assert(
      fc.property(readingArbitrary, otherFields, fc.option(decisionValue), (reading, others, decision) => {
        const entries: [string, string][] = decision === null ? others : [...others, [reading.decisionField, decision]];
        const result = resultOf(entries);
        const { verdict } = readPaymentResult(result, reading);
        if (verdict === 'unreadable') return;

        const value = Object.hasOwn(result, reading.decisionField) ? result[reading.decisionField]! : null;
        expect(value).not.toBeNull();
        const [listed, other] = verdict === 'approved' ? [reading.approvedValues, reading.declinedValues] : [reading.declinedValues, reading.approvedValues];
        expect(listed.some((v) => sameValue(v, value!))).toBe(true);
        expect(other.some((v) => sameValue(v, value!))).toBe(false);
      }),
    );
  });

  it('any result lacking the decision field is unreadable', () => {
    fc.assert(
      fc.property(readingArbitrary, otherFields, (reading, others) => {
        const result = resultOf(others.filter(([field]) => field !== reading.decisionField));

        expect(readPaymentResult(result, reading)).toMatchObject({ verdict: 'unreadable', decision: null });
      }),
    );
  });

  it("a value listed in exactly one list gives that list's verdict, however it is spelt", () => {
    fc.assert(
      fc.property(readingArbitrary, otherFields, fc.boolean(), fc.nat(), spelling, (reading, others, fromApproved, index, { upper, before, after }) => {
        const [listed, other] = fromApproved ? [reading.approvedValues, reading.declinedValues] : [reading.declinedValues, reading.approvedValues];
        const value = listed[index % listed.length]!;
        const spelt = `${before}${upper ? value.toUpperCase() : value.toLowerCase()}${after}`;
        fc.pre(!other.some((v) => sameValue(v, spelt)) && sameValue(spelt, value));
        const result = resultOf([...others, [reading.decisionField, spelt]]);

        expect(readPaymentResult(result, reading).verdict).toBe(fromApproved ? 'approved' : 'declined');
      }),
    );
  });

  it('every field read is one that fieldsRead names', () => {
    fc.assert(
      fc.property(readingArbitrary, otherFields, (reading, others) => {
        const result = resultOf(others);
        const kept = Object.fromEntries(
          fieldsRead([reading])
            .filter((f) => Object.hasOwn(result, f))
            .map((f) => [f, result[f]!]),
        );

        expect(readPaymentResult(kept, reading)).toEqual(readPaymentResult(result, reading));
      }),
    );
  });
});
