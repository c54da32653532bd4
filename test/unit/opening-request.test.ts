import { describe, expect, it } from 'vitest';
import { isConnectorError } from '#app/contract/connector-error.ts';
import type { ApiRequest } from '#app/http/api-request.ts';
import { openingRequestOf } from '#app/http/opening-request.ts';
import { paymentLinkRequestSchema, reissuePaymentLinkRequestSchema } from '#app/http/payment-link-request.ts';
import { paymentSessionRequestSchema } from '#app/http/payment-session-request.ts';
import { looksLikeCardNumber } from '#app/privacy/card-number-guard.ts';
import { nestedJson } from './support/deep-json.ts';

const policy = { paymentFlows: { 'card-payment': 1 }, defaultPaymentFlow: 'card-payment', allowSkipCallTransfer: true };
const session = { agentId: 'agent-1', paymentData: { Amount: '12.40', Currency: 'GBP' } };
const link = { agentId: 'agent-1', paymentData: { Amount: '12.40', Currency: 'GBP', CustomerPhoneNumber: '+447700900123' } };
const reissue = { paymentData: { CustomerPhoneNumber: '+447700900123' } };
const routes = {
  'POST /v1/payment-sessions': { schema: paymentSessionRequestSchema(policy), valid: session },
  'POST /v1/payment-links': { schema: paymentLinkRequestSchema(policy), valid: link },
  'POST /v1/payment-links/{id}/reissue': { schema: reissuePaymentLinkRequestSchema, valid: reissue },
};
const linkSchema = routes['POST /v1/payment-links'].schema;

function post(rawBody: string, headers: Record<string, string> = {}): ApiRequest {
  return {
    method: 'POST',
    path: '/v1/payment-sessions',
    resource: '/v1/payment-sessions',
    baseUrl: '',
    pathParameters: {},
    query: {},
    headers: { 'content-type': 'application/json', ...headers },
    rawBody,
    correlationId: 'test',
    remainingTimeMs: () => 10_000,
    caller: { clientId: 'crm' },
  };
}

function refusal(read: () => unknown) {
  try {
    read();
  } catch (error) {
    if (isConnectorError(error))
      return { status: error.status, code: error.code, message: error.message, details: error.details, paths: error.details.map((detail) => detail.path) };
    throw error;
  }
  throw new Error('expected the request to be refused');
}

/** A Luhn-valid number of `length` digits starting with `prefix`. */
function luhnValid(prefix: string, length: number): string {
  const payload = prefix.padEnd(length - 1, '0');
  for (let check = 0; check <= 9; check += 1) {
    const digits = `${payload}${check}`;
    const sum = [...digits].reverse().reduce((total, digit, i) => {
      const doubled = i % 2 === 1 ? Number(digit) * 2 : Number(digit);
      return total + (doubled > 9 ? doubled - 9 : doubled);
    }, 0);
    if (sum % 10 === 0) return digits;
  }
  throw new Error('unreachable');
}

