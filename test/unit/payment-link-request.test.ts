import { describe, expect, it } from 'vitest';
import { isConnectorError } from '#app/contract/connector-error.ts';
import { CUSTOMER_PHONE_EXEMPTION, paymentLinkRequestSchema, reissuePaymentLinkRequestSchema } from '#app/http/payment-link-request.ts';
import { parseOrThrow } from '#app/http/request-validation.ts';

const schema = paymentLinkRequestSchema({ paymentFlows: { 'card-payment': 1 }, defaultPaymentFlow: 'card-payment' });
const paymentData = { Amount: '12.40', Currency: 'GBP', CustomerPhoneNumber: '+447700900123' };
const valid = { agentId: 'agent-1', paymentData };

function refusal(parse: () => unknown) {
  try {
    parse();
  } catch (error) {
    if (isConnectorError(error)) return { code: error.code, details: error.details };
    throw error;
  }
  throw new Error('expected the request to be refused');
}

describe('create payment link request', () => {
  it("takes an agent, payment data with the customer's phone, and defaults the payment flow", () => {
    expect(parseOrThrow(schema, { ...valid, crmReference: 'case-1' })).toEqual({ ...valid, paymentFlow: 'card-payment', crmReference: 'case-1' });
  });

  it.each([
    ['missing', undefined, 'is required'],
    ['written with spaces', '+44 7700 900123', 'no spaces or punctuation'],
    ['written nationally', '07700900123', 'must start with + and the country code'],
    ['longer than E.164 allows', '+4477009001234567', '15 digits at most'],
    ['with a country code starting with 0', '+0447700900123', 'not starting with 0'],
  ])('refuses a phone number %s with INVALID_PHONE_NUMBER and says how to write it', (_, phone, hint) => {
    const { CustomerPhoneNumber: _phone, ...others } = paymentData;
    const body = { ...valid, paymentData: phone === undefined ? others : { ...others, CustomerPhoneNumber: phone } };
    expect(refusal(() => parseOrThrow(schema, body))).toEqual({
      code: 'INVALID_PHONE_NUMBER',
      details: [{ path: 'paymentData.CustomerPhoneNumber', message: expect.stringContaining(hint) }],
    });
  });

  it('takes a phone number of 14 or 15 digits as E.164 allows: the card guard reads it', () => {
    expect(parseOrThrow(schema, { ...valid, paymentData: { ...paymentData, CustomerPhoneNumber: '+861381234567890' } }).paymentData.CustomerPhoneNumber).toBe(
      '+861381234567890',
    );
  });

  it('has the card guard read a phone number of up to 13 digits as a phone number, and a longer one as any other field', () => {
    const { allows } = CUSTOMER_PHONE_EXEMPTION;
    expect(CUSTOMER_PHONE_EXEMPTION.path).toEqual(['paymentData', 'CustomerPhoneNumber']);
    expect(['+447700900123', '+8613812345678', '+4915112345675'].map(allows)).toEqual([true, true, true]);
    expect(['+378282246310005', '+30569309025904', '+4111111111111111', '4915112345675'].map(allows)).toEqual([false, false, false, false]);
  });

  it.each([
    ['null', null],
    ['an array', [valid]],
  ])('refuses a body that is %s with INVALID_REQUEST rather than failing in its checks', (_, body) => {
    expect(refusal(() => parseOrThrow(schema, body))).toMatchObject({
      code: 'INVALID_REQUEST',
      details: [{ path: '(body)' }],
    });
    expect(refusal(() => parseOrThrow(reissuePaymentLinkRequestSchema, body))).toMatchObject({ code: 'INVALID_REQUEST', details: [{ path: '(body)' }] });
  });

  it('lists every problem at once, the phone among them', () => {
    const body = { agentId: '', paymentData: { Amount: '12.401', Currency: 'GBP', CustomerPhoneNumber: '07700900123' }, paymentFlow: 'crypto' };
    expect(
      refusal(() => parseOrThrow(schema, body))
        ?.details.map((d) => d.path)
        .sort(),
    ).toEqual(['agentId', 'paymentData.Amount', 'paymentData.CustomerPhoneNumber', 'paymentFlow']);
  });

  it('refuses skipCallTransfer: a link has no call to skip', () => {
    expect(refusal(() => parseOrThrow(schema, { ...valid, skipCallTransfer: true }))).toMatchObject({
      code: 'INVALID_REQUEST',
      details: [{ path: 'skipCallTransfer', message: expect.stringContaining('a payment link has no call to skip') }],
    });
  });
});

describe('reissue payment link request', () => {
  it("needs the customer's phone again, since we do not store it", () => {
    expect(parseOrThrow(reissuePaymentLinkRequestSchema, { paymentData: { CustomerPhoneNumber: '+447700900999', FirstName: 'Ann' } })).toEqual({
      agentId: null,
      paymentData: { CustomerPhoneNumber: '+447700900999', FirstName: 'Ann' },
    });
    expect(refusal(() => parseOrThrow(reissuePaymentLinkRequestSchema, { paymentData: {} }))?.code).toBe('INVALID_PHONE_NUMBER');
  });

  it.each([
    ['a string', 'x'],
    ['a number', 5],
    ['null', null],
  ])('refuses paymentData that is %s with INVALID_REQUEST rather than failing in its checks', (_, data) => {
    const refused = refusal(() => parseOrThrow(reissuePaymentLinkRequestSchema, { paymentData: data }));
    expect(refused).toMatchObject({ code: 'INVALID_REQUEST', details: [{ path: 'paymentData' }] });
  });

  it('refuses a different amount, currency or reference: a reissue is the same payment', () => {
    const body = { paymentData: { CustomerPhoneNumber: '+447700900999', Amount: '1.00', Currency: 'EUR', MerchantReferenceCode: 'X' } };
    expect(refusal(() => parseOrThrow(reissuePaymentLinkRequestSchema, body))?.details).toEqual([
      { path: 'paymentData.Amount', message: 'is taken from the link being reissued; remove it' },
      { path: 'paymentData.Currency', message: 'is taken from the link being reissued; remove it' },
      { path: 'paymentData.MerchantReferenceCode', message: 'is taken from the link being reissued; remove it' },
    ]);
  });
});
