import { defineConfig } from 'vitest/config';

/**
 * One `vitest run` runs every suite. Integration tests share one local stack started by their
 * global setup, the same stack `npm start` runs, on free ports.
 */
export default defineConfig({
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      { extends: true, test: { name: 'simulator', include: ['test/simulator/**/*.test.ts'] } },
      { extends: true, test: { name: 'local', include: ['test/local/**/*.test.ts'] } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/support/global-setup.ts'],
          testTimeout: 20_000,
          // Files share one local stack and assert on its counters, so they take turns.
          fileParallelism: false,
        },
      },
      // Each file starts its own local stack in its own worker: fuzzing and faults must not share counters.
      { extends: true, test: { name: 'fuzz', include: ['test/fuzz/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 60_000 } },
      { extends: true, test: { name: 'faults', include: ['test/faults/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      {
        extends: true,
        test: {
          name: 'infra',
          include: ['test/infra/**/*.test.ts'],
          testTimeout: 120_000,
          hookTimeout: 180_000,
          // One worker, modules kept between files: aws-cdk-lib loads once and the stacks of
          // cdk.json are synthesized once (test/infra/support/synthesize.ts), not once per file.
          isolate: false,
          fileParallelism: false,
        },
      },
      // Headless Debian Chromium through playwright-core; each file starts its own local stack and browser.
      { extends: true, test: { name: 'browser', include: ['test/browser/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
    ],
  },
});
