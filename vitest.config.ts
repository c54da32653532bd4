import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order files start in. Vitest's own is alphabetical by project, which started the fuzz files
 * (up to a minute each) two-thirds into the run and left a core idle at its end. Here the fuzz
 * files, which compute, start first and alternate with the browser files, which mostly wait, so
 * that both cores stay busy; the other projects follow, longest first, each in vitest's order.
 */
const LONGEST_FIRST = ['infra', 'integration', 'faults', 'component', 'unit'];
const [COMPUTING, WAITING] = ['fuzz', 'browser'];
/**
 * The longest files of those two projects, as measured, longest first. A fresh clone, as in CI, has
 * no timings for vitest to order by, and it would start the largest files first.
 */
const LONGEST_FILES = [
  'fuzz/payment-links',
  'fuzz/vcc-webhook',
  'fuzz/payment-sessions',
  'browser/widget-transport',
  'browser/keyboard-and-accessibility',
  'browser/payment-links',
];
/** Where a name stands in a list; names not in it come after every name that is. */
const positionIn = (names: string[], matches: (name: string) => boolean) => {
  const known = names.findIndex(matches);
  return known === -1 ? names.length : known;
};
const byLength = (file: TestSpecification) => positionIn(LONGEST_FILES, (name) => file.moduleId.endsWith(`/test/${name}.test.ts`));
const byProject = (file: TestSpecification) => positionIn(LONGEST_FIRST, (name) => name === file.project.name);

class BusyCoresSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = await super.sort(files);
    const computing = sorted.filter((file) => file.project.name === COMPUTING).sort((a, b) => byLength(a) - byLength(b));
    const waiting = sorted.filter((file) => file.project.name === WAITING).sort((a, b) => byLength(a) - byLength(b));
    const alternating: TestSpecification[] = [];
    for (let i = 0; i < Math.max(computing.length, waiting.length); i++) {
      if (computing[i]) alternating.push(computing[i]!);
      if (waiting[i]) alternating.push(waiting[i]!);
    }
    const rest = sorted.filter((file) => !alternating.includes(file)).sort((a, b) => byProject(a) - byProject(b));
    return [...alternating, ...rest];
  }
}

/**
 * Files of these projects run one after another in a worker process that stays up, instead of a
 * fresh process each: the packages they load (the AWS SDK, dynalite, Powertools) stay loaded, and
 * our own modules, the handlers among them, are imported afresh for each file. Measured on the
 * whole run: 322 -> 280 CPU-seconds.
 */
const SHARED_WORKER = { isolate: false, setupFiles: ['test/support/fresh-modules.ts'] };

/**
 * One `vitest run` runs every suite. No global setup: it would hold every file back until it ends.
 */
export default defineConfig({
  test: {
    // Many tests wait on sockets, timers and a browser, not the CPU: three workers keep two cores busy.
    maxWorkers: 3,
    sequence: { sequencer: BusyCoresSequencer },
    // The local stacks allocate fast and briefly (a request's JSON, SDK middleware): a larger young
    // generation collects less often. Measured on the fuzz project: 129 -> 115 CPU-seconds.
    execArgv: ['--max-semi-space-size=64'],
    projects: [
      // Pure functions only (no socket, no store, no child process), so one module graph serves every file.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false } },
      // One part with its real neighbours: stores on the embedded DynamoDB, HTTP servers, npm start; the VCC
      // simulator (test/simulator) and the local AWS endpoints (test/local) on their own. One project, so
      // that their files share worker processes (measured on these files: 35 -> 24 CPU-seconds).
      {
        extends: true,
        test: {
          name: 'component',
          ...SHARED_WORKER,
          include: ['test/component/**/*.test.ts', 'test/simulator/**/*.test.ts', 'test/local/**/*.test.ts'],
          testTimeout: 20_000,
        },
      },
      // One file runs every spec in turn (they share its local stack and assert on its counters).
      { extends: true, test: { name: 'integration', include: ['test/integration/shared-stack.test.ts'], testTimeout: 20_000, hookTimeout: 60_000 } },
      // Each file starts its own local stack, and no two files of a worker run at once: fuzzing and faults must not share counters.
      { extends: true, test: { name: 'fuzz', ...SHARED_WORKER, include: ['test/fuzz/**/*.test.ts'], testTimeout: 600_000, hookTimeout: 60_000 } },
      { extends: true, test: { name: 'faults', ...SHARED_WORKER, include: ['test/faults/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
      // One file runs every spec of the stacks, on one synthesis of cdk.json (test/infra/support/synthesize.ts).
      { extends: true, test: { name: 'infra', include: ['test/infra/synthesized-stacks.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 } },
      // Headless Debian Chromium through playwright-core; each file starts its own local stack and browser.
      { extends: true, test: { name: 'browser', ...SHARED_WORKER, include: ['test/browser/**/*.test.ts'], testTimeout: 60_000, hookTimeout: 60_000 } },
    ],
  },
});
