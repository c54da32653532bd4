import { randomBytes, randomInt, randomUUID } from 'node:crypto';

export const newGuid = (): string => randomUUID();

/** An opaque bearer-style secret; clients must not read meaning into it. */
export const newOpaqueToken = (): string => randomBytes(32).toString('base64url');

/** Gateway request ids (Cybersource style) are 22 decimal digits. */
export function newRequestId(): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < 22) digits += String(randomInt(0, 10));
  return digits;
}

/** Chase Orbital's transaction reference numbers are 40 hex digits. */
export const newTxRefNum = (): string => randomBytes(20).toString('hex').toUpperCase();
