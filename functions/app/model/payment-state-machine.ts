import { hasOutcomeToPublish, type PaymentOutcome, type PaymentState, TERMINAL_STATES } from './payment.ts';

/**
 * The rules of a payment's state, in one place. The store's conditional write is derived from
 * them: it reads a payment, asks `nextProgress`, and writes only if nothing it read has changed.
 *
 * Status changes (from VCC's status reports, by webhook or asked for, and the sweep's judgements)
 * may arrive in any order, twice, or late. Each says more or less about how the payment ended, and
 * a payment only ever moves to a change that says more, so the order of arrival cannot change
 * where a payment ends:
 *
 *   creating < pending < our judgement < VCC's final word < a payment result
 *
 * - `pending` reports are ordered by VCC's `lastUpdatedOn`; a report without one is taken while
 *   it differs, as there is nothing to order it by.
 * - Our judgement is `creation_failed` (VCC did not answer in time) or `expired` decided by the
 *   sweep. VCC's own final word (`finished` without a result, `timed_out`, `error`, or `expired`
 *   from `ExpiredOnProviderSide`) replaces it.
 * - A payment result (`approved`, `declined`) replaces every state without one: money moved.
 * - Between two changes of the same standing after `pending`, the first one kept stays: VCC sends
 *   one final word per VCC session, and a final state must not flap.
 * - A final state is reached from `pending` whatever its timestamp: a final word from VCC always
 *   ends a payment that is not final, even after an odd report stamped in the future.
 */
export interface Progress {
  state: PaymentState;
  /** VCC's own word for the state; for our judgements, the last VCC state we knew. */
  vccSessionState: string | null;
  /** VCC's `lastUpdatedOn`; null for our judgements and for reports VCC did not stamp. */
  vccLastUpdatedOn: string | null;
  outcome: PaymentOutcome | null;
}

/** What a status report or a judgement says of a payment, ready to be weighed against what the payment holds. */
export interface StatusChange extends Progress {
  updatedAt: string;
}

export interface Transition {
  /** What the payment holds afterwards; a change VCC did not stamp keeps the last stamp known. */
  next: StatusChange;
  /** The move reached a final state with an outcome the CRM has not been told of yet. */
  publish: boolean;
}

const VCC_EXPIRY = 'expiredonproviderside';

/** How much a state says about how the payment ended; higher says more. */
export function standing({ state, vccSessionState }: Pick<Progress, 'state' | 'vccSessionState'>): number {
  switch (state) {
    case 'creating':
      return 0;
    case 'pending':
      return 1;
    case 'creation_failed':
      return 2;
    case 'expired':
      return vccSessionState?.toLowerCase() === VCC_EXPIRY ? 3 : 2;
    case 'finished':
    case 'timed_out':
    case 'error':
      return 3;
    case 'approved':
    case 'declined':
      return 4;
  }
}

/** Whether `change` is a later report from VCC than what `current` holds, for reports that are not final. */
function isNewerProgress(current: Progress, change: Progress): boolean {
  if (change.vccLastUpdatedOn === null || current.vccLastUpdatedOn === null) {
    return change.vccSessionState !== current.vccSessionState || (current.vccLastUpdatedOn === null && change.vccLastUpdatedOn !== null);
  }
  if (change.vccLastUpdatedOn !== current.vccLastUpdatedOn) return change.vccLastUpdatedOn > current.vccLastUpdatedOn;
  return change.vccSessionState !== current.vccSessionState;
}

/** Where `change` moves a payment that holds `current`, or null when it moves nothing. */
export function nextProgress(current: Progress, change: StatusChange): Transition | null {
  const from = standing(current);
  const to = standing(change);
  if (to < from) return null;
  if (to === from && (to > 1 || !isNewerProgress(current, change))) return null;
  const publish = change.state !== current.state && TERMINAL_STATES.has(change.state) && hasOutcomeToPublish(change.state);
  return { next: { ...change, vccLastUpdatedOn: change.vccLastUpdatedOn ?? current.vccLastUpdatedOn }, publish };
}
