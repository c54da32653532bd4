import type { VccSessionStatus } from '../vcc/vcc-payment-client.ts';
import { looksLikeCardNumber } from '../payment-sessions/card-number-guard.ts';

/**
 * Card-holder details VCC echoes back from the payment data we sent (the gateway may add its
 * own bill-to and ship-to copies). We forwarded them and have no use for them afterwards.
 */
const PERSONAL_DATA_KEY = /forename|surname|lastname|firstname|fullname|^name$|holder|nameoncard|email|street|address|city|postcode|postalcode|zip|phone|mobile|billto|shipto|expir|cardnumber|maskedpan|accountnumber/;

/**
 * The gateway's transaction reference: a long number that may pass the Luhn check by chance.
 * It is the one number the card guard must not blank, or the outcome would lose its reference.
 */
const GATEWAY_REFERENCE_KEY = 'requestID';

export const REDACTED_CARD_NUMBER = '[card number removed]';

const isPersonalDataKey = (key: string): boolean => PERSONAL_DATA_KEY.test(key.toLowerCase().replace(/[^a-z]/g, ''));

function minimized(value: unknown, key = ''): unknown {
  if (typeof value === 'string') return key !== GATEWAY_REFERENCE_KEY && looksLikeCardNumber(value) ? REDACTED_CARD_NUMBER : value;
  if (Array.isArray(value)) return value.map((item) => minimized(item));
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([name]) => !isPersonalDataKey(name) && !looksLikeCardNumber(name))
      .map(([name, item]) => [name, minimized(item, name)]),
  );
}

/**
 * What we keep of a status body: everything, unknown fields included, except card-holder
 * details and anything that looks like a card number. A card number is removed rather than
 * refused: refusing a webhook would lose the only copy of the payment's outcome.
 */
export function minimizedStatus(status: VccSessionStatus): VccSessionStatus {
  return minimized(status) as VccSessionStatus;
}
