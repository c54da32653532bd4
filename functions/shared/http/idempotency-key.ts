import { ConnectorError } from '../errors/connector-error.ts';
import { refuseCardNumbers } from '../payment-sessions/refuse-card-numbers.ts';

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,255}$/;

/** The `Idempotency-Key` header of a request that opens a payment, or null when there is none. */
export function idempotencyKeyOf(headers: Record<string, string>): string | null {
  const key = headers['idempotency-key'];
  if (key === undefined) return null;
  if (!IDEMPOTENCY_KEY.test(key)) throw new ConnectorError('INVALID_IDEMPOTENCY_KEY');
  // The key is stored: it must not be able to carry a card number either.
  refuseCardNumbers({ 'Idempotency-Key header': key }, key);
  return key;
}
