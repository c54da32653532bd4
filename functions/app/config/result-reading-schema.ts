import { z } from 'zod';
import {
  decisionKey,
  type PaymentResultReading,
  RESULT_READING_NAMES,
  type ResultReadingName,
  type ResultReadingSetting,
} from '../model/payment-result-reading.ts';

/**
 * One schema for a payment flow's result reading, used at synth (cdk.json) and again at cold
 * start (the function environment), so both refuse the same mistakes with the same words.
 */

/**
 * Picks the schema by the value's JSON type. A union would answer zod's bare "Invalid input" for
 * a mistake inside an object; this names the bad key instead.
 */
export function scalarOrObject<S extends z.ZodType, O extends z.ZodType>(scalarType: 'string' | 'number', scalar: S, object: O) {
  return z.unknown().transform((value, ctx): z.output<S> | z.output<O> => {
    const parsed = (typeof value === scalarType ? scalar : object).safeParse(value);
    if (parsed.success) return parsed.data as z.output<S> | z.output<O>;
    for (const issue of parsed.error.issues) ctx.addIssue(issue as z.core.$ZodRawIssue);
    return z.NEVER;
  });
}

const names = RESULT_READING_NAMES.map((name) => `"${name}"`).join(', ');

const RESULT_READING_SHAPE_MESSAGE =
  `must be ${names} or a reading {"decisionField", "approvedValues", "declinedValues"` +
  ', and optionally "reasonCodeField", "gatewayReferenceField", "amountMinorField", "currencyField", "transactionTypeField"}';

const fieldName = z
  .string({ error: 'must be the name of a field of the payment result, e.g. "decision"' })
  .refine(
    (field) => field.length > 0 && field.trim() === field,
    'must name a field of the payment result exactly, e.g. "decision", without surrounding spaces',
  );

const optionalField = fieldName.nullable().default(null);

const decisionValues = (meaning: string) =>
  z
    .array(
      z.string({ error: 'must be a string, e.g. "ACCEPT" or "1"' }).refine((value) => value.trim() !== '', 'must not be blank: a blank value tells nothing'),
    )
    .min(1, `must list at least one value of the decision field that means ${meaning}`);

/** A value in both lists could never be read; matching ignores case and surrounding spaces, so the check does too. */
function refuseValuesInBothLists(reading: PaymentResultReading, ctx: z.RefinementCtx): void {
  const approved = new Set(reading.approvedValues.map(decisionKey));
  reading.declinedValues.forEach((value, index) => {
    if (!approved.has(decisionKey(value))) return;
    ctx.addIssue({
      code: 'custom',
      path: ['declinedValues', index],
      message: `"${value}" is also an approved value (values match ignoring case and surrounding spaces): list it in approvedValues or in declinedValues, not both`,
    });
  });
}

const paymentResultReadingSchema: z.ZodType<PaymentResultReading, unknown> = z
  .strictObject(
    {
      decisionField: fieldName,
      approvedValues: decisionValues('the payment was taken'),
      declinedValues: decisionValues('no payment was taken'),
      reasonCodeField: optionalField,
      gatewayReferenceField: optionalField,
      amountMinorField: optionalField,
      currencyField: optionalField,
      transactionTypeField: optionalField,
    },
    { error: (issue) => (issue.code === 'invalid_type' ? RESULT_READING_SHAPE_MESSAGE : undefined) },
  )
  .superRefine(refuseValuesInBothLists);

const readingName = z.enum(RESULT_READING_NAMES as [ResultReadingName, ...ResultReadingName[]], { error: RESULT_READING_SHAPE_MESSAGE });

/** A known gateway's reading by name, or one spelled out in full. */
export const resultReadingSettingSchema: z.ZodType<ResultReadingSetting, unknown> = scalarOrObject('string', readingName, paymentResultReadingSchema);
