import { format } from 'node:util';
import { afterAll, beforeAll, expect } from 'vitest';

/**
 * The log audit: every line a test file writes (the handlers log JSON through Powertools, whose
 * own Console writes to process.stdout and process.stderr; the local parts use console.*) is
 * captured and searched for what must never be logged: tokens, secrets and card-like values.
 *
 * The card-number oracle here is written from the definition, not from the product's
 * card guard, so a gap in the guard cannot hide the same gap in the audit.
 */

export interface LogFinding {
  /** What was found: "card-like value", "bearer token", or the name given to a forbidden value. */
  what: string;
  /** The line with every finding masked, cut to a readable length: the report never repeats a leak. */
  line: string;
}

export interface LogAudit {
  /** A value that must never appear in a log line, e.g. an agent token the test was handed. */
  forbid(value: string, what: string): void;
  /** Every complete line captured so far. */
  lines(): string[];
  findings(): LogFinding[];
  /** Asserts that lines were captured (the audit saw the logs) and that none holds a finding. */
  expectClean(): void;
  stop(): void;
}

// ---------------------------------------------------------------------------------------------
// The card-like value oracle.

const DECIMAL_DIGIT = /\p{Nd}/u;
const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/giu;
/** A run of decimal digits of any script, or a run of characters that are neither a letter nor a digit. */
const PIECES = /(\p{Nd}+)|([^\p{L}\p{Nd}]+)|(\p{L}+)/gu;
const MAX_SEPARATOR_LENGTH = 5;

/**
 * The value of any Unicode decimal digit. Unicode keeps each script's digits as a contiguous
 * run of ten, zero first, and some runs follow one another (the mathematical digits): the value
 * is the position in the contiguous run of digits, modulo ten.
 */
function digitValue(digit: string): number {
  let start = digit.codePointAt(0)!;
  while (start > 0 && DECIMAL_DIGIT.test(String.fromCodePoint(start - 1))) start -= 1;
  return (digit.codePointAt(0)! - start) % 10;
}

const asciiDigits = (digits: string): string => [...digits].map(digitValue).join('');

function passesLuhn(digits: string): boolean {
  let sum = 0;
  for (let i = 0; i < digits.length; i += 1) {
    let value = Number(digits[digits.length - 1 - i]);
    if (i % 2 === 1) {
      value *= 2;
      if (value > 9) value -= 9;
    }
    sum += value;
  }
  return sum % 10 === 0;
}

const looksLikeCardNumber = (digits: string): boolean => digits.length >= 13 && digits.length <= 19 && /^[2-6]/.test(digits) && passesLuhn(digits);

/**
 * Every card-like value in `text`: 13 to 19 digits (any script's decimal digits) whose first is
 * 2 to 6 and that pass the Luhn check, written whole or in groups joined by separators of up to
 * five characters that are neither letters nor digits, also with other groups of digits around
 * them. UUIDs are left out: their digit groups are not card numbers.
 */
export function findCardLikeValues(text: string): string[] {
  const found: string[] = [];
  // Groups of digits, each chain holding those joined by short separators.
  const chains: { digits: string; text: string }[][] = [];
  let chain: { digits: string; text: string }[] = [];
  let pendingSeparator: string | null = null;
  const endChain = () => {
    if (chain.length > 0) chains.push(chain);
    chain = [];
    pendingSeparator = null;
  };
  for (const [, digits, separator] of text.replace(UUID, 'uuid').matchAll(PIECES)) {
    if (digits !== undefined) {
      if (pendingSeparator !== null && pendingSeparator.length > MAX_SEPARATOR_LENGTH) endChain();
      chain.push({ digits: asciiDigits(digits), text: (pendingSeparator !== null && chain.length > 0 ? pendingSeparator : '') + digits });
      pendingSeparator = null;
    } else if (separator !== undefined) {
      pendingSeparator = chain.length > 0 ? separator : null;
    } else {
      endChain();
    }
  }
  endChain();
  for (const groups of chains) {
    for (let first = 0; first < groups.length; first += 1) {
      let digits = '';
      let written = '';
      for (let last = first; last < groups.length && digits.length < 19; last += 1) {
        digits += groups[last]!.digits;
        written += last === first ? groups[last]!.text.replace(/^[^\p{Nd}]+/u, '') : groups[last]!.text;
        if (looksLikeCardNumber(digits)) found.push(written);
      }
    }
  }
  return found;
}

// ---------------------------------------------------------------------------------------------
// Tokens and secrets.

/** Token shapes that need no list of known values: a JWT, and whatever follows "Bearer". */
const TOKEN_SHAPES: { what: string; pattern: RegExp }[] = [
  { what: 'JWT', pattern: /eyJ[\w-]{4,}\.[\w-]{4,}\.[\w-]{4,}/g },
  { what: 'bearer token', pattern: /bearer\s+[\w.~+/-]{20,}=*/gi },
  // A token or secret under its own name: "access_token":"...", X-BEARER-TOKEN=..., clientSecret: '...'
  {
    what: 'named token or secret',
    pattern: /(?:access|refresh|bearer|id)[_-]?token|client[_-]?secret|signing[_-]?secret/gi,
  },
];

