import { PAYMENT_ID_PATTERN } from '../contract/api-contract.ts';
import { ConnectorError } from '../contract/connector-error.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';
import type { ApiRequest } from './api-request.ts';

export const PAYMENT_ID_ERRORS = ['INVALID_SESSION_ID'] as const satisfies readonly ErrorCode[];

/** The `{id}` of a payment session or link route, refused before the store is asked unless it is one of our ids. */
export function paymentIdOf(request: ApiRequest): string {
  const id = request.pathParameters.id ?? '';
  if (!PAYMENT_ID_PATTERN.test(id)) throw new ConnectorError('INVALID_SESSION_ID');
  return id;
}
