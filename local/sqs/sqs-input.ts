import { checkIntegerParameter } from './queue-directory.ts';
import { invalidParameterValue, missingParameter, notEmulated } from './sqs-error.ts';

/** A request's JSON members, checked the way SQS checks them, so a wrong call fails here as it would there. */
export type SqsInput = Record<string, unknown>;

export function requiredString(input: SqsInput, name: string): string {
  const value = input[name];
  if (value === undefined || value === null) throw missingParameter(name);
  if (typeof value !== 'string') throw invalidParameterValue(`Value for parameter ${name} must be a string.`);
  return value;
}

export function optionalString(input: SqsInput, name: string): string | undefined {
  return input[name] === undefined ? undefined : requiredString(input, name);
}

export function requiredInteger(input: SqsInput, name: string, min: number, max: number): number {
  const value = input[name];
  if (value === undefined || value === null) throw missingParameter(name);
  if (typeof value !== 'number') throw invalidParameterValue(`Value for parameter ${name} must be a number.`);
  checkIntegerParameter(name, value, min, max);
  return value;
}

export function optionalInteger(input: SqsInput, name: string, min: number, max: number): number | undefined {
  return input[name] === undefined ? undefined : requiredInteger(input, name, min, max);
}

export function stringList(input: SqsInput, name: string): string[] {
  const value = input[name] ?? [];
  if (!Array.isArray(value) || value.some((item) => typeof item !== 'string')) throw invalidParameterValue(`Value for parameter ${name} must be a list of strings.`);
  return value as string[];
}

/** Members real SQS honours but this emulator does not: refused rather than silently ignored. */
export function refuseNotEmulated(input: SqsInput, names: readonly string[]): void {
  const present = names.find((name) => input[name] !== undefined);
  if (present) throw notEmulated(present);
}
