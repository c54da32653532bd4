import { describe, expect, it } from 'vitest';
import { amountProblem, currencyDecimals, isKnownCurrency, minorToMajor } from '#app/model/money.ts';

describe('currencies', () => {
  it.each(['GBP', 'EUR', 'USD', 'JPY', 'KWD'])('accepts the active ISO 4217 code %s', (code) => {
    expect(isKnownCurrency(code)).toBe(true);
  });

  it.each(['gbp', 'XYZ', 'GB', 'DEM', 'HRK', 'XAU', 'XTS', 'CLF', ''])('refuses %j', (code) => {
    expect(isKnownCurrency(code)).toBe(false);
  });

  it("knows each currency's number of decimals as ISO 4217 gives them, where ICU differs too", () => {
    expect(['GBP', 'JPY', 'KWD', 'HUF', 'IDR', 'IQD'].map(currencyDecimals)).toEqual([2, 0, 3, 2, 2, 3]);
  });
});

describe('amounts', () => {
  it.each([
    ['12.40', 'GBP'],
    ['12', 'GBP'],
    ['0.01', 'GBP'],
    ['1500', 'JPY'],
    ['1.234', 'KWD'],
  ])('%s %s is payable', (amount, currency) => {
    expect(amountProblem(amount, currency)).toBeUndefined();
  });

  it.each([
    ['1000.50', 'HUF', undefined],
    ['-1.00', 'GBP', 'not-a-decimal-string'],
    ['12,40', 'GBP', 'not-a-decimal-string'],
    ['1e3', 'GBP', 'not-a-decimal-string'],
    ['012.40', 'GBP', 'not-a-decimal-string'],
    ['', 'GBP', 'not-a-decimal-string'],
    ['0', 'GBP', 'not-positive'],
    ['0.00', 'GBP', 'not-positive'],
    ['12.401', 'GBP', 'too-precise'],
    ['100.5', 'JPY', 'too-precise'],
  ])('%s %s is refused as %s', (amount, currency, problem) => {
    expect(amountProblem(amount, currency)).toBe(problem);
  });

  it.each([
    ['1240', 'GBP', '12.40'],
    ['1240', 'HUF', '12.40'],
    ['5', 'GBP', '0.05'],
    ['1500', 'JPY', '1500'],
    ['1234', 'KWD', '1.234'],
    ['0', 'EUR', '0.00'],
  ])('minor units %s %s are %s', (minor, currency, major) => {
    expect(minorToMajor(minor, currency)).toBe(major);
  });

  it('leaves minor units it cannot read unconverted', () => {
    expect(minorToMajor('12.40', 'GBP')).toBeUndefined();
    expect(minorToMajor('1240', 'XYZ')).toBeUndefined();
  });
});