/** A name above only counts when a value follows it: `"access_token": "abc..."`, `X-BEARER-TOKEN=abc...`. */
const NAMED_VALUE = /^["']?\s*[:=]\s*["']?([\w.~+/-]{16,})/;

function findTokens(line: string): { what: string; value: string }[] {
  const found: { what: string; value: string }[] = [];
  for (const { what, pattern } of TOKEN_SHAPES) {
    for (const match of line.matchAll(pattern)) {
      if (what !== 'named token or secret') {
        found.push({ what, value: match[0] });
        continue;
      }
      const value = NAMED_VALUE.exec(line.slice(match.index + match[0].length))?.[1];
      if (value) found.push({ what, value });
    }
  }
  return found;
}

const MAX_REPORTED_LINE = 400;

/** The findings of one line, given the values no line may hold. */
export function auditLine(line: string, forbidden: ReadonlyMap<string, string> = new Map()): LogFinding[] {
  const hits: { what: string; value: string }[] = [];
  for (const [value, what] of forbidden) if (line.includes(value)) hits.push({ what, value });
  hits.push(...findTokens(line));
  for (const value of findCardLikeValues(line)) hits.push({ what: 'card-like value', value });
  if (hits.length === 0) return [];
  let masked = line;
  for (const { what, value } of hits) masked = masked.split(value).join(`<${what}>`);
  const shown = masked.length > MAX_REPORTED_LINE ? `${masked.slice(0, MAX_REPORTED_LINE)}...` : masked;
  return [...new Set(hits.map((hit) => hit.what))].map((what) => ({ what, line: shown }));
}

// ---------------------------------------------------------------------------------------------
// Capture.

type Write = typeof process.stdout.write;
const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Starts capturing every write to process.stdout and process.stderr and every console call of
 * this worker. `echo: false` keeps them off the terminal (a DEBUG-level stack is loud); the
 * audit's report shows offending lines masked.
 */
export function startLogAudit({ echo = process.env.LOG_AUDIT_ECHO === '1' } = {}): LogAudit {
  const captured: string[] = [];
  const partial = new Map<string, string>();
  const forbidden = new Map<string, string>();
  const take = (source: string, text: string) => {
    const pieces = ((partial.get(source) ?? '') + text).split('\n');
    partial.set(source, pieces.pop() ?? '');
    captured.push(...pieces.filter((line) => line.length > 0));
  };

  const restorers: (() => void)[] = [];
  for (const stream of [process.stdout, process.stderr]) {
    const source = stream === process.stdout ? 'stdout' : 'stderr';
    const original = stream.write;
    const tee = function (this: NodeJS.WriteStream, chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
      take(source, typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8'));
      if (echo) return (original as (...args: unknown[]) => boolean).call(this, chunk, encoding, callback);
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    };
    stream.write = tee as Write;
    restorers.push(() => {
      stream.write = original;
    });
  }
  for (const method of CONSOLE_METHODS) {
    const original = console[method];
    console[method] = (...args: unknown[]) => {
      take('console', `${format(...args)}\n`);
      if (echo) original.apply(console, args);
    };
    restorers.push(() => {
      console[method] = original;
    });
  }

  const lines = () => [...captured, ...[...partial.values()].filter((line) => line.length > 0)];
  const findings = () => lines().flatMap((line) => auditLine(line, forbidden));
  return {
    forbid(value, what) {
      if (value.length > 0) forbidden.set(value, what);
    },
    lines,
    findings,
    expectClean() {
      expect(lines().length, 'the audit captured no log line: is the log level SILENT?').toBeGreaterThan(0);
      expect(findings()).toEqual([]);
    },
    stop() {
      for (const restore of restorers.reverse()) restore();
      restorers.length = 0;
    },
  };
}

/**
 * Audits the logs of the whole test file: capture starts before the file's own beforeAll hooks
 * (call this first) and stops after its afterAll hooks. End the file with
 * `it('logs no token, secret or card-like value', () => audit.expectClean())`.
 */
export function auditLogsOfThisFile(options: { echo?: boolean } = {}): LogAudit {
  let audit: LogAudit | undefined;
  const current = () => {
    if (!audit) throw new Error('the log audit starts in beforeAll: use it from tests and hooks only');
    return audit;
  };
  beforeAll(() => {
    audit = startLogAudit(options);
  });
  afterAll(() => audit?.stop());
  return {
    forbid: (value, what) => current().forbid(value, what),
    lines: () => current().lines(),
    findings: () => current().findings(),
    expectClean: () => current().expectClean(),
    stop: () => current().stop(),
  };
}

/**
 * For a stack shared by many tests (the integration suite's): captures
 * only the handlers' JSON log lines (Powertools writes each in one call, starting `{"level":`),
 * keeps them off the terminal, and leaves every other write alone.
 */
export function startHandlerLogAudit(forbidden: ReadonlyMap<string, string> = new Map()) {
  const captured: string[] = [];
  const restorers = [process.stdout, process.stderr].map((stream) => {
    const original = stream.write;
    stream.write = function (this: NodeJS.WriteStream, chunk: unknown, encoding?: unknown, callback?: unknown): boolean {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
      if (!text.startsWith('{"level":')) return (original as (...args: unknown[]) => boolean).call(this, chunk, encoding, callback);
      captured.push(...text.split('\n').filter((line) => line.length > 0));
      const done = typeof encoding === 'function' ? encoding : callback;
      if (typeof done === 'function') queueMicrotask(() => (done as () => void)());
      return true;
    } as Write;
    return () => {
      stream.write = original;
    };
  });
  return {
    lineCount: () => captured.length,
    lines: () => [...captured],
    findings: () => captured.flatMap((line) => auditLine(line, forbidden)),
    stop: () => {
      for (const restore of restorers) restore();
    },
  };
}
