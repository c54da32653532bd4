/**
 * How much to fuzz, from the environment:
 * - `FUZZ_RUNS`: generated inputs per route (default 2,000; the long mode is e.g. FUZZ_RUNS=50000);
 * - `FUZZ_SEED`: the seed (default fixed, so CI is repeatable; a failure prints the one to replay);
 * - `FUZZ_BATCH`: at most this many inputs are sent together, between two looks at the table;
 * - `FUZZ_SHRINK_SECONDS`: time allowed to shrink a failure to a minimal one (default 120);
 * - `FUZZ_SURVEY=1`: run every input, then fail listing every assertion that failed, with examples,
 *   instead of stopping at the first failure and shrinking it (to see everything that is wrong at once);
 * - `FUZZ_FOCUS=a,b`: shrink only failures of these assertions (the others are not checked), to get
 *   a minimal input for one defect while another one is still open.
 */
export const ASSERTIONS = [
  'answered',
  'no-5xx',
  'error-shape',
  'auth',
  'no-card-echoed',
  'webhook-400-only-if-never-vcc',
  'rejected-not-stored',
  'write-accounted-for',
  'no-card-stored',
  'webhook-200-stored',
  'process-survives',
] as const;

export type Assertion = (typeof ASSERTIONS)[number];

export interface FuzzSettings {
  runs: number;
  seed: number;
  batch: number;
  concurrency: number;
  shrinkMs: number;
  survey: boolean;
  focus: ReadonlySet<Assertion>;
}

const DEFAULT_SEED = 20_261_121;

function integer(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isSafeInteger(value)) throw new Error(`${name} must be an integer, not ${raw}`);
  return value;
}

export function fuzzSettings(): FuzzSettings {
  const focus = (process.env.FUZZ_FOCUS ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = focus.filter((name) => !(ASSERTIONS as readonly string[]).includes(name));
  if (unknown.length > 0) throw new Error(`FUZZ_FOCUS names no assertion: ${unknown.join(', ')}; known: ${ASSERTIONS.join(', ')}`);
  return {
    runs: integer('FUZZ_RUNS', 2000),
    seed: integer('FUZZ_SEED', DEFAULT_SEED),
    batch: integer('FUZZ_BATCH', 256),
    concurrency: integer('FUZZ_CONCURRENCY', 8),
    shrinkMs: integer('FUZZ_SHRINK_SECONDS', 120) * 1000,
    survey: process.env.FUZZ_SURVEY === '1',
    focus: new Set((focus.length ? focus : ASSERTIONS) as Assertion[]),
  };
}

/** A test's time limit that fits its inputs: about 60 ms an input plus the shrinking budget, never under vitest's 600 s. */
export const testTimeoutMs = (settings: FuzzSettings, routes = 1) => Math.max(600_000, routes * (settings.runs * 60 + settings.shrinkMs + 60_000));
