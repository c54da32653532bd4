import { describe, expect, it } from 'vitest';
import { loadFunctionConfig, requireSetting } from '#app/config/function-environment.ts';
import { RESULT_READINGS } from '#app/model/payment-result-reading.ts';

const valid = {
  CONNECTOR_ENVIRONMENT: 'sandbox',
  PAYMENT_SESSIONS_TABLE: 'table',
  VCC_API_BASE_URL: 'https://emea.cc.vonage.com/paymentapi/',
  VCC_TOKEN_URL: 'https://emea.cc.vonage.com/Auth/connect/token',
  VCC_CREDENTIALS_SECRET_ID: 'secret',
  PAYMENT_FLOWS: '{"card-payment":1}',
  PAYMENT_RESULT_READINGS: '{"card-payment":"cybersource"}',
  DEFAULT_PAYMENT_FLOW: 'card-payment',
  ALLOW_SKIP_CALL_TRANSFER: 'false',
  ALLOWED_ORIGINS: '["https://crm.example.com"]',
};

describe('function configuration, read once at cold start', () => {
  it('parses what the construct sets', () => {
    expect(loadFunctionConfig(valid)).toMatchObject({
      vccApiBaseUrl: 'https://emea.cc.vonage.com/paymentapi',
      paymentFlows: { 'card-payment': 1 },
      allowSkipCallTransfer: false,
      allowedOrigins: ['https://crm.example.com'],
      vccTimeoutMs: 8000,
    });
  });

  it.each([
    ['an empty table name', { PAYMENT_SESSIONS_TABLE: '' }, 'PAYMENT_SESSIONS_TABLE'],
    ['a CRM callback URL that is not a URL', { CRM_CALLBACK_URL: 'crm.example.com/events' }, 'CRM_CALLBACK_URL'],
    ['flows that are not JSON', { PAYMENT_FLOWS: '{card-payment:1}' }, 'PAYMENT_FLOWS: must be JSON'],
    ['a default flow that is not a flow', { DEFAULT_PAYMENT_FLOW: 'other' }, 'DEFAULT_PAYMENT_FLOW must name one of PAYMENT_FLOWS'],
    ['a base URL that is not a URL', { VCC_API_BASE_URL: 'emea' }, 'VCC_API_BASE_URL'],
    ['no result readings', { PAYMENT_RESULT_READINGS: undefined }, 'PAYMENT_RESULT_READINGS'],
    [
      'a flow without a result reading',
      { PAYMENT_FLOWS: '{"card-payment":1,"moto":2}' },
      'PAYMENT_RESULT_READINGS must have a reading for each flow of PAYMENT_FLOWS, and no other',
    ],
    [
      'a result reading of no flow',
      { PAYMENT_RESULT_READINGS: '{"card-payment":"cybersource","moto":"cybersource"}' },
      'PAYMENT_RESULT_READINGS must have a reading for each flow',
    ],
    [
      'a reading name it does not know',
      { PAYMENT_RESULT_READINGS: '{"card-payment":"adyen"}' },
      'PAYMENT_RESULT_READINGS.card-payment: must be "cybersource", "chase-orbital" or a reading',
    ],
    [
      'a value both approved and declined',
      { PAYMENT_RESULT_READINGS: JSON.stringify({ 'card-payment': { decisionField: 'status', approvedValues: ['OK'], declinedValues: ['ok '] } }) },
      'PAYMENT_RESULT_READINGS.card-payment.declinedValues.0: "ok " is also an approved value',
    ],
  ])('fails fast on %s, naming the variable', (_, change, message) => {
    expect(() => loadFunctionConfig({ ...valid, ...change })).toThrow(message);
  });
});

describe('the result reading of each payment flow', () => {
  it("is the named reading, resolved, next to the flow's accountConfigurationId", () => {
    const config = loadFunctionConfig({
      ...valid,
      PAYMENT_FLOWS: '{"card-payment":1,"card-payment-orbital":3}',
      PAYMENT_RESULT_READINGS: '{"card-payment":"cybersource","card-payment-orbital":"chase-orbital"}',
    });

    expect(config.paymentFlows).toEqual({ 'card-payment': 1, 'card-payment-orbital': 3 });
    expect(config.resultReadings).toEqual({ 'card-payment': RESULT_READINGS.cybersource, 'card-payment-orbital': RESULT_READINGS['chase-orbital'] });
  });

  it('is a reading spelled out, with the fields it leaves out read as absent', () => {
    const custom = { decisionField: 'status', approvedValues: ['AUTHORISED'], declinedValues: ['REFUSED'], gatewayReferenceField: 'pspReference' };

    const config = loadFunctionConfig({ ...valid, PAYMENT_RESULT_READINGS: JSON.stringify({ 'card-payment': custom }) });

    expect(config.resultReadings['card-payment']).toEqual({
      ...custom,
      reasonCodeField: null,
      amountMinorField: null,
      currencyField: null,
      transactionTypeField: null,
    });
  });
});

describe('resources only some functions get', () => {
  it('are handed to the function that needs them', () => {
    expect(requireSetting(loadFunctionConfig(valid), 'tableName')).toBe('table');
  });

  it.each([
    ['tableName', 'PAYMENT_SESSIONS_TABLE'],
    ['outcomeEventBusName', 'OUTCOME_EVENT_BUS_NAME'],
    ['crmCallbackSecretId', 'CRM_CALLBACK_SECRET_ID'],
  ] as const)('fail the cold start of a function that needs %s without it, naming %s', (key, variable) => {
    const config = loadFunctionConfig({ ...valid, PAYMENT_SESSIONS_TABLE: undefined });
    expect(() => requireSetting(config, key)).toThrow(`${variable} is required by this function`);
  });
});
