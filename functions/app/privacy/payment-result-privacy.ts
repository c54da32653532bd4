import { looksLikeCardNumber, REDACTED_CARD_NUMBER, valueLooksLikeCardNumber } from './card-number-guard.ts';

export { REDACTED_CARD_NUMBER };

/**
 * Card-holder details VCC echoes back from the payment data we sent (the gateway may add its
 * own bill-to and ship-to copies). We forwarded them and have no use for them afterwards.
 */
const PERSONAL_DATA_KEY =
  /forename|surname|lastname|firstname|fullname|^name$|holder|nameoncard|email|street|address|city|postcode|postalcode|zip|phone|mobile|billto|shipto|expir|cardnumber|maskedpan|accountnumber/;

/** Keys that would reach an object's prototype in code that copies by assignment. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype']);

const isPersonalDataKey = (key: string): boolean => PERSONAL_DATA_KEY.test(key.toLowerCase().replace(/[^a-z]/g, ''));

type Container = Record<string, unknown> | unknown[];

interface Pending {
  value: unknown;
  path: string;
  /** Where the copy goes: a key of an object copy or an index of an array copy. */
  into: Container;
  at: string | number;
  /** A key that looked like a card number: dropped, and only its place is recorded. */
  isCardKey?: true;
}

function place(into: Container, at: string | number, value: unknown): void {
  // Defined, not assigned: an own `__proto__` property would otherwise set the prototype.
  Object.defineProperty(into, at, { value, enumerable: true, writable: true, configurable: true });
}

/**
 * A copy of a JSON value that holds no card data: every string, number or bigint that looks like
 * a card number becomes `[card number removed]`; every key that looks like one, every card-holder
 * detail and every prototype key is dropped. No key is exempt, the gateway's `requestID`
 * included: losing a reference that passes the Luhn check by chance is acceptable, keeping a
 * card number is not. `removedPaths` names, in document order, what was replaced or dropped for
 * looking like a card number (a dropped key by its parent's path), never the value. Walks with
 * its own stack, so no depth of nesting can overflow the call stack.
 */
export function withoutCardData(value: unknown): { value: unknown; removedPaths: string[] } {
  const removedPaths: string[] = [];
  const root: unknown[] = [];
  const pending: Pending[] = [{ value, path: '', into: root, at: 0 }];
  while (pending.length > 0) {
    const { value: item, path, into, at, isCardKey } = pending.pop()!;
    if (isCardKey) {
      removedPaths.push(path);
      continue;
    }
    if (valueLooksLikeCardNumber(item)) {
      removedPaths.push(path || '(body)');
      place(into, at, REDACTED_CARD_NUMBER);
      continue;
    }
    if (item === null || typeof item !== 'object') {
      place(into, at, item);
      continue;
    }
    const copy: Container = Array.isArray(item) ? [] : {};
    place(into, at, copy);
    const children: Pending[] = Array.isArray(item)
      ? item.map((element, index) => ({ value: element, path: `${path}[${index}]`, into: copy, at: index }))
      : Object.entries(item).flatMap(([key, element]): Pending[] => {
          if (looksLikeCardNumber(key)) return [{ value: undefined, path: `${path || '(body)'} (a key)`, into: copy, at: key, isCardKey: true }];
          if (PROTOTYPE_KEYS.has(key) || isPersonalDataKey(key)) return [];
          return [{ value: element, path: path ? `${path}.${key}` : key, into: copy, at: key }];
        });
    for (let i = children.length - 1; i >= 0; i -= 1) pending.push(children[i]!);
  }
  return { value: root[0], removedPaths };
}
