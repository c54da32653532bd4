import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { answerChecks, NOT_SENT } from './answer-checks.ts';
import { describeSent, type FuzzRequest, type Problem, type Sent } from './fuzz-request.ts';
import { type Assertion, type FuzzSettings, fuzzSettings } from './fuzz-settings.ts';
import type { ClientName, FuzzStack, ItemSnapshot } from './fuzz-stack.ts';
import { FRESH_UUID, type HeaderValue, MARKER } from './http-inputs.ts';
import { leftBehindChecks } from './left-behind-checks.ts';

/**
 * Sends generated requests in batches and checks, after each batch, what the API answered and
 * what it left behind: in the table (read through the AWS SDK: whole at first, then the items its
 * write journal names, and whole again at the end to check the journal), at the VCC simulator, and
 * in the process. fast-check drives it: a failing batch is shrunk to the fewest,
 * simplest requests that still fail, and the seed to replay it is printed.
 */

export interface RouteFuzz {
  /** e.g. `POST /v1/webhooks/vcc`: the test's name and the report's. */
  route: string;
  requests: fc.Arbitrary<FuzzRequest>;
  /** The client whose token `auth: 'route'` sends. */
  client: ClientName;
  /** The VCC webhook: a 200 must be stored, a 400 only for a body that can never be VCC's. */
  webhook?: boolean;
  /**
   * Fills in a placeholder that needs something made first (a declined link to reissue) and
   * returns the path. It hands over the tokens of what it makes through `made` as soon as each
   * thing exists, so that a preparation that fails halfway cannot pass for an unaccounted write.
   */
  prepare?: (path: string, made: (...tokens: string[]) => void) => Promise<string>;
  /** Hears a batch's answers before the next batch is prepared: what a refused request left as it was can serve again. */
  afterBatch?: (batch: Sent[]) => void;
}

/** What a fuzz run of one route saw, for the report. */
export interface FuzzRunSummary {
  route: string;
  inputs: number;
  batches: number;
  seconds: number;
  answers: Record<string, number>;
}

/** A send's marker: letters only, so it can never join digits into a card-like run. */
const letters = (n: number) => [...n.toString(26).padStart(6, '0')].map((d) => String.fromCharCode(97 + parseInt(d, 26))).join('');

interface RunState {
  fuzz: FuzzStack;
  route: RouteFuzz;
  settings: FuzzSettings;
  /** Tokens of every accepted request and everything the test made on purpose: what may be written. */
  accepted: Set<string>;
  sends: number;
  answers: Map<string, number>;
  /** The table as the last batch left it. */
  table?: Map<string, ItemSnapshot>;
}

function fill(text: string, marker: string, uuid: string): string {
  return text
    .replaceAll(MARKER, marker)
    .replaceAll(FRESH_UUID, uuid)
    .replaceAll(encodeURIComponent(MARKER), marker)
    .replaceAll(encodeURIComponent(FRESH_UUID), uuid)
    .replaceAll(Buffer.from(MARKER).toString('latin1'), marker)
    .replaceAll(Buffer.from(FRESH_UUID).toString('latin1'), uuid);
}

async function authorization(state: RunState, request: FuzzRequest): Promise<Record<string, string>> {
  const own = await state.fuzz.token(state.route.client);
  switch (request.auth) {
    case 'route':
      return { authorization: `Bearer ${own}` };
    case 'none':
      return {};
    case 'empty-bearer':
      return { authorization: 'Bearer ' };
    case 'garbage':
      return { authorization: `Bearer ${own.slice(0, -6)}AAAAAA` };
    case 'basic':
      return { authorization: `Basic ${Buffer.from('local-crm:local-crm-secret').toString('base64')}` };
    case 'wrong-scope':
      return { authorization: `Bearer ${await state.fuzz.token(state.route.client === 'vccWebhook' ? 'crm' : 'vccWebhook')}` };
    case 'lowercase-scheme':
      return { authorization: `bearer ${own}` };
  }
}

