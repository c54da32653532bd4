import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { findCardLikeValues } from '../support/log-audit.ts';
import { nestedJson } from '../unit/support/deep-json.ts';
import { callApi, createLink, createSession, linkRequest, paymentRequest, reissueLink, uniqueAgentId } from './support/connector-api.ts';
import { storedItemsMentioning } from './support/session-table.ts';
import { simulatorStats } from './support/vcc-simulator-control.ts';

/** Sends a bad request and checks the promise of the brief: a clear 4xx, nothing stored, nothing forwarded. */
async function expectRefused(send: (agentId: string) => Promise<{ status: number; body: any }>, status: number, code: string) {
  const agentId = uniqueAgentId();
  const { sessionsCreated, digitalSessionsCreated } = await simulatorStats();
  const answer = await send(agentId);
  expect(answer.status).toBe(status);
  expect(answer.body.error.code).toBe(code);
  expect(answer.body.error.message).toEqual(expect.any(String));
  expect(await storedItemsMentioning(agentId)).toEqual([]);
  expect(await simulatorStats()).toMatchObject({ sessionsCreated, digitalSessionsCreated });
  return answer.body.error;
}

const withPaymentData = (agentId: string, paymentData: Record<string, unknown>) =>
  createSession(paymentRequest(agentId, { paymentData: { ...paymentRequest(agentId).paymentData, ...paymentData } }));

