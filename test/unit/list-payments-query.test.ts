import { describe, expect, it } from 'vitest';
import { listPaymentsQueryReader, listPaymentsQuerySchema } from '#app/http/list-payments-query.ts';

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
    expect(listPaymentsQueryReader.parse({ crmReference: 'case-1', ...size })).toEqual({ crmReference: 'case-1', pageSize });
  });

  it('refuses limit beside a pageSize that says another size, naming the old one', () => {
    const result = listPaymentsQueryReader.safeParse({ crmReference: 'case-1', pageSize: '5', limit: '10' });
    expect(result.error?.issues).toEqual([expect.objectContaining({ path: ['limit'], message: expect.stringContaining('send pageSize only') })]);
  });

  it('refuses a limit out of range under its own name', () => {
    expect(listPaymentsQueryReader.safeParse({ crmReference: 'case-1', limit: '500' }).error?.issues).toEqual([
      expect.objectContaining({ path: ['limit'], message: 'must be at most 100' }),
    ]);
  });
});
