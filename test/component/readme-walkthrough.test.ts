import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FUNCTION_ENV } from '#app/config/function-environment.ts';

/**
 * The README's 5-minute walkthrough, run as a newcomer runs it: `npm start` in one terminal (here
 * with LOCAL_PORT_BASE on free ports), the README's bash blocks in another, verbatim but for the
 * ports. So the README cannot drift from what the connector does.
 */
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const README = readFileSync(join(REPO, 'README.md'), 'utf8');
const DEFAULT_BASE = 4010;
const PORT_COUNT = 8;

function walkthroughSection(): string {
  const section = /^## A 5-minute local walkthrough\n([\s\S]*?)(?=^## )/m.exec(README)?.[1];
  if (!section) throw new Error('README.md has no "## A 5-minute local walkthrough" section');
  return section;
}

/** The bash blocks of the README's walkthrough section, in order. */
const walkthroughBlocks = () => [...walkthroughSection().matchAll(/^```bash\n([\s\S]*?)^```$/gm)].map((match) => match[1]!);

/** The path of the page the walkthrough opens in a browser: its first local URL outside code. */
function browserPath(): string {
  const prose = walkthroughSection().replace(/^```[\s\S]*?^```$/gm, '');
  const path = new RegExp(`http://127\\.0\\.0\\.1:${DEFAULT_BASE}(/[^\\s,)]*)`).exec(prose)?.[1];
  if (!path) throw new Error('the walkthrough names no page to open in a browser');
  return path;
}

const sourcesUnder = (folder: string): string[] =>
  existsSync(folder)
    ? readdirSync(folder, { recursive: true, encoding: 'utf8' })
        .filter((file) => /\.(ts|html)$/.test(file) && !file.includes('node_modules'))
        .map((file) => readFileSync(join(folder, file), 'utf8'))
    : [];

/** The README's URLs name the default ports 4010-4017; the test's stack runs from `base`. */
const onPorts = (text: string, base: number) =>
  text.replace(/127\.0\.0\.1:(\d{4})\b/g, (whole, port: string) => {
    const offset = Number(port) - DEFAULT_BASE;
    return offset >= 0 && offset < PORT_COUNT ? `127.0.0.1:${base + offset}` : whole;
  });

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer().once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

async function freePortBase(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt += 1) {
    // Below Linux's ephemeral range (32768-60999), which the other suites' stacks and every
    // outgoing connection draw from: a port free now would otherwise be taken before npm start binds it.
    const base = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await Promise.all(Array.from({ length: PORT_COUNT }, (_, i) => portIsFree(base + i)));
    if (free.every(Boolean)) return base;
  }
  throw new Error(`no ${PORT_COUNT} consecutive free ports found`);
}

/** The JSON objects a block printed, in order: curl prints each answer without a newline after it. */
function jsonObjectsIn(text: string): any[] {
  const objects: any[] = [];
  let depth = 0;
  let start = -1;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const char = text[i];
    if (inString) {
      if (char === '\\') i += 1;
      else if (char === '"') inString = false;
    } else if (char === '"') inString = depth > 0;
    else if (char === '{' && depth++ === 0) start = i;
    else if (char === '}' && depth > 0 && --depth === 0) objects.push(JSON.parse(text.slice(start, i + 1)));
  }
  return objects;
}

function run(command: string, args: string[], options: { cwd: string; env?: NodeJS.ProcessEnv; input?: string }) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject).on('close', (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/**
 * The environment of a newcomer's terminal. The integration suite's stack, started in vitest's
 * main process, sets the functions' variables there (CRM_CALLBACK_URL among them, which npm
 * start obeys), and every worker inherits them: the walkthrough must not.
 */
function newcomersEnvironment(): NodeJS.ProcessEnv {
  const stackVariables = new Set<string>(Object.values(FUNCTION_ENV));
  return Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !stackVariables.has(name) && !name.startsWith('AWS_') && !name.startsWith('POWERTOOLS_')),
  );
}

