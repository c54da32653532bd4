import type { z } from 'zod';
import { ConnectorError } from '../contract/connector-error.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';
import { CARD_GUARD_ERRORS, refuseCardNumbers } from '../privacy/refuse-card-numbers.ts';
import type { ApiRequest } from './api-request.ts';
import { asJsonObject, JSON_BODY_ERRORS, jsonBody } from './json-body.ts';
import { CUSTOMER_PHONE_EXEMPTION } from './payment-link-request.ts';
import { parseOrThrow } from './request-validation.ts';

/** What reading an opening request refuses, before its route's schema: the body, a card number, the key. */
export const OPENING_REQUEST_ERRORS = [...JSON_BODY_ERRORS, ...CARD_GUARD_ERRORS, 'INVALID_IDEMPOTENCY_KEY'] as const satisfies readonly ErrorCode[];

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The `Idempotency-Key` header of a request that opens a payment, or null when there is none. */
function idempotencyKeyOf(headers: Record<string, string>): string | null {
  const key = headers['idempotency-key'];
  if (key === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(key)) throw new ConnectorError('INVALID_IDEMPOTENCY_KEY');
  // The key is stored: it must not be able to carry a card number either.
  refuseCardNumbers({ 'Idempotency-Key header': key }, key);
  return key;
}

/**
 * What every route that opens a payment (session, link, reissue) reads from its request: the
 * body, refused whole if it holds anything like a card number (the customer's phone number
 * read as a phone number when it is one) and then validated as a JSON object, the
 * Idempotency-Key and the calling client.
 */
export function openingRequestOf<S extends z.ZodType>(request: ApiRequest, schema: S) {
  const body = jsonBody(request);
  refuseCardNumbers(body, request.rawBody ?? '', [CUSTOMER_PHONE_EXEMPTION]);
  return {
    request: parseOrThrow(schema, asJsonObject(body)) as z.output<S>,
    idempotencyKey: idempotencyKeyOf(request.headers),
    clientId: request.caller.clientId,
  };
}
