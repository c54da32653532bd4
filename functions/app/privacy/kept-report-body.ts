import { redactCardNumbersInJson } from './card-number-guard.ts';
import { stringifyJsonDeep } from './json-text.ts';
import { withoutCardData } from './payment-result-privacy.ts';

export interface KeptReportBody {
  /** The body as received, minus card-holder details and anything that looks like a card number. */
  text: string;
  /** Where card-like values were removed; never the values. */
  removedPaths: string[];
}

/**
 * What is kept of a status report's body: it is the only copy of the outcome VCC will give, so
 * all of it, unknown fields included, except card data. A card number spread over several values
 * (`[4111, 1111, 1111, 1111]`) is caught on the written text, which stays JSON.
 */
export function keptReportBody(body: unknown): KeptReportBody {
  const { value, removedPaths } = withoutCardData(body);
  const text = stringifyJsonDeep(value);
  const redacted = redactCardNumbersInJson(text);
  return { text: redacted, removedPaths: redacted === text ? removedPaths : [...removedPaths, '(body text)'] };
}
