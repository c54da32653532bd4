import { readdirSync } from 'node:fs';
import { afterAll, describe, expect } from 'vitest';
import { startIntegrationStack } from './support/integration-stack.ts';

/**
 * Every integration spec, run as one test file against one local stack (support/integration-stack.ts).
 * The specs assert on that stack's counters, so they take turns; as one file they also share one
 * process and its imports, and run beside the rest of the suite. The stack starts here, in the
 * test's worker, not in a global setup, which would hold back every other file until it is up.
 * Each spec is a suite named for its file: `npx vitest run test/integration -t idempotency` runs one.
 */
const stack = await startIntegrationStack();

afterAll(async () => {
  const audit = await stack.stop();
  expect(audit.lineCount, 'the log audit saw no handler log line').toBeGreaterThan(0);
  expect(audit.findings, 'handler log lines of the integration suite hold what must never be logged').toEqual([]);
}, 30_000);

const specs = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.spec.ts'))
  .sort();

for (const file of specs) describe(file.replace('.spec.ts', ''), async () => void (await import(`./${file}`)));
