import { defineConfig } from 'vitest/config';

/**
 * One `vitest run` runs every suite. Integration tests share one local stack started by their
 * global setup, the same stack `npm start` runs, on free ports.
 */
export default defineConfig({
  test: {
    // Most tests wait on sockets, timers and a browser, not the CPU: three workers keep two cores
    // busy. Projects whose files must take turns (one shared stack, one synthesis) run first, in
    // a group of their own, since vitest runs projects of different worker counts group by group.
    maxWorkers: 3,
    projects: [
      // Pure functions only (no socket, no store, no child process), so one module graph serves every file.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false, sequence: { groupOrder: 1 } } },
      // One part with its real neighbours: stores on the embedded DynamoDB, the VCC simulator, HTTP servers, npm start.
      { extends: true, test: { name: 'component', include: ['test/component/**/*.test.ts'], testTimeout: 20_000, sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'simulator', include: ['test/simulator/**/*.test.ts'], sequence: { groupOrder: 1 } } },
      { extends: true, test: { name: 'local', include: ['test/local/**/*.test.ts'], sequence: { groupOrder: 1 } } },
      {
        extends: true,
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          globalSetup: ['test/integration/support/global-setup.ts'],
          testTimeout: 20_000,
          // Files share one local stack and assert on its counters, so they take turns.
          fileParallelism: false,
          sequence: { groupOrder: 0 },
        },
      },
      // Each file starts its own local stack in its own worker: fuzzing and faults must not share counters.
      { extends: true, test: { name: 'fuzz', include: ['test/fuzz/**/*.test.ts'], sequence: { groupOrder: 1 }, testTimeout: 600_000, hookTimeout: 60_000 } },
      { extends: true, test: { name: 'faults', include: ['test/faults/**/*.test.ts'], sequence: { groupOrder: 1 }, testTimeout: 60_000, hookTimeout: 60_000 } },
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
          sequence: { groupOrder: 0 },
        },
      },
      // Headless Debian Chromium through playwright-core; each file starts its own local stack and browser.
      {
        extends: true,
        test: { name: 'browser', include: ['test/browser/**/*.test.ts'], sequence: { groupOrder: 1 }, testTimeout: 60_000, hookTimeout: 60_000 },
      },
    ],
  },
});
