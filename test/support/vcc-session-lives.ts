import fc from 'fast-check';
import type { PaymentOutcome, PaymentState } from '#app/model/payment.ts';
import type { Progress, StatusChange } from '#app/model/payment-state-machine.ts';

/**
 * Everything one VCC session may tell us, in VCC's order, as VCC behaves: some progress reports
 * (some unstamped, some odd and stamped in the future), at most one final word (a result, which
 * may also come purged, or a timeout, error or expiry), and perhaps our own judgements (the
 * sweep expiring a link, or creation failing because VCC answered after our timeout).
 */
export interface SessionLife {
  start: Progress;
  changes: StatusChange[];
  result: 'approved' | 'declined' | null;
  vccFinal: PaymentState | null;
  judgedExpired: boolean;
}

const minute = (n: number) => new Date(Date.UTC(2026, 10, 21, 10, 0) + n * 60_000).toISOString();
const outcomeOf = (decision: string): PaymentOutcome => ({
  decision,
  reasonCode: '100',
  amount: '12.40',
  amountMinor: '1240',
  currency: 'GBP',
  transactionType: 'sale',
  gatewayReference: 'ref-1',
});

const VCC_FINALS = {
  TimeOut: 'timed_out',
  Error: 'error',
  ExpiredOnProviderSide: 'expired',
  Finished: 'finished',
} as const satisfies Record<string, PaymentState>;

export function lifeOfOneVccSession(): fc.Arbitrary<SessionLife> {
  return fc
    .record({
      failedForUs: fc.boolean(),
      progress: fc.array(fc.record({ state: fc.constantFrom('Created', 'InProgress', 'Paying', 'SomethingNew'), stamped: fc.boolean() }), { maxLength: 5 }),
      oddFutureReport: fc.boolean(),
      final: fc.constantFrom('none', 'approved', 'declined', 'TimeOut', 'Error', 'ExpiredOnProviderSide', 'Finished') as fc.Arbitrary<string>,
      resultAlsoPurged: fc.boolean(),
      judgedExpired: fc.boolean(),
    })
    .map(({ failedForUs, progress, oddFutureReport, final, resultAlsoPurged, judgedExpired }) => {
      const at = (n: number, state: PaymentState, vccSessionState: string | null, stamped = true, outcome: PaymentOutcome | null = null): StatusChange => ({
        state,
        vccSessionState,
        vccLastUpdatedOn: stamped ? minute(n) : null,
        outcome,
        updatedAt: minute(n),
      });
      const changes = progress.map(({ state, stamped }, i) => at(i + 1, 'pending', state, stamped));
      if (oddFutureReport) changes.push({ ...at(0, 'pending', 'SomethingOdd'), vccLastUpdatedOn: '2099-01-01T00:00:00.000Z' });
      const end = progress.length + 2;
      const result = final === 'approved' || final === 'declined' ? final : null;
      if (result) {
        if (resultAlsoPurged) changes.push(at(end, 'finished', 'Finished'));
        changes.push(at(end, result, 'Finished', true, outcomeOf(result === 'approved' ? 'ACCEPT' : 'REJECT')));
      } else if (final !== 'none') {
        changes.push(at(end, VCC_FINALS[final as keyof typeof VCC_FINALS], final));
      }
      // The sweep judges only a link VCC opened for us expired, after VCC last said it was open.
      const sweepExpired = judgedExpired && !failedForUs;
      if (sweepExpired) changes.push(at(end + 1, 'expired', 'InProgress', false));
      const start: Progress = failedForUs
        ? { state: 'creation_failed', vccSessionState: null, vccLastUpdatedOn: null, outcome: null }
        : { state: 'pending', vccSessionState: null, vccLastUpdatedOn: null, outcome: null };
      const vccFinal = result ?? (final === 'none' ? null : VCC_FINALS[final as keyof typeof VCC_FINALS]);
      return { start, changes, result, vccFinal, judgedExpired: sweepExpired };
    });
}

/** Where a session must end, from what it was told, whatever the order: the rules in words. */
export function whereItMustEnd(life: SessionLife): PaymentState {
  if (life.result) return life.result;
  if (life.vccFinal) return life.vccFinal;
  if (life.judgedExpired) return 'expired';
  return life.start.state;
}

/** The changes with some delivered twice or three times, in an order drawn from `seed`. */
export function shuffledWithRepeats<T>(items: readonly T[], seed: number): T[] {
  let state = seed >>> 0 || 1;
  const random = () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 2 ** 32;
  };
  const delivered = items.flatMap((item) => Array.from({ length: 1 + Math.floor(random() * 3) }, () => item));
  for (let i = delivered.length - 1; i > 0; i -= 1) {
    const j = Math.floor(random() * (i + 1));
    [delivered[i], delivered[j]] = [delivered[j]!, delivered[i]!];
  }
  return delivered;
}
