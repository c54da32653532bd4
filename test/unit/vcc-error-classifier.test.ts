import { describe, expect, it } from 'vitest';
import { classifyVccError } from '#app/adapters/vcc/vcc-error-classifier.ts';

describe('VCC errors', () => {
  it.each([
    ['{"error":"invalid_client"}', 'VCC_CREDENTIALS_INVALID'],
    ['{"message":"Provider\'s authorization endpoint returned error message \'invalid_client_key\'"}', 'VCC_PROVIDER_CREDENTIALS_INVALID'],
    ['Account configuration does not exists for account: acme, configuration Id: 7.', 'VCC_UNKNOWN_ACCOUNT_CONFIGURATION'],
    [
      "Provider's authorization endpoint returned error message 'invalid_client'/'invalid_client' for account name: acme, configuration id: 1",
      'VCC_PROVIDER_PERMISSION_DENIED',
    ],
    ['Internal Server Error', 'VCC_UNAVAILABLE'],
    ['', 'VCC_UNAVAILABLE'],
  ])('%s maps to %s', (body, code) => {
    expect(classifyVccError(400, body, 'POST /v1/session').code).toBe(code);
  });

  it("keeps VCC's text for the operator, not for the caller", () => {
    const error = classifyVccError(400, 'Account configuration does not exists for account: acme, configuration Id: 7.', 'POST /v1/session');
    expect(error.operatorHint).toContain('configuration Id: 7');
    expect(error.message).not.toContain('acme');
  });
});

describe('what an undocumented VCC answer leaves in the logs', () => {
  it('keeps the shape of a JSON answer, never its values', () => {
    const error = classifyVccError(400, '{"message":"Invalid Surname Smith","field":"Surname","count":3}', 'POST /v1/session');
    expect(error.operatorHint).toBe('VCC POST /v1/session answered 400: {"message":"<string of 21>","field":"<string of 7>","count":"<number>"}');
  });

  it('keeps only the length of a text answer', () => {
    expect(classifyVccError(500, 'John Smith is not allowed', 'POST /v1/session').operatorHint).toBe(
      'VCC POST /v1/session answered 500: <25 characters of text>',
    );
  });
});
