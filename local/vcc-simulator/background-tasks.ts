/** setTimeout's ceiling (about 24.8 days); a longer wait would fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

export type TaskHandle = ReturnType<typeof setTimeout>;

/**
 * Every timer and outbound request the simulator starts on its own (session timeouts, webhook
 * deliveries and retries), so that `stop()` can end them all: no webhook goes out after stop,
 * and no pending timer keeps the test process alive.
 */
export class BackgroundTasks {
  readonly #timers = new Set<TaskHandle>();
  readonly #stop = new AbortController();

  /** Aborted by stop(): outbound requests pass it to fetch. */
  get signal(): AbortSignal {
    return this.#stop.signal;
  }

  get stopped(): boolean {
    return this.#stop.signal.aborted;
  }

  /** Runs `task` after `ms`, unless stop() comes first. Returns undefined once stopped. */
  after(ms: number, task: () => void): TaskHandle | undefined {
    if (this.stopped) return undefined;
    const timer = setTimeout(
      () => {
        this.#timers.delete(timer);
        task();
      },
      Math.min(Math.max(ms, 0), MAX_TIMER_MS),
    );
    this.#timers.add(timer);
    return timer;
  }

  cancel(timer: TaskHandle | undefined): void {
    if (timer === undefined) return;
    clearTimeout(timer);
    this.#timers.delete(timer);
  }

  stop(): void {
    this.#stop.abort(new Error('the simulator stopped'));
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
  }
}
