import { readdirSync } from 'node:fs';
import { describe } from 'vitest';

/**
 * Every spec of the stacks, run as one test file. Synthesis (bundling and cdk-nag included) is
 * most of their cost and vitest gives each test file a process of its own: as one file, the
 * specs share one synthesis (support/synthesize.ts) and run beside the rest of the suite.
 * Each spec is a suite named for its file: `npx vitest run --project infra -t cdk-nag` runs one.
 */
const specs = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.spec.ts'))
  .sort();

for (const file of specs) describe(file.replace('.spec.ts', ''), async () => void (await import(`./${file}`)));
