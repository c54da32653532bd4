import { describe, expect, it } from 'vitest';
import { isConnectorError } from '#app/contract/connector-error.ts';
import { paymentSessionRequestSchema } from '#app/http/payment-session-request.ts';
import { parseOrThrow } from '#app/http/request-validation.ts';

const sandbox = paymentSessionRequestSchema({ paymentFlows: { 'card-payment': 1, moto: 2 }, defaultPaymentFlow: 'card-payment', allowSkipCallTransfer: true });
const production = paymentSessionRequestSchema({ paymentFlows: { 'card-payment': 4 }, defaultPaymentFlow: 'card-payment', allowSkipCallTransfer: false });
const valid = { agentId: 'agent-1', paymentData: { Amount: '12.40', Currency: 'GBP' } };

function refusal(schema: typeof sandbox, body: unknown) {
  try {
    parseOrThrow(schema, body);
  } catch (error) {
    if (isConnectorError(error)) return { code: error.code, paths: error.details.map((d) => d.path), details: error.details, message: error.message };
    throw error;
  }
  throw new Error('expected the request to be refused');
}

describe('create payment session request', () => {
  it('defaults the payment flow and the optional fields', () => {
    expect(parseOrThrow(sandbox, valid)).toEqual({ ...valid, paymentFlow: 'card-payment', crmReference: null, skipCallTransfer: false });
  });

  it('passes gateway-specific payment data keys through', () => {
    const body = { ...valid, paymentData: { ...valid.paymentData, FirstName: 'John', CustomField: 'x' } };
    expect(parseOrThrow(sandbox, body).paymentData).toEqual(body.paymentData);
  });

  it.each([
    ['missing Amount', { ...valid, paymentData: { Currency: 'GBP' } }, 'INVALID_AMOUNT', 'paymentData.Amount'],
    ['negative Amount', { ...valid, paymentData: { Amount: '-5.00', Currency: 'GBP' } }, 'INVALID_AMOUNT', 'paymentData.Amount'],
    ['over-precise Amount', { ...valid, paymentData: { Amount: '12.401', Currency: 'GBP' } }, 'INVALID_AMOUNT', 'paymentData.Amount'],
    ['numeric Amount', { ...valid, paymentData: { Amount: 12.4, Currency: 'GBP' } }, 'INVALID_REQUEST', 'paymentData.Amount'],
    ['unknown Currency', { ...valid, paymentData: { Amount: '1.00', Currency: 'ABC' } }, 'UNSUPPORTED_CURRENCY', 'paymentData.Currency'],
    ['unknown paymentFlow', { ...valid, paymentFlow: 'crypto' }, 'UNKNOWN_PAYMENT_FLOW', 'paymentFlow'],
    ['agentId of the wrong type', { ...valid, agentId: 12345 }, 'INVALID_REQUEST', 'agentId'],
    ["the docs' agentID spelling", { agentID: 'agent12345', paymentData: valid.paymentData }, 'INVALID_REQUEST', 'agentId'],
    ['paymentData that is not an object', { ...valid, paymentData: 'Amount=12.40' }, 'INVALID_REQUEST', 'paymentData'],
  ])('refuses %s with %s at %s', (_, body, code, path) => {
    const { code: actual, paths } = refusal(sandbox, body);
    expect(actual).toBe(code);
    expect(paths).toContain(path);
  });

  it.each([
    ['null', null],
    ['an array', [valid]],
    ['a number', 5],
  ])('refuses a body that is %s with INVALID_REQUEST rather than failing in its checks', (_, body) => {
    expect(refusal(sandbox, body)).toMatchObject({ code: 'INVALID_REQUEST', paths: ['(body)'] });
  });

  it('lists every problem at once, so the caller fixes them in one go', () => {
    const { paths, message } = refusal(sandbox, { paymentData: { Amount: '0', Currency: 'gbp' }, paymentFlow: 'x' });
    expect(paths).toEqual(expect.arrayContaining(['agentId', 'paymentData.Currency', 'paymentFlow']));
    expect(message).toContain('must be one of: card-payment, moto');
  });

  it('names the unknown field and hints at spelling', () => {
    const { message, details } = refusal(sandbox, { ...valid, agentID: 'x' });
    expect(details).toContainEqual({ path: 'agentID', message: 'is not a field: it is spelt agentId' });
    expect(message).toContain('agentID is not a field: it is spelt agentId');
  });

  it("answers the body of VCC's own documentation example with what to change, field by field, in the API's words", () => {
    // VCC's example, its unquoted agentID quoted so that it is JSON (docs/vcc-payment-api.md).
    const vccExample = {
      accountConfigurationId: 1,
      agentID: 'agent12345',
      skipCallTransfer: false,
      paymentData: {
        FirstName: 'John',
        Surname: 'Smith',
        Email: 'test@wp.pl',
        Street1: 'Hubska 52',
        City: 'Wroclaw',
        Postcode: '50-348',
        Country: 'GB',
        Amount: '12.40',
        Currency: 'GBP',
        MerchantReferenceCode: '0123456789098760',
      },
    };
    const { code, details } = refusal(sandbox, vccExample);
    expect(code).toBe('INVALID_REQUEST');
    expect(details).toEqual(
      expect.arrayContaining([
        { path: 'agentId', message: 'is required' },
        { path: 'accountConfigurationId', message: expect.stringContaining('send paymentFlow instead') },
        { path: 'agentID', message: 'is not a field: it is spelt agentId' },
      ]),
    );
    for (const detail of details) expect(detail.message).not.toMatch(/expected|received|Too small|Invalid input/);
  });

  it("says what to send instead of zod's words: empty, too long, the wrong type", () => {
    expect(refusal(sandbox, { ...valid, agentId: '' }).details).toContainEqual({ path: 'agentId', message: 'is required: the VCC agent taking the call' });
    expect(refusal(sandbox, { ...valid, crmReference: '' }).details).toContainEqual({ path: 'crmReference', message: 'must not be empty' });
    expect(refusal(sandbox, { ...valid, agentId: 'a'.repeat(129) }).details).toContainEqual({ path: 'agentId', message: 'must be at most 128 characters' });
    expect(refusal(sandbox, { ...valid, skipCallTransfer: 'yes' }).details).toContainEqual({ path: 'skipCallTransfer', message: 'must be true or false' });
  });

  it('allows skipCallTransfer in sandbox only', () => {
    expect(parseOrThrow(sandbox, { ...valid, skipCallTransfer: true }).skipCallTransfer).toBe(true);
    expect(refusal(production, { ...valid, skipCallTransfer: true }).code).toBe('SKIP_CALL_TRANSFER_NOT_ALLOWED');
    expect(parseOrThrow(production, { ...valid, skipCallTransfer: false }).skipCallTransfer).toBe(false);
  });
});
