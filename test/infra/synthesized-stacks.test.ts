import { readdirSync } from 'node:fs';
import { afterAll, describe } from 'vitest';
import { forgetCdkJsonStacks } from './support/synthesize.ts';

/**
 * Every spec of the stacks, run as one test file. Synthesis (bundling and cdk-nag included) is
 * most of their cost: as one file, the specs share one synthesis (support/synthesize.ts). It is
 * made while the specs are collected (two read the stacks at import), where no test or hook timeout
 * applies. The file runs in a worker that goes on to other files (vitest.config.ts), which the
 * synthesized apps need not outlive.
 * Each spec is a suite named for its file: `npx vitest run test/infra -t cdk-nag` runs one.
 */
const specs = readdirSync(new URL('.', import.meta.url))
  .filter((file) => file.endsWith('.spec.ts'))
  .sort();

afterAll(forgetCdkJsonStacks);

// Some tests synthesize a variant of their own, which takes seconds on a loaded machine.
for (const file of specs) describe(file.replace('.spec.ts', ''), { timeout: 120_000 }, async () => void (await import(`./${file}`)));
