import { ConnectorError } from '../contract/connector-error.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';
import type { ApiRequest } from './api-request.ts';

export const PAYMENT_ID_ERRORS = ['INVALID_SESSION_ID'] as const satisfies readonly ErrorCode[];

/** Our ids are UUIDs; anything else in the path is refused before the store is asked. */
const PAYMENT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The `{id}` of a payment session or link route. */
export function paymentIdOf(request: ApiRequest): string {
  const id = request.pathParameters.id ?? '';
  if (!PAYMENT_ID.test(id)) throw new ConnectorError('INVALID_SESSION_ID');
  return id;
}
