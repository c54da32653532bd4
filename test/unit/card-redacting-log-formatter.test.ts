import { Logger } from '@aws-lambda-powertools/logger';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CardRedactingLogFormatter } from '#app/observability/card-redacting-log-formatter.ts';
import { logger as sharedLogger } from '#app/observability/powertools.ts';
import { looksLikeCardNumber, REDACTED_CARD_NUMBER } from '#app/privacy/card-number-guard.ts';
import { nested } from './support/deep-json.ts';

let lines: string[] = [];

beforeEach(() => {
  // The level comes from the environment, which another suite's local stack may have set to SILENT.
  sharedLogger.setLogLevel('INFO');
  lines = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
  }
});
afterEach(() => vi.restoreAllMocks());

const logger = () => new Logger({ serviceName: 'card-test', logLevel: 'DEBUG', logFormatter: new CardRedactingLogFormatter() });

/** The one line a log call wrote, checked to be JSON and to hold nothing card-like. */
function onlyLine(): Record<string, unknown> {
  expect(lines).toHaveLength(1);
  const [line] = lines as [string];
  expect(looksLikeCardNumber(line)).toBe(false);
  return JSON.parse(line) as Record<string, unknown>;
}

describe('log lines never hold a card number', () => {
  it('redacts the one DynamoDB wrote into its error message, in the message, the stack and the logged error', () => {
    const error = new Error('Number 4111111111111111 is greater than Number.MAX_SAFE_INTEGER. Use NumberValue from @aws-sdk/lib-dynamodb.');
    logger().error('Number 4111111111111111 could not be stored', { error });
    const line = onlyLine();
    expect(line.message).toBe(`Number ${REDACTED_CARD_NUMBER} could not be stored`);
    expect(line.error).toMatchObject({
      name: 'Error',
      message: `Number ${REDACTED_CARD_NUMBER} is greater than Number.MAX_SAFE_INTEGER. Use NumberValue from @aws-sdk/lib-dynamodb.`,
    });
    expect(String((line.error as { stack: string }).stack)).toContain(REDACTED_CARD_NUMBER);
  });

  it("redacts card numbers in attributes of every type, in keys and in an error's cause", () => {
    logger().warn('refused', {
      asText: 'customer said ٤١١١ ١١١١ ١١١١ ١١١١',
      asNumber: 5555555555554444,
      asBigint: 378282246310005n,
      nested: { deeper: ['4111---1111---1111---1111'] },
      '4012888888881881': 'as a key',
      error: new Error('outer', { cause: new Error('inner 4111 1111 1111 1111') }),
    });
    const line = onlyLine();
    expect(line).toMatchObject({
      level: 'WARN',
      message: 'refused',
      service: 'card-test',
      asText: `customer said ${REDACTED_CARD_NUMBER}`,
      asNumber: REDACTED_CARD_NUMBER,
      asBigint: REDACTED_CARD_NUMBER,
      nested: { deeper: [REDACTED_CARD_NUMBER] },
      [REDACTED_CARD_NUMBER]: 'as a key',
      error: { message: 'outer', cause: { message: `inner ${REDACTED_CARD_NUMBER}` } },
    });
  });

  it('redacts a card number split across values, which only the written line shows', () => {
    logger().info('groups', { groups: ['4111', '1111', '1111', '1111'], pair: { 5555: '5555 5555 4444' } });
    const line = onlyLine();
    expect(line.groups).toEqual([REDACTED_CARD_NUMBER, REDACTED_CARD_NUMBER, REDACTED_CARD_NUMBER, REDACTED_CARD_NUMBER]);
  });

  it('redacts persistent keys, such as an offered correlation id', () => {
    const withKeys = logger();
    withKeys.appendKeys({ correlationId: '4111 - 1111 - 1111 - 1111' });
    withKeys.info('hello');
    expect(onlyLine()).toMatchObject({ correlationId: REDACTED_CARD_NUMBER, message: 'hello' });
  });

  it('keeps ordinary lines as Powertools writes them', () => {
    logger().info('session created', { id: '13b58422-272c-48c3-bc58-46038425519f', amount: 12.4, reference: '0123456789098760' });
    expect(onlyLine()).toMatchObject({
      level: 'INFO',
      message: 'session created',
      service: 'card-test',
      timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      id: '13b58422-272c-48c3-bc58-46038425519f',
      amount: 12.4,
      reference: '0123456789098760',
    });
  });

  it('withholds an entry it cannot serialize rather than throwing or writing it unchecked', () => {
    expect(() => logger().info('deep', { body: nested(20_000, '4111111111111111') })).not.toThrow();
    expect(onlyLine()).toMatchObject({ level: 'INFO', message: 'log entry withheld: it could not be checked for card numbers' });
  });

  it('is the formatter of the shared logger', () => {
    sharedLogger.error('unexpected error', { errorMessage: 'Number 4111111111111111 is greater than MAX_SAFE_INTEGER' });
    expect(onlyLine()).toMatchObject({ errorMessage: `Number ${REDACTED_CARD_NUMBER} is greater than MAX_SAFE_INTEGER` });
  });
});
