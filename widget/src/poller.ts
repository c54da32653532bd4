export interface PollSchedule {
  firstMs: number;
  factor: number;
  maxMs: number;
  /** Polling stops this long after it started; `null` polls until `read` says done. */
  giveUpAfterMs: number | null;
}

export interface Poller {
  /** Reads now and starts the backoff again: something happened that may have changed the state. */
  now(): void;
  stop(): void;
}

/**
 * Calls `read` with a growing wait between calls until it answers true (done), the schedule
 * gives up (`onGiveUp`), or `stop()`. A failed read counts as not done. While the page is
 * hidden, reads wait until it shows again.
 */
export function startPolling(read: () => Promise<boolean>, schedule: PollSchedule, onGiveUp: () => void = () => {}): Poller {
  const started = Date.now();
  let delay = schedule.firstMs;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let stopped = false;
  let reading = false;
  let readAgain = false;

  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    document.removeEventListener('visibilitychange', onVisible);
  };
  const tick = async () => {
    if (stopped) return;
    if (reading) {
      readAgain = true; // what prompted this read may have happened after the current one began
      return;
    }
    if (document.hidden) return; // onVisible reads again
    reading = true;
    const done = await read().catch(() => false);
    reading = false;
    if (stopped) return;
    if (done) return stop();
    if (schedule.giveUpAfterMs !== null && Date.now() - started > schedule.giveUpAfterMs) {
      stop();
      return onGiveUp();
    }
    timer = setTimeout(tick, readAgain ? 0 : delay);
    delay = readAgain ? schedule.firstMs : Math.min(delay * schedule.factor, schedule.maxMs);
    readAgain = false;
  };
  const now = () => {
    if (stopped) return;
    clearTimeout(timer);
    delay = schedule.firstMs;
    void tick();
  };
  function onVisible() {
    if (!document.hidden) now();
  }
  document.addEventListener('visibilitychange', onVisible);
  timer = setTimeout(tick, delay);
  return { now, stop };
}
