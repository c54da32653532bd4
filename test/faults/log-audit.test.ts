import { describe, expect, it } from 'vitest';
import { auditLine, findCardLikeValues } from '../support/log-audit.ts';

/** The log audit's own oracle, checked against the spellings issue 9 lists and against what logs hold. */
describe('the log audit finds a card-like value', () => {
  it.each([
    ['whole', '4111111111111111'],
    ['in groups of four', '4111 1111 1111 1111'],
    ['with separators of three characters', '4111 - 1111 - 1111 - 1111'],
    ['with runs of spaces', '4111   1111   1111   1111'],
    ['after a plus, as a phone number would be', '+4111111111111111'],
    ['in Arabic-Indic digits', '٤١١١١١١١١١١١١١١١'],
    ['in Devanagari digits', '४१११ ११११ ११११ ११११'],
    ['in full-width digits', '４１１１１１１１１１１１１１１１'],
    ['in mathematical digits', '𝟒𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏𝟏'],
    ['with other digits around it', '4111111111111111 123'],
    ['of 13 digits', '4222222222222'],
    ['of 19 digits', '4111111111111111110'],
    ['as a JSON number in a log line', '{"message":"Number 4111111111111111 is greater than MAX_SAFE_INTEGER"}'],
    ['in a correlation id', '{"correlation_id":"4111---1111---1111---1111"}'],
  ])('%s', (_, text) => {
    expect(findCardLikeValues(text)).not.toEqual([]);
  });
});

describe('the log audit finds no card-like value', () => {
  it.each([
    ['in a number failing the Luhn check', '4111111111111112'],
    ['starting with 1, 7, 8 or 9', '7111111111111114'],
    ['in a UUID', '{"id":"41111111-1111-4111-8111-111111111111"}'],
    ['in an ISO timestamp', '"timestamp":"2026-11-21T23:24:23.100Z"'],
    ['in a gateway requestID of 22 digits', '"requestID":"6811234567890123456789"'],
    ['in groups split by separators longer than five characters', '4111 1111 ------ 1111 1111'],
    ['in groups split by letters', '4111 1111 x 1111 1111'],
    ['in a phone number', '+447700900123'],
  ])('%s', (_, text) => {
    expect(findCardLikeValues(text)).toEqual([]);
  });
});

describe('the log audit finds tokens and secrets', () => {
  it('names each finding and masks it in the reported line', () => {
    const secrets = new Map([['local-crm-secret', 'client secret of crm']]);
    const findings = auditLine('{"message":"calling","auth":"Bearer abcdefghijklmnopqrstuvwxyz012345","secret":"local-crm-secret"}', secrets);

    expect(findings.map((f) => f.what).sort()).toEqual(['bearer token', 'client secret of crm']);
    expect(findings[0]!.line).not.toContain('local-crm-secret');
    expect(findings[0]!.line).not.toContain('abcdefghijklmnopqrstuvwxyz012345');
  });

  it.each([
    ['a JWT', 'token eyJhbGciOiJSUzI1NiJ9.eyJzY29wZSI6InRlc3QifQ.c2lnbmF0dXJlLXZhbHVl'],
    ['a named access token', '{"access_token":"Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5"}'],
    ['an agent access token by name', '{"agentAccessToken":"Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5"}'],
    ['a form field of the payment page', 'X-BEARER-TOKEN=Zm9vYmFyYmF6cXV4MTIzNDU2Nzg5'],
  ])('%s', (_, line) => {
    expect(auditLine(line)).not.toEqual([]);
  });

  it('leaves alone a line that only names a token', () => {
    expect(auditLine('{"level":"INFO","message":"VCC token request answered 400","tokenRequests":3}')).toEqual([]);
  });
});
