import { describe, expect, it } from 'vitest';
import type { ApiRequest } from '#app/http/api-request.ts';
import { listPaymentsQueryOf, listPaymentsQuerySchema } from '#app/http/list-payments-query.ts';

const read = (query: Record<string, string>) => listPaymentsQueryOf({ query } as ApiRequest);
const refusal = (query: Record<string, string>) => {
  try {
    read(query);
  } catch (error) {
    return error;
  }
  throw new Error('the query was read');
};

describe('the query of GET /v1/payments', () => {
  it('publishes pageSize, and not limit, its name before 0.2.0 that Apex reserves', () => {
    expect(Object.keys(listPaymentsQuerySchema.shape)).toEqual(['crmReference', 'pageSize', 'cursor']);
  });

  it.each([
    ['pageSize', { pageSize: '5' }, 5],
    ['limit, still read', { limit: '5' }, 5],
    ['both, saying the same size', { pageSize: '5', limit: '05' }, 5],
    ['neither: the default', {}, 20],
  ])('reads the page size from %s', (_, size, pageSize) => {
    expect(read({ crmReference: 'case-1', ...size })).toEqual({ crmReference: 'case-1', pageSize });
  });

  it('refuses limit beside a pageSize that says another size, naming the old one', () => {
    expect(refusal({ crmReference: 'case-1', pageSize: '5', limit: '10' })).toMatchObject({
      code: 'INVALID_REQUEST',
      details: [{ path: 'limit', message: expect.stringContaining('send pageSize only') }],
    });
  });

  it('refuses a limit out of range under its own name', () => {
    expect(refusal({ crmReference: 'case-1', limit: '500' })).toMatchObject({
      code: 'INVALID_REQUEST',
      details: [{ path: 'limit', message: 'must be at most 100' }],
    });
  });

  it('refuses a card number in any parameter, before reading it', () => {
    expect(refusal({ crmReference: '4111 1111 1111 1111' })).toMatchObject({ code: 'CARD_NUMBER_REFUSED' });
  });
});
