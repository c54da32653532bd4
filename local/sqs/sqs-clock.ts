import { setTimeout as delay } from 'node:timers/promises';

/**
 * Time as the local SQS sees it. Timestamps stay wall-clock milliseconds, so they read like real
 * ones; durations (visibility timeouts, long polls, message moves) are compressed by
 * `timeScale`, so tests of retries with backoff take milliseconds instead of minutes.
 */
export interface SqsClock {
  now(): number;
  /** How many real milliseconds `seconds` of SQS time last. */
  millisecondsFor(seconds: number): number;
}

export function sqsClock(timeScale: number): SqsClock {
  if (!(timeScale > 0)) throw new Error(`timeScale must be a positive number, not ${timeScale}`);
  return { now: () => Date.now(), millisecondsFor: (seconds) => seconds * 1000 * timeScale };
}

/** Waits `ms`, or less if `signal` aborts first; never rejects, so callers just re-check state. */
export async function sleep(ms: number, signal: AbortSignal): Promise<void> {
  await delay(ms, undefined, { signal }).catch(() => undefined);
}
