import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { apiHandler } from '#app/http/api-handler.ts';
import type { ApiRequest } from '#app/http/api-request.ts';
import { looksLikeCardNumber, REDACTED_CARD_NUMBER } from '#app/privacy/card-number-guard.ts';

// The shared logger reads its level at import, and each invocation resets it to that level: a
// local stack started by another suite may have left SILENT in the environment.
vi.hoisted(() => {
  process.env.POWERTOOLS_LOG_LEVEL = 'INFO';
});

const REQUEST_ID = 'c6af9ac6-7b61-11e6-9a41-93e812345678';

function event(headers: Record<string, string>): APIGatewayProxyEvent {
  return {
    httpMethod: 'POST',
    path: '/v1/payment-sessions',
    resource: '/v1/payment-sessions',
    headers,
    multiValueHeaders: {},
    pathParameters: null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body: '{}',
    isBase64Encoded: false,
    requestContext: { requestId: REQUEST_ID, authorizer: { claims: { client_id: 'crm' } } } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

const context = {
  functionName: 'create-payment-session',
  awsRequestId: REQUEST_ID,
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:create-payment-session',
  memoryLimitInMB: '512',
  getRemainingTimeInMillis: () => 10_000,
} as unknown as Context;

let lines: string[] = [];
beforeEach(() => {
  lines = [];
  for (const stream of [process.stdout, process.stderr]) {
    vi.spyOn(stream, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(...String(chunk).split('\n').filter(Boolean));
      return true;
    });
  }
});
afterEach(() => vi.restoreAllMocks());

const invoke = (core: (request: ApiRequest) => Promise<{ status: number; body: unknown }>, headers: Record<string, string> = {}) =>
  apiHandler(core, { allowedOrigins: [] })(event(headers), context);

describe('the API handler', () => {
  it('echoes an offered correlation id and logs with it', async () => {
    const answer = await invoke(async () => ({ status: 200, body: {} }), { 'X-Correlation-Id': 'crm-case-00123' });
    expect(answer.headers?.['x-correlation-id']).toBe('crm-case-00123');
  });

  it.each(['4111---1111---1111---1111', '4111-1111-1111-1111', '4111.1111.1111.1111'])(
    'refuses an offered correlation id %s that looks like a card number, using the request id instead',
    async (offered) => {
      let seen = '';
      const answer = await invoke(
        async (request) => {
          seen = request.correlationId;
          return { status: 200, body: {} };
        },
        { 'X-Correlation-Id': offered },
      );
      expect(seen).toBe(REQUEST_ID);
      expect(answer.headers?.['x-correlation-id']).toBe(REQUEST_ID);
    },
  );

  it('answers an unexpected error with a 500 and logs it by name and a redacted message only', async () => {
    const error = Object.assign(new Error('Number 4111111111111111 is greater than Number.MAX_SAFE_INTEGER.'), {
      $request: { body: '{"Amount":"4111111111111111"}' },
    });
    const answer = await invoke(async () => {
      throw error;
    });
    expect(answer.statusCode).toBe(500);
    expect(JSON.parse(answer.body)).toEqual({ error: { code: 'INTERNAL_ERROR', message: expect.any(String), correlationId: REQUEST_ID } });
    const logged = lines.map((line) => JSON.parse(line) as Record<string, unknown>).find((line) => line.message === 'unexpected error');
    expect(logged).toMatchObject({
      level: 'ERROR',
      errorName: 'Error',
      errorMessage: `Number ${REDACTED_CARD_NUMBER} is greater than Number.MAX_SAFE_INTEGER.`,
    });
    expect(logged).not.toHaveProperty('error');
    expect(lines.some(looksLikeCardNumber)).toBe(false);
    expect(lines.join('\n')).not.toContain('$request');
  });
});
