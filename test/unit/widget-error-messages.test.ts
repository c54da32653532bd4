import { describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../functions/app/contract/error-catalogue.ts';
import { API_ERROR_MESSAGES, agentMessage, RETRY_WITH_SAME_KEY, WIDGET_ERROR_MESSAGES } from '../../widget/src/error-messages.ts';

describe("the widget's messages for agents", () => {
  it('has one for every error code of the catalogue, and none for a code the API does not have', () => {
    expect(Object.keys(API_ERROR_MESSAGES).sort()).toEqual(Object.keys(ERROR_CATALOGUE).sort());
  });

  it("says what happened and what to do, in sentences, without the API's developer wording", () => {
    for (const [code, { message, action }] of Object.entries({ ...API_ERROR_MESSAGES, ...WIDGET_ERROR_MESSAGES })) {
      expect(message, code).toMatch(/^[A-Z].*\.$/);
      expect(action, code).toMatch(/^[A-Z].*\.$/);
      // Field names in the API's words (paymentData.Amount, Idempotency-Key) mean nothing to an agent.
      expect(`${message} ${action}`, code).not.toMatch(/paymentData|Idempotency-Key|correlationId|[{}]/);
    }
  });

  it('offers Try again only where the catalogue says the same request is safe to send again', () => {
    for (const code of RETRY_WITH_SAME_KEY) expect(agentMessage(code).action, code).toMatch(/Try again/);
    expect(RETRY_WITH_SAME_KEY.has('VCC_TIMEOUT')).toBe(false); // VCC may have opened the session: a new payment, after checking
  });

  it('answers an unknown code with a general message rather than nothing', () => {
    expect(agentMessage('SOMETHING_NEW')).toEqual({ message: 'The payment service refused the request.', action: expect.stringContaining('reference') });
  });
});
