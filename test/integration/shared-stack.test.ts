import { readdirSync } from 'node:fs';
import { describe } from 'vitest';

/**
 * Every integration spec, run as one test file against the one local stack of
 * support/global-setup.ts. The specs assert on that stack's counters, so they take turns; as one
 * file they also share one process and its imports, and run beside the rest of the suite.
 * Each spec is a suite named for its file: `npx vitest run --project integration -t idempotency` runs one.
 */
const specs = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.spec.ts'))
  .sort();

for (const file of specs) describe(file.replace('.spec.ts', ''), async () => void (await import(`./${file}`)));