describe('bad input gets a clear error and changes nothing', () => {
  it("refuses the VCC docs' own example, which is not JSON", async () => {
    const error = await expectRefused(
      (agentId) =>
        callApi('POST', '/v1/payment-sessions', {
          rawBody: `{ "accountConfigurationId": 1, "agentID": ${agentId}, "skipCallTransfer": false, "paymentData": { "Amount": "12.40", "Currency": "GBP" } }`,
          headers: { 'content-type': 'application/json' },
        }),
      400,
      'INVALID_JSON',
    );
    expect(error.details[0].message).toMatch(/syntax error/);
  });

  it("refuses the docs' example once quoted, naming agentID as an unknown field", async () => {
    const error = await expectRefused(
      (agentId) => createSession({ accountConfigurationId: 1, agentID: agentId, paymentData: { Amount: '12.40', Currency: 'GBP' } }),
      400,
      'INVALID_REQUEST',
    );
    expect(error.message).toMatch(/agentID/);
  });

  it.each([
    ['a numeric agentId', { agentId: 12345 }, 'INVALID_REQUEST', 'agentId'],
    ['a missing agentId', { agentId: undefined }, 'INVALID_REQUEST', 'agentId'],
    ['paymentData as a string', { paymentData: 'Amount=12.40' }, 'INVALID_REQUEST', 'paymentData'],
    ['an unknown paymentFlow', { paymentFlow: 'bitcoin' }, 'UNKNOWN_PAYMENT_FLOW', 'paymentFlow'],
    ['skipCallTransfer as a string', { skipCallTransfer: 'yes' }, 'INVALID_REQUEST', 'skipCallTransfer'],
  ])('refuses %s', async (_, overrides, code, path) => {
    const error = await expectRefused((agentId) => createSession({ ...paymentRequest(agentId), ...overrides }), 400, code);
    expect(error.details.map((d: { path: string }) => d.path)).toContain(path);
  });

  it.each([
    ['a missing Amount', { Amount: undefined }, 'INVALID_AMOUNT'],
    ['a negative Amount', { Amount: '-12.40' }, 'INVALID_AMOUNT'],
    ['a zero Amount', { Amount: '0.00' }, 'INVALID_AMOUNT'],
    ['an over-precise Amount', { Amount: '12.405' }, 'INVALID_AMOUNT'],
    ['a decimal yen Amount', { Amount: '100.5', Currency: 'JPY' }, 'INVALID_AMOUNT'],
    ['a numeric Amount', { Amount: 12.4 }, 'INVALID_REQUEST'],
    ['an unknown Currency', { Currency: 'XYZ' }, 'UNSUPPORTED_CURRENCY'],
    ['a lower-case Currency', { Currency: 'gbp' }, 'UNSUPPORTED_CURRENCY'],
  ])('refuses %s', async (_, paymentData, code) => {
    const error = await expectRefused((agentId) => withPaymentData(agentId, paymentData), 400, code);
    expect(error.details.map((d: { path: string }) => d.path).join()).toMatch(/paymentData\.(Amount|Currency)/);
  });

  it.each([
    ['in a field of its own', { CardNumber: '4111111111111111' }],
    ['spaced out inside free text', { Notes: 'customer said 4111 1111 1111 1111 exp 12/29' }],
    ['as a JSON number', { Reference: 5555555555554444 }],
  ])('refuses a card number hidden %s, and never echoes it', async (_, paymentData) => {
    const error = await expectRefused((agentId) => withPaymentData(agentId, paymentData), 400, 'CARD_NUMBER_REFUSED');
    expect(findCardLikeValues(JSON.stringify(error))).toEqual([]);
  });

  it('refuses a card number in the CRM reference too', async () => {
    await expectRefused((agentId) => createSession(paymentRequest(agentId, { crmReference: '4012888888881881' })), 400, 'CARD_NUMBER_REFUSED');
  });

  it('refuses an oversized body', async () => {
    await expectRefused((agentId) => withPaymentData(agentId, { Notes: 'x'.repeat(17 * 1024) }), 413, 'PAYLOAD_TOO_LARGE');
  });

  it('refuses a body that is not JSON by content type', async () => {
    await expectRefused(
      (agentId) =>
        callApi('POST', '/v1/payment-sessions', {
          rawBody: `agentId=${agentId}&Amount=12.40`,
          headers: { 'content-type': 'application/x-www-form-urlencoded' },
        }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
  });

  it("accepts the reference number of the VCC docs' example, which only looks like a card number", async () => {
    const answer = await withPaymentData(uniqueAgentId(), { MerchantReferenceCode: '0123456789098760' });
    expect(answer.status).toBe(201);
  });

  const postRaw = (path: string, rawBody: string) => callApi('POST', path, { rawBody, headers: { 'content-type': 'application/json' } });
  const reissuePath = () => `/v1/payment-links/${randomUUID()}/reissue`;

  it.each([
    ['POST /v1/payment-sessions', '/v1/payment-sessions'],
    ['POST /v1/payment-links', '/v1/payment-links'],
  ])('refuses a body of null on %s with INVALID_REQUEST, asking for a JSON object', async (_, path) => {
    const error = await expectRefused(() => postRaw(path, 'null'), 400, 'INVALID_REQUEST');
    expect(error.message).toMatch(/send a JSON object/);
  });

  it.each([
    ['a string', 'x'],
    ['a number', 5],
  ])('refuses a reissue whose paymentData is %s with INVALID_REQUEST', async (_, paymentData) => {
    const error = await expectRefused(() => reissueLink(randomUUID(), { paymentData }), 400, 'INVALID_REQUEST');
    expect(error.details).toEqual([{ path: 'paymentData', message: expect.any(String) }]);
  });

  it.each([
    ['POST /v1/payment-sessions', () => '/v1/payment-sessions'],
    ['POST /v1/payment-links', () => '/v1/payment-links'],
    ['POST /v1/payment-links/{id}/reissue', reissuePath],
  ])('answers a body nested 2,000 levels deep on %s with a 400', async (_, path) => {
    await expectRefused(() => postRaw(path(), nestedJson(2_000, '"x"')), 400, 'INVALID_REQUEST');
    await expectRefused(() => postRaw(path(), `{"agentId":"a","extra":${nestedJson(2_000, '"4111111111111111"')}}`), 400, 'CARD_NUMBER_REFUSED');
  });

  it.each([
    ['separated by runs of spaces and dashes', '4111 - 1111 - 1111 - 1111'],
    ['separated by three spaces', '4111   1111   1111   1111'],
    ['written with a +', '+4111111111111111'],
    ['in Arabic-Indic digits', '٤١١١١١١١١١١١١١١١'],
    ['in Devanagari digits', '४१११११११११११११११'],
  ])('refuses a card number %s, in a session and in a link', async (_, cardNumber) => {
    await expectRefused((agentId) => withPaymentData(agentId, { Notes: cardNumber }), 400, 'CARD_NUMBER_REFUSED');
    await expectRefused((agentId) => createLink(linkRequest(agentId, { crmReference: cardNumber })), 400, 'CARD_NUMBER_REFUSED');
  });

  it("refuses a card number typed into a link's phone field with a +", async () => {
    const error = await expectRefused(
      (agentId) =>
        createLink(
          linkRequest(agentId, {
            paymentData: { ...linkRequest(agentId).paymentData, CustomerPhoneNumber: '+378282246310005' },
          }),
        ),
      400,
      'CARD_NUMBER_REFUSED',
    );
    expect(error.details).toEqual([{ path: 'paymentData.CustomerPhoneNumber', message: 'looks like a card number; remove it' }]);
  });

  it('ignores an X-Correlation-Id that looks like a card number, answering with its own', async () => {
    const answer = await createSession(paymentRequest(uniqueAgentId(), { paymentFlow: 'no-such-flow' }), {
      headers: { 'x-correlation-id': '4111---1111---1111---1111' },
    });
    expect(answer.status).toBe(400);
    expect(findCardLikeValues(answer.headers.get('x-correlation-id') ?? '')).toEqual([]);
    expect(answer.body.error.correlationId).toBe(answer.headers.get('x-correlation-id'));
  });
});
