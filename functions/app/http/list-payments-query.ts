import { z } from 'zod';
import { PAYMENTS_PAGE } from '../contract/api-contract.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';
import { CARD_GUARD_ERRORS, refuseCardNumbers } from '../privacy/refuse-card-numbers.ts';
import type { ApiRequest } from './api-request.ts';
import { parseOrThrow, VALIDATION_ERRORS } from './request-validation.ts';

export const LIST_PAYMENTS_QUERY_ERRORS = [...CARD_GUARD_ERRORS, ...VALIDATION_ERRORS] as const satisfies readonly ErrorCode[];

const pageSize = z.coerce.number().int().min(1).max(PAYMENTS_PAGE.maxSize, `must be at most ${PAYMENTS_PAGE.maxSize}`);

const published = {
  crmReference: z.string({ error: 'is required: the CRM record whose payments to list' }).trim().min(1, 'must not be empty').max(255),
  pageSize: pageSize.default(PAYMENTS_PAGE.defaultSize),
  cursor: z.string().min(1).max(2048).optional(),
};

/** The query of `GET /v1/payments` as the contract publishes it: one CRM record's payments, a page at a time. */
export const listPaymentsQuerySchema = z.strictObject(published);

/**
 * The query as it is read: the published one, and `limit`, pageSize's name before 0.2.0, which
 * Salesforce External Services cannot map (Apex reserves it). Still read so that no caller
 * breaks silently, never published; a request that gives both must mean one size.
 */
const listPaymentsQueryReader = z
  .strictObject({ ...published, pageSize: pageSize.optional(), limit: pageSize.optional() })
  .superRefine(({ pageSize, limit }, ctx) => {
    if (pageSize !== undefined && limit !== undefined && pageSize !== limit) {
      ctx.addIssue({
        code: 'custom',
        path: ['limit'],
        message: `is the old name of pageSize, and says ${limit} where pageSize says ${pageSize}: send pageSize only`,
      });
    }
  })
  .transform(({ limit, pageSize, ...query }) => ({ ...query, pageSize: pageSize ?? limit ?? PAYMENTS_PAGE.defaultSize }));

/** The query of a `GET /v1/payments`, refused if it holds anything like a card number, as every input is. */
export function listPaymentsQueryOf(request: ApiRequest) {
  refuseCardNumbers(request.query, Object.values(request.query).join(' '));
  return parseOrThrow(listPaymentsQueryReader, request.query);
}
