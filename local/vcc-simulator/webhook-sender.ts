import type { BackgroundTasks } from './background-tasks.ts';
import { isTerminal, type PaymentSession, toStatus, type VccSessionStatus } from './payment-session.ts';
import type { WebhookBehaviour, WebhookBehaviours } from './webhook-behaviours.ts';
import type { WebhookDelivery, WebhookDeliveryLog } from './webhook-delivery-log.ts';
import { postWebhook } from './webhook-post.ts';
import type { WebhookTarget } from './webhook-target.ts';
import { WebhookTokenClient } from './webhook-token-client.ts';

export interface WebhookSenderOptions {
  now: () => number;
  target: WebhookTarget | null;
  /** Wait before each retry; the number of entries is the number of retries. */
  retryDelaysMs: readonly number[];
  timeoutMs: number;
  tasks: BackgroundTasks;
  behaviours: WebhookBehaviours;
  log: WebhookDeliveryLog;
}

/**
 * Sends VCC's webhook for every session that reaches a terminal state, in the background:
 * only HTTP 200 counts as delivered; anything else is retried on `retryDelaysMs`, then given up.
 * The agent's webhook behaviour (duplicate, drop, delay, reorder) is applied here.
 */
export class WebhookSender {
  readonly #options: WebhookSenderOptions;
  readonly #tokens: WebhookTokenClient;
  /** First attempts still waiting for an answer, per session: what `before-create` waits for. */
  readonly #firstAnswers = new Map<string, Promise<void>>();
  #target: WebhookTarget | null;

  constructor(options: WebhookSenderOptions) {
    this.#options = options;
    this.#target = options.target;
    this.#tokens = new WebhookTokenClient({ now: options.now, timeoutMs: options.timeoutMs, signal: options.tasks.signal });
  }

  get target(): WebhookTarget | null {
    return this.#target;
  }

  /** Takes effect from the next attempt, retries included; tokens are cached per target, so none is reused. */
  configure(target: WebhookTarget | null): void {
    this.#target = target;
  }

  /** A session listener: acts on terminal states only, never throws and never waits. */
  send(session: PaymentSession): void {
    if (!isTerminal(session.state) || !this.#target) return;
    const firstAttempts = this.#dispatch(toStatus(session), this.#options.behaviours.of(session.agentId), session);
    if (firstAttempts.length === 0) return;
    const answered = Promise.all(firstAttempts).then(() => undefined);
    this.#firstAnswers.set(session.sessionGuid, answered);
    void answered.finally(() => {
      if (this.#firstAnswers.get(session.sessionGuid) === answered) this.#firstAnswers.delete(session.sessionGuid);
    });
  }

  /** Resolves once the session's webhook had its first answer (or at once if none is on its way). */
  firstAnswer(sessionGuid: string): Promise<void> {
    return this.#firstAnswers.get(sessionGuid) ?? Promise.resolve();
  }

  /** Records the deliveries and starts those that go now; returns their first attempts. */
  #dispatch(status: VccSessionStatus, behaviour: WebhookBehaviour | undefined, session: PaymentSession): Promise<void>[] {
    const { log, tasks } = this.#options;
    switch (behaviour?.behaviour) {
      case 'drop':
        log.record(status, 'dropped');
        return [];
      case 'delay': {
        const delivery = log.record(status, 'delayed');
        tasks.after(behaviour.delayMs, () => void this.#attempt(delivery, 0));
        return [];
      }
      case 'duplicate':
        return Array.from({ length: behaviour.copies }, () => this.#start(status));
      case 'reorder': {
        const stale = staleStatusOf(status, session);
        return [this.#start(status, () => void this.#start(stale))];
      }
      default:
        return [this.#start(status)];
    }
  }

  #start(body: VccSessionStatus, onDelivered?: () => void): Promise<void> {
    return this.#attempt(this.#options.log.record(body, 'pending'), 0, onDelivered);
  }

  /** One attempt; on failure schedules the next, `retriesDone` counting the retries made so far. */
  async #attempt(delivery: WebhookDelivery, retriesDone: number, onDelivered?: () => void): Promise<void> {
    const { tasks, now, retryDelaysMs, timeoutMs } = this.#options;
    if (tasks.stopped) return;
    delivery.status = 'pending';
    const at = new Date(now()).toISOString();
    const outcome = await postWebhook(this.#target, delivery.body, { tokens: this.#tokens, timeoutMs, signal: tasks.signal });
    delivery.attempts.push({ at, ...outcome });
    if (outcome.httpStatus === 200) {
      delivery.status = 'delivered';
      onDelivered?.();
      return;
    }
    const delay = retryDelaysMs[retriesDone];
    if (delay === undefined) {
      delivery.status = 'gave-up';
      return;
    }
    tasks.after(delay, () => void this.#attempt(delivery, retriesDone + 1, onDelivered));
  }
}

/**
 * The status as a late retry of an earlier webhook would carry it: not terminal, no result,
 * and last updated strictly before the terminal status (the moment the page opened, if it did).
 */
function staleStatusOf(terminal: VccSessionStatus, session: PaymentSession): VccSessionStatus {
  const terminalAt = Date.parse(terminal.lastUpdatedOn);
  const staleAt = Math.min(session.pageOpenedAt ?? session.createdAt, terminalAt - 1);
  return { ...terminal, sessionState: 'InProgress', lastUpdatedOn: new Date(staleAt).toISOString(), paymentResultData: null };
}