async function prepared(state: RunState, request: FuzzRequest): Promise<Sent> {
  state.sends += 1;
  const marker = `fzk${letters(state.sends)}x`;
  const uuid = randomUUID();
  let path = fill(request.path, marker, uuid);
  if (state.route.prepare) {
    path = await state.route.prepare(path, (...tokens) => {
      for (const token of tokens) state.accepted.add(token.toLowerCase());
    });
  }
  const headers: Record<string, HeaderValue> = {};
  for (const [name, value] of Object.entries(request.headers))
    headers[name] = Array.isArray(value) ? value.map((v) => fill(v, marker, uuid)) : fill(value, marker, uuid);
  const body = request.body === undefined ? undefined : fill(request.body, marker, uuid);
  return { request, path, headers, ...(body === undefined ? {} : { body }), marker, uuid };
}

async function sendAll(state: RunState, batch: Sent[]): Promise<void> {
  const crashesBefore = state.fuzz.crashes.length;
  const abort = new AbortController();
  // A crash leaves the request that caused it without an answer: stop waiting a second after it.
  const watch = setInterval(() => {
    const crash = state.fuzz.crashes[crashesBefore];
    if (crash && Date.now() - crash.at > 1000) abort.abort(new Error('the process had an uncaught error'));
  }, 100);
  let next = 0;
  const worker = async () => {
    while (next < batch.length) {
      const sent = batch[next++]!;
      if (abort.signal.aborted) {
        sent.error = NOT_SENT;
        continue;
      }
      try {
        const auth = await authorization(state, sent.request);
        const body = sent.body === undefined ? undefined : Buffer.from(sent.body, sent.request.bodyIsBytes ? 'latin1' : 'utf8');
        sent.answer = await state.fuzz.send({
          method: sent.request.method,
          path: sent.path,
          headers: { ...sent.headers, ...auth },
          ...(body ? { body } : {}),
          timeoutMs: 20_000,
          signal: abort.signal,
        });
      } catch (error) {
        sent.error = String((error as Error)?.message ?? error);
      }
    }
  };
  try {
    await Promise.all(Array.from({ length: Math.min(state.settings.concurrency, batch.length) }, worker));
  } finally {
    clearInterval(watch);
  }
}

/** Counts answers by status and error code, for the run's summary line. */
function tally(state: RunState, sent: Sent): void {
  const code = sent.answer && sent.answer.status >= 400 ? (/"code":"([A-Z_]+)"/.exec(sent.answer.text)?.[1] ?? '?') : '';
  const key = sent.answer ? `${sent.answer.status}${code ? ` ${code}` : ''}` : 'no answer';
  state.answers.set(key, (state.answers.get(key) ?? 0) + 1);
}

/** The test's own setup for a batch failed: not a finding about the API, so nothing to shrink. */
class PreparationFailed extends Error {}

async function runBatch(state: RunState, requests: FuzzRequest[]): Promise<{ problems: Problem[]; batch: Sent[] }> {
  // Prepared side by side: a reissue's declined link takes a create, a decision at VCC and its webhook.
  // All of them end before a failure is reported, so that none writes after the run has moved on.
  const preparations = await Promise.allSettled(requests.map((request) => prepared(state, request)));
  const unprepared = preparations.find((p) => p.status === 'rejected');
  if (unprepared) throw new PreparationFailed(String((unprepared.reason as Error)?.stack ?? unprepared.reason));
  const batch = preparations.map((p) => (p as PromiseFulfilledResult<Sent>).value);
  const before = {
    crashes: state.fuzz.crashes.length,
    table: state.table ?? (await state.fuzz.tableNow()),
    simulatorSessions: new Set(await state.fuzz.simulatorSessionGuids()),
  };
  await sendAll(state, batch);
  state.route.afterBatch?.(batch);
  for (const sent of batch) tally(state, sent);
  const webhook = state.route.webhook ?? false;
  const leftBehind = await leftBehindChecks(state.fuzz, batch, before, state.accepted, { webhook });
  // The next batch starts from here: what happens in between (fixtures, late effects) is its to explain.
  state.table = leftBehind.table;
  const problems = [...batch.flatMap((sent) => answerChecks(sent, { webhook })), ...leftBehind.problems];
  return { problems: problems.filter((p) => state.settings.focus.has(p.assertion)), batch };
}

function groupBy<T, K>(items: T[], keyOf: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(keyOf(item), [...(groups.get(keyOf(item)) ?? []), item]);
  return groups;
}

