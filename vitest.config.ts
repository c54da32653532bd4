import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * The order files start in. Vitest's own is alphabetical by project, which left a core idle for
 * much of the run. Here the files that compute (the fuzzer's) start first, each followed by two of
 * those that mostly wait (the browser's, the integration specs', the fault matrix's, npm start's),
 * so that both cores stay busy; then the other long files, longest first; the many short ones fill
 * the end, by folder. Infra's one file, which computes for 20 seconds, starts once the first
 * waiting file ends: at the end it would run alone.
 */
const COMPUTING = ['fuzz'];
const WAITING = ['browser', 'integration', 'faults', 'component/readme-walkthrough'];
/**
 * The files that take 4 seconds or more, as measured, longest first. A fresh clone, as in CI, has
 * no timings for vitest to order by, and it would start the largest files first.
 */
const LONGEST_FILES = [
  'fuzz/payment-links',
  'fuzz/vcc-webhook',
  'fuzz/payment-sessions',
  'browser/widget-transport',
  'integration/shared-stack',
  'browser/keyboard-and-accessibility',
  'component/readme-walkthrough',
  'browser/payment-links',
  'faults/crm-callback-faults',
  'browser/session-expiry',
  'faults/vcc-faults',
  'browser/agent-assist',
  'faults/webhook-faults',
  'component/payment-store-transitions',
];
const FOLDERS = ['faults', 'component', 'simulator', 'local', 'unit'];
/** Where a name stands in a list; names not in it come after every name that is. */
const positionIn = (names: string[], matches: (name: string) => boolean) => {
  const known = names.findIndex(matches);
  return known === -1 ? names.length : known;
};
const nameOf = (file: TestSpecification) => file.moduleId.replace(/.*\/test\/(.*)\.test\.ts$/, '$1');
const isIn = (places: string[]) => (file: TestSpecification) => places.some((place) => nameOf(file) === place || nameOf(file).startsWith(`${place}/`));
const byLength = (a: TestSpecification, b: TestSpecification) =>
  positionIn(LONGEST_FILES, (name) => name === nameOf(a)) - positionIn(LONGEST_FILES, (name) => name === nameOf(b)) ||
  positionIn(FOLDERS, (name) => isIn([name])(a)) - positionIn(FOLDERS, (name) => isIn([name])(b));

class BusyCoresSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const sorted = (await super.sort(files)).sort(byLength);
    const computing = sorted.filter(isIn(COMPUTING));
    const waiting = sorted.filter(isIn(WAITING));
    const infra = sorted.filter(isIn(['infra']));
    const mixed = [...computing.splice(0, 1), ...waiting.splice(0, 1), ...computing.splice(0, 1), ...infra];
    while (computing.length > 0 || waiting.length > 0) mixed.push(...waiting.splice(0, 2), ...computing.splice(0, 1));
    return [...mixed, ...sorted.filter((file) => !mixed.includes(file))];
  }
}

/**
 * The local stacks and synthesis allocate fast and briefly (a request's JSON, SDK middleware,
 * constructs): a larger young generation collects less often. Measured on the fuzz files: 129 ->
 * 115 CPU-seconds. Node refuses the flag for worker threads.
 */
const YOUNG_GENERATION = ['--max-semi-space-size=64'];

/**
 * One `vitest run` runs every suite. No global setup: it would hold every file back until it ends.
 */
export default defineConfig({
  test: {
    // Many tests wait on sockets, timers and a browser, not the CPU: three workers keep two cores busy.
    maxWorkers: 3,
    sequence: { sequencer: BusyCoresSequencer },
    projects: [
      // Pure functions only (no socket, no store, no child process), so one module graph serves every file.
      // In worker threads, which start faster than processes.
      { extends: true, test: { name: 'unit', include: ['test/unit/**/*.test.ts'], isolate: false, pool: 'threads' } },
      // Every file that starts servers: a part with its real neighbours (test/component, test/simulator, test/local), the
      // shared-stack specs (test/integration), the fuzzer (test/fuzz), the fault matrix (test/faults) and the widget in
      // headless Debian Chromium (test/browser); and the one file that synthesizes the CDK stacks and runs their specs
      // (test/infra, on one synthesis of cdk.json: test/infra/support/synthesize.ts). Their files run one after another in
      // worker processes that stay up, so the packages they load (the AWS SDK, dynalite, Powertools, Playwright, aws-cdk-lib)
      // load once per worker, and our own modules, the handlers among them, are imported afresh for each file
      // (test/support/fresh-modules.ts). Each file that needs a local stack starts its own, and no two files of a worker run
      // at once, so no file sees another's counters. One project, since vitest shares a worker only between files of one project: as five
      // projects, each started workers of its own (fuzz, faults and component files alone, alternating twice: 134/150 ->
      // 122/110 CPU-seconds); with infra as a project of its own, the worker it ended in was started again for the rest
      // (npm test, back to back: 137.5 s and 210 CPU-seconds -> 127.6 s and 197).
      {
        extends: true,
        test: {
          name: 'stacks',
          execArgv: YOUNG_GENERATION,
          isolate: false,
          setupFiles: ['test/support/fresh-modules.ts'],
          include: [
            'test/component/**/*.test.ts',
            'test/simulator/**/*.test.ts',
            'test/local/**/*.test.ts',
            'test/integration/shared-stack.test.ts',
            'test/fuzz/**/*.test.ts',
            'test/faults/**/*.test.ts',
            'test/browser/**/*.test.ts',
            'test/infra/synthesized-stacks.test.ts',
          ],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});
