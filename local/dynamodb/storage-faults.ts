import { z } from 'zod';

/** One planned failure: the next `times` calls of `operation` whose request mentions `whenRequestIncludes`. */
export const storageFaultSchema = z.strictObject({
  operation: z.enum(['GetItem', 'PutItem', 'UpdateItem', 'DeleteItem', 'Query']),
  whenRequestIncludes: z.string().min(1),
  times: z.number().int().positive().default(1_000),
});
export type StorageFault = z.output<typeof storageFaultSchema>;

/**
 * Storage faults scoped by text in the request (e.g. a sessionGuid), so a test's fault never
 * hits another test's calls. The AWS SDK retries a 500 itself, hence the generous default count.
 */
export class StorageFaults {
  #planned: StorageFault[] = [];

  add(fault: StorageFault): void {
    this.#planned.push({ ...fault });
  }

  clear(): void {
    this.#planned = [];
  }

  /** Whether this call must fail, consuming one use of the fault that says so. */
  take(operation: string, requestBody: string): boolean {
    const fault = this.#planned.find((f) => f.operation === operation && requestBody.includes(f.whenRequestIncludes));
    if (!fault) return false;
    fault.times -= 1;
    if (fault.times <= 0) this.#planned = this.#planned.filter((f) => f !== fault);
    return true;
  }
}