describe('reading the request of a route that opens a payment', () => {
  describe.each(Object.entries(routes))('%s', (_, { schema, valid }) => {
    it.each([
      ['null', 'null'],
      ['an array', '[{"agentId":"agent-1"}]'],
      ['a string', '"agent-1"'],
      ['a number', '12.40'],
      ['a boolean', 'true'],
    ])('refuses a body that is %s with 400 INVALID_REQUEST, asking for a JSON object', (kind, body) => {
      const refused = refusal(() => openingRequestOf(post(body), schema));
      expect(refused).toMatchObject({ status: 400, code: 'INVALID_REQUEST', details: [{ path: '(body)', message: `is ${kind}; send a JSON object` }] });
      expect(refused.message).toContain('send a JSON object');
    });

    it.each([
      ['2,000 levels of objects and arrays in a field', `{"nested":${nestedJson(2_000, '"x"')}}`, 'INVALID_REQUEST'],
      ['2,000 levels of objects and arrays', nestedJson(2_000, '"x"'), 'INVALID_REQUEST'],
      ['7,000 levels of arrays, the most 16 KiB holds', `${'['.repeat(7_000)}${']'.repeat(7_000)}`, 'INVALID_REQUEST'],
      ['2,000 levels around a card number', nestedJson(2_000, '"4111111111111111"'), 'CARD_NUMBER_REFUSED'],
    ])('answers a body nested %s with a 400, not a stack overflow', (_depth, body, code) => {
      expect(refusal(() => openingRequestOf(post(body), schema))).toMatchObject({ status: 400, code });
    });

    it.each([
      ['separated by runs of spaces and dashes', '4111 - 1111 - 1111 - 1111'],
      ['separated by three spaces', '4111   1111   1111   1111'],
      ['written with a + as a phone number would be', '+4111111111111111'],
      ['in Arabic-Indic digits', '٤١١١١١١١١١١١١١١١'],
      ['in Devanagari digits', '४१११११११११११११११'],
    ])('refuses a card number %s in any field', (_spelling, cardNumber) => {
      const body = JSON.stringify({ ...valid, paymentData: { ...valid.paymentData, Notes: cardNumber } });
      expect(refusal(() => openingRequestOf(post(body), schema))).toMatchObject({ code: 'CARD_NUMBER_REFUSED', paths: ['paymentData.Notes'] });
    });

    it('refuses a card number written with a + as the Idempotency-Key', () => {
      expect(refusal(() => openingRequestOf(post(JSON.stringify(valid), { 'idempotency-key': '+4111111111111111' }), schema)).code).toBe('CARD_NUMBER_REFUSED');
    });
  });

  describe("the customer's phone number", () => {
    const withPhone = (phone: string) => JSON.stringify({ ...link, paymentData: { ...link.paymentData, CustomerPhoneNumber: phone } });
    // A German mobile of 13 digits that happens to pass the Luhn check, as one in ten does.
    const luhnValidPhone = `+${luhnValid('4915112345', 13)}`;

    it('reads a phone number of up to 13 digits as a phone number, even one that passes the Luhn check', () => {
      expect(looksLikeCardNumber(luhnValidPhone)).toBe(true);
      expect(openingRequestOf(post(withPhone(luhnValidPhone)), linkSchema).request.paymentData.CustomerPhoneNumber).toBe(luhnValidPhone);
      expect(openingRequestOf(post(withPhone('+447700900123')), linkSchema).request.paymentData.CustomerPhoneNumber).toBe('+447700900123');
    });

    it.each([
      ['a 15-digit Amex number', '+378282246310005'],
      ['a 14-digit Diners number', '+30569309025904'],
      ['a 16-digit Visa number', '+4111111111111111'],
    ])('refuses %s typed into the phone field with a +', (_, phone) => {
      expect(refusal(() => openingRequestOf(post(withPhone(phone)), linkSchema))).toMatchObject({
        code: 'CARD_NUMBER_REFUSED',
        paths: ['paymentData.CustomerPhoneNumber'],
      });
    });

    it('reads that phone number as a phone number in that field only', () => {
      const body = JSON.stringify({ ...link, paymentData: { ...link.paymentData, CustomerPhoneNumber: luhnValidPhone, Notes: luhnValidPhone } });
      expect(refusal(() => openingRequestOf(post(body), linkSchema))).toMatchObject({ code: 'CARD_NUMBER_REFUSED', paths: ['paymentData.Notes'] });
    });
  });

  it('takes an ordinary request', () => {
    expect(openingRequestOf(post(JSON.stringify(session), { 'idempotency-key': 'a1b2c3' }), routes['POST /v1/payment-sessions'].schema)).toEqual({
      request: { ...session, paymentFlow: 'card-payment', crmReference: null, skipCallTransfer: false },
      idempotencyKey: 'a1b2c3',
      clientId: 'crm',
    });
  });
});