describe("the README's 5-minute local walkthrough", () => {
  let base: number;
  let npmStart: ChildProcess;
  let startOutput = '';
  let workDir: string;

  beforeAll(async () => {
    base = await freePortBase();
    workDir = mkdtempSync(join(tmpdir(), 'readme-walkthrough-'));
    // Its own process group, so the whole of `npm start` (npm, sh, tsx, node) stops together.
    npmStart = spawn('npm', ['start'], { cwd: REPO, env: { ...newcomersEnvironment(), LOCAL_PORT_BASE: String(base) }, detached: true });
    npmStart.stdout!.on('data', (chunk: Buffer) => (startOutput += chunk.toString()));
    npmStart.stderr!.on('data', (chunk: Buffer) => (startOutput += chunk.toString()));
    // Ready once the API answers, as a newcomer would find it.
    for (const deadline = Date.now() + 110_000; ; ) {
      if (npmStart.exitCode !== null) throw new Error(`npm start exited:\n${startOutput}`);
      if (Date.now() > deadline) throw new Error(`npm start did not answer in time:\n${startOutput}`);
      const answered = await fetch(`http://127.0.0.1:${base}/v1/payments`).then(
        () => true,
        () => false,
      );
      if (answered) break;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }, 120_000);

  afterAll(async () => {
    if (npmStart?.pid && npmStart.exitCode === null) {
      const exited = new Promise((resolve) => npmStart.once('exit', resolve));
      process.kill(-npmStart.pid, 'SIGTERM');
      await exited;
    }
    if (workDir) rmSync(workDir, { recursive: true, force: true });
  }, 30_000);

  it('npm start prints the page the README opens in a browser, on the ports LOCAL_PORT_BASE sets, and serves it', async () => {
    const path = browserPath();
    await expect.poll(() => startOutput).toContain(`http://127.0.0.1:${base}${path}`);
    expect((await fetch(`http://127.0.0.1:${base}${path}`)).status).toBe(200);
  });

  it("names only buttons that the page or the simulator's pages have", async () => {
    const page = await (await fetch(`http://127.0.0.1:${base}${browserPath()}`)).text();
    const sources = ['local', 'widget'].flatMap((folder) => sourcesUnder(join(REPO, folder))).join('\n');
    const buttons = [...walkthroughSection().matchAll(/\*([A-Z][A-Za-z ]+)\*/g)].map((match) => match[1]!);
    expect(buttons.length).toBeGreaterThan(0);
    // A label is a button's text in the page, or a quoted label in the code that renders a page.
    for (const button of buttons) expect(`${page}\n${sources}`, button).toMatch(new RegExp(`>${button}\\s*<|['"\`]${button}['"\`]`));
  });

  it('runs every bash block as written, and each shows what the README says it shows', async () => {
    const blocks = walkthroughBlocks();
    expect(blocks).toHaveLength(4);
    // One shell, as in the second terminal: variables carry from block to block.
    const script = ['set -euo pipefail', ...blocks.map((block, i) => `echo '::block ${i}::'\n${onPorts(block, base)}\necho`)].join('\n');
    const { code, stdout, stderr } = await run('bash', ['-s'], { cwd: workDir, input: script });
    expect(code, `the walkthrough failed:\n${stderr}`).toBe(0);
    const [session, link, unpaidLink, sweep] = stdout
      .split(/^::block \d::$/m)
      .slice(1)
      .map(jsonObjectsIn);

    const [read] = session!;
    expect(read).toMatchObject({ kind: 'agent-assist', state: 'approved', crmReference: 'case-42', outcome: { decision: 'ACCEPT' } });
    expect(read.vccHistory).toEqual([expect.objectContaining({ source: 'webhook', sessionState: 'Finished' })]);
    await expect.poll(() => startOutput).toContain(`CRM callback payment.session.completed: session ${read.id} is approved (signature verified)`);

    const [paid, listing] = link!;
    expect(paid).toMatchObject({ kind: 'payment-link', state: 'approved', crmReference: 'case-43' });
    expect(listing.payments).toEqual([expect.objectContaining({ id: paid.id, state: 'approved' })]);

    const [clock, expired, reissued, refused] = unpaidLink!;
    expect(clock).toEqual({ offsetSeconds: 259_260 });
    expect(expired).toMatchObject({ state: 'expired', vccSessionState: 'ExpiredOnProviderSide' });
    expect(reissued).toMatchObject({ state: 'pending', reissueOf: expired.id });
    expect(refused.error.code).toBe('LINK_ALREADY_PAID');

    const [sweepReport, received] = sweep!;
    expect(sweepReport).toMatchObject({ linksExpired: 1, failed: 0 });
    const told = received.received.map(({ event }: { event: { type: string; data: { id: string } } }) => `${event.type} ${event.data.id}`);
    expect(told).toEqual(
      expect.arrayContaining([`payment.session.completed ${read.id}`, `payment.link.completed ${paid.id}`, `payment.link.expired ${expired.id}`]),
    );
  }, 120_000);
});
