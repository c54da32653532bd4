import { LogFormatter, LogItem } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import {
  looksLikeCardNumber,
  REDACTED_CARD_NUMBER,
  redactCardNumbers,
  redactCardNumbersInJson,
  valueLooksLikeCardNumber,
} from '../privacy/card-number-guard.ts';

/**
 * Serializes a log entry as Powertools would (errors formatted, bigints as text, circular
 * references left out), with every string's card-number lookalikes redacted, every card-like
 * number replaced, and every card-like key redacted.
 */
function redactedJson(entry: LogAttributes, formatError: (error: Error) => LogAttributes): string {
  const ancestors: unknown[] = [];
  return JSON.stringify(entry, function replace(this: unknown, _key: string, value: unknown) {
    let item = value instanceof Error ? formatError(value) : value;
    if (typeof item === 'bigint') item = item.toString();
    if (typeof item === 'string') return redactCardNumbers(item);
    if (typeof item === 'number') return valueLooksLikeCardNumber(item) ? REDACTED_CARD_NUMBER : item;
    if (typeof item !== 'object' || item === null) return item;
    while (ancestors.length > 0 && ancestors.at(-1) !== this) ancestors.pop();
    if (ancestors.includes(item)) return undefined;
    ancestors.push(item);
    if (Array.isArray(item) || !Object.keys(item).some(looksLikeCardNumber)) return item;
    const renamed = Object.fromEntries(Object.entries(item).map(([name, field]) => [redactCardNumbers(name), field]));
    ancestors.push(renamed);
    return renamed;
  });
}

/**
 * Powertools' standard log format, with nothing in a line that looks like a card number: in
 * messages, attributes, keys, error messages and stacks, each is replaced by
 * `[card number removed]`. Request content reaches logs through error messages we do not
 * write (a marshaller quoting the number it refused), so the line itself is checked, whatever
 * the call site passed. An entry that cannot be serialized or checked is replaced by a notice.
 */
export class CardRedactingLogFormatter extends LogFormatter {
  override formatAttributes(attributes: UnformattedAttributes, additionalLogAttributes: LogAttributes): LogItem {
    const standard: LogAttributes = {
      level: attributes.logLevel,
      message: attributes.message,
      timestamp: this.formatTimestamp(attributes.timestamp),
      service: attributes.serviceName,
      cold_start: attributes.lambdaContext?.coldStart,
      function_arn: attributes.lambdaContext?.invokedFunctionArn,
      function_memory_size: attributes.lambdaContext?.memoryLimitInMB,
      function_name: attributes.lambdaContext?.functionName,
      function_request_id: attributes.lambdaContext?.awsRequestId,
      sampling_rate: attributes.sampleRateValue,
      xray_trace_id: attributes.xRayTraceId,
      tenant_id: attributes.lambdaContext?.tenantId,
    };
    return new LogItem({ attributes: this.#redacted({ ...standard, ...additionalLogAttributes }, standard) });
  }

  #redacted(entry: LogAttributes, standard: LogAttributes): LogAttributes {
    try {
      // Digits of neighbouring values can still chain into a card number in the written line.
      const redacted = JSON.parse(redactCardNumbersInJson(redactedJson(entry, (error) => this.formatError(error)))) as LogAttributes;
      // The logger serializes it again, and JSON.parse moves integer-like keys first.
      if (!looksLikeCardNumber(JSON.stringify(redacted))) return redacted;
    } catch {
      // Too deep for JSON.stringify, or an error whose cause refers back to it.
    }
    return {
      level: standard.level,
      message: 'log entry withheld: it could not be checked for card numbers',
      timestamp: standard.timestamp,
      service: redactCardNumbers(String(standard.service)),
    };
  }
}
