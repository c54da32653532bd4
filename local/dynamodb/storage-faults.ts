import { z } from 'zod';
import { keysNamedBy } from './request-keys.ts';

/**
 * One planned failure: the next `times` calls of `operation` whose request mentions
 * `whenRequestIncludes` and whose item key mentions `whenKeyIncludes` (either may be left out,
 * not both). With `outage`, the first such call takes the whole store down: it and every later
 * call fail, whatever their operation, until the faults are cleared.
 */
export const storageFaultSchema = z
  .strictObject({
    operation: z.enum(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query']),
    whenRequestIncludes: z.string().min(1).optional(),
    whenKeyIncludes: z.string().min(1).optional(),
    times: z.number().int().positive().default(1_000),
    outage: z.boolean().default(false),
  })
  .refine((fault) => fault.whenRequestIncludes !== undefined || fault.whenKeyIncludes !== undefined, {
    message: 'name the calls to fail with whenRequestIncludes, whenKeyIncludes or both',
  });
export type StorageFault = z.output<typeof storageFaultSchema>;

/**
 * Storage faults scoped by text in the request or its item key (e.g. a sessionGuid), so a test's
 * fault never hits another test's calls. The AWS SDK retries a 500 itself, hence the generous
 * default count.
 */
export class StorageFaults {
  #planned: StorageFault[] = [];
  #down = false;

  constructor(private readonly partitionKey: string) {}

  add(fault: StorageFault): void {
    this.#planned.push({ ...fault });
  }

  /** Whether an outage fault has taken the store down. */
  get down(): boolean {
    return this.#down;
  }

  /** Ends every fault and any outage. */
  clear(): void {
    this.#planned = [];
    this.#down = false;
  }

  /** Whether this call must fail, consuming one use of the fault that says so. */
  take(operation: string, requestBody: string): boolean {
    if (this.#down) return true;
    const matches = (fault: StorageFault) =>
      fault.operation === operation &&
      (fault.whenRequestIncludes === undefined || requestBody.includes(fault.whenRequestIncludes)) &&
      (fault.whenKeyIncludes === undefined || JSON.stringify(keysNamedBy(operation, requestBody, [this.partitionKey])).includes(fault.whenKeyIncludes));
    const fault = this.#planned.find(matches);
    if (!fault) return false;
    if (fault.outage) this.#down = true;
    fault.times -= 1;
    if (fault.times <= 0) this.#planned = this.#planned.filter((f) => f !== fault);
    return true;
  }
}