function formatProblems(problems: Problem[]): string {
  const lines: string[] = [];
  for (const [assertion, list] of groupBy(problems, (p) => p.assertion)) {
    lines.push(`  ✗ ${assertion} (${list.length})`);
    // One example per request, at most four requests.
    for (const [sent, ofRequest] of [...groupBy(list, (p) => p.sent)].slice(0, 4)) {
      for (const problem of ofRequest.slice(0, 3)) lines.push(`      ${problem.message}`);
      if (sent) lines.push(`      request: ${describeSent(sent).replaceAll('\n', '\n      ')}`);
    }
  }
  return lines.join('\n');
}

/** Writes a failing batch in full (bodies of 60 KB included) where the message can point to it. */
function dumpCounterExample(route: string, seed: number, batch: Sent[], problems: Problem[]): string {
  const dir = join(tmpdir(), 'vcc-payment-connector-fuzz');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${route.replace(/[^a-z0-9]+/gi, '-')}-seed-${seed}.json`);
  const requests = batch.map((s) => ({
    family: s.request.family,
    method: s.request.method,
    path: s.path,
    auth: s.request.auth,
    headers: s.headers,
    body: s.body,
    bodyIsBytes: s.request.bodyIsBytes ?? false,
    answer: s.answer ?? s.error,
  }));
  writeFileSync(file, JSON.stringify({ route, seed, problems: problems.map(({ assertion, message }) => ({ assertion, message })), requests }, null, 2));
  return file;
}

/**
 * fast-check shrinks a batch by dropping requests from its start, so a failing request can keep a
 * harmless one after it. This keeps whichever half still fails while one does, then drops, one at
 * a time, every request the failure does not need (a failure that needs the whole batch, or that a
 * rerun does not repeat, is kept as it was).
 */
async function withoutBystanders(state: RunState, failure: { batch: Sent[]; problems: Problem[] }): Promise<{ batch: Sent[]; problems: Problem[] }> {
  const failing = new Set(failure.problems.map((p) => p.assertion));
  const deadline = Date.now() + 60_000;
  const stillFails = async (requests: FuzzRequest[]) => {
    const rerun = await runBatch(state, requests);
    return rerun.problems.some((p) => failing.has(p.assertion)) ? rerun : null;
  };
  let current = failure;
  // Most often the requests a problem names are the whole story.
  const named = [...new Set(failure.problems.flatMap((p) => (p.sent ? [p.sent.request] : [])))];
  if (named.length > 0 && named.length < failure.batch.length) current = (await stillFails(named)) ?? current;
  halving: while (current.batch.length > 1 && Date.now() < deadline) {
    const requests = current.batch.map((sent) => sent.request);
    const middle = Math.ceil(requests.length / 2);
    for (const half of [requests.slice(0, middle), requests.slice(middle)]) {
      const rerun = await stillFails(half);
      if (rerun) {
        current = rerun;
        continue halving;
      }
    }
    break;
  }
  for (let i = 0; i < current.batch.length && current.batch.length > 1 && Date.now() < deadline; ) {
    const rerun = await stillFails(current.batch.filter((_, j) => j !== i).map((sent) => sent.request));
    if (rerun) current = rerun;
    else i += 1;
  }
  return current;
}

/**
 * Fuzzes one route: at least FUZZ_RUNS inputs in batches; on the first failing batch, shrinks it
 * (within FUZZ_SHRINK_SECONDS) and fails with the seed, the minimal batch and what went wrong.
 */
export async function fuzzRoute(fuzz: FuzzStack, route: RouteFuzz, accepted: Iterable<string>): Promise<FuzzRunSummary> {
  const settings = fuzzSettings();
  const state: RunState = { fuzz, route, settings, accepted: new Set([...accepted].map((t) => t.toLowerCase())), sends: 0, answers: new Map() };
  const started = Date.now();
  let inputs = 0;
  let batches = 0;
  let shrinkingSince: number | null = null;
  let shrinkingCutShort = false;
  let lastFailure: { batch: Sent[]; problems: Problem[] } | null = null;
  let preparationFailed: PreparationFailed | undefined;
  const survey = new Map<Assertion, Problem[]>();

  const property = fc.asyncProperty(fc.array(route.requests, { minLength: 1, maxLength: settings.batch, size: 'max' }), async (requests) => {
    if (shrinkingSince === null && inputs >= settings.runs) return true;
    if (shrinkingSince !== null && Date.now() - shrinkingSince > settings.shrinkMs) {
      shrinkingCutShort = true;
      return true;
    }
    if (preparationFailed) return true;
    let ran: Awaited<ReturnType<typeof runBatch>>;
    try {
      ran = await runBatch(state, requests);
    } catch (error) {
      if (!(error instanceof PreparationFailed)) throw error;
      preparationFailed = error;
      return true;
    }
    const { problems, batch } = ran;
    if (shrinkingSince === null) {
      inputs += requests.length;
      batches += 1;
    }
    if (settings.survey) {
      for (const problem of problems) survey.set(problem.assertion, [...(survey.get(problem.assertion) ?? []), problem]);
      return true;
    }
    if (problems.length === 0) return true;
    shrinkingSince ??= Date.now();
    lastFailure = { batch, problems };
    throw new Error(`\n${formatProblems(problems)}`);
  });

  // Each run sends on average half a batch; the surplus runs return at once after FUZZ_RUNS inputs.
  const numRuns = Math.ceil((3 * settings.runs) / settings.batch) + 10;
  try {
    await fc.assert(property, { seed: settings.seed, numRuns });
  } catch (error) {
    const shrunk = lastFailure as { batch: Sent[]; problems: Problem[] } | null;
    const fastCheck = (error as Error).message
      .split('\n')
      .filter((line) => /^(Property failed|\{ seed|Shrunk)/.test(line))
      .join(' ');
    if (!shrunk) throw error;
    const minimal = await withoutBystanders(state, shrunk);
    const file = dumpCounterExample(route.route, settings.seed, minimal.batch, minimal.problems);
    throw new Error(
      [
        `${route.route}: fuzzing failed after ${inputs} inputs in ${((Date.now() - started) / 1000).toFixed(0)} s (seed ${settings.seed}).`,
        `Replay: FUZZ_SEED=${settings.seed} FUZZ_RUNS=${settings.runs} npx vitest run test/fuzz -t '${route.route}'`,
        `Minimal failing input${minimal.batch.length > 1 ? 's' : ''} (${minimal.batch.length}; shrunk by fast-check${shrinkingCutShort ? `, stopped after ${settings.shrinkMs / 1000} s` : ''}, then bystanders removed), in full: ${file}`,
        formatProblems(minimal.problems),
        `fast-check: ${fastCheck}`,
      ].join('\n'),
    );
  }
  if (preparationFailed) {
    throw new Error(`${route.route}: preparing a batch failed after ${inputs} inputs, and the run stopped there: ${preparationFailed.message}`);
  }
  // The checks after each batch read only the items the table's journal says were written: a full
  // scan at the end shows it missed none.
  const missed = state.table ? await fuzz.unjournaledItems(state.table) : [];
  if (missed.length > 0) {
    throw new Error(`${route.route}: ${missed.length} items differ from a full scan of the table, e.g. ${missed[0]}: the write journal missed their writes`);
  }
  const summary: FuzzRunSummary = {
    route: route.route,
    inputs,
    batches,
    seconds: Math.round((Date.now() - started) / 100) / 10,
    answers: Object.fromEntries([...state.answers].sort((a, b) => b[1] - a[1])),
  };
  console.log(`fuzz ${route.route}: ${inputs} inputs in ${batches} batches, ${summary.seconds} s; answers ${JSON.stringify(summary.answers)}`);
  if (inputs < settings.runs) throw new Error(`${route.route}: only ${inputs} of ${settings.runs} inputs were generated; raise numRuns`);
  if (survey.size > 0) {
    const lines = [...survey].map(([, list]) => {
      const byFamily = [...groupBy(list, (p) => p.sent?.request.family ?? '(batch)')].map(([family, ps]) => `${family} ×${ps.length}`).join('; ');
      return `${formatProblems(list)}\n      by input family: ${byFamily}`;
    });
    throw new Error(
      `${route.route}: ${[...survey.values()].flat().length} failed checks over ${inputs} inputs (seed ${settings.seed}, survey mode):\n${lines.join('\n')}`,
    );
  }
  return summary;
}
