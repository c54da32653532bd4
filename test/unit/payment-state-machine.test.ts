import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { type PaymentOutcome, type PaymentState, TERMINAL_STATES } from '#app/model/payment.ts';
import { nextProgress, type Progress, type StatusChange, standing } from '#app/model/payment-state-machine.ts';
import { lifeOfOneVccSession, type SessionLife, shuffledWithRepeats, whereItMustEnd } from '../support/vcc-session-lives.ts';

const opened: Progress = { state: 'pending', vccSessionState: null, vccLastUpdatedOn: null, outcome: null };
const at = (minute: number) => `2026-11-21T10:${String(minute).padStart(2, '0')}:00.000Z`;
const change = (
  state: StatusChange['state'],
  vccSessionState: string | null,
  vccLastUpdatedOn: string | null,
  outcome: PaymentOutcome | null = null,
): StatusChange => ({ state, vccSessionState, vccLastUpdatedOn, outcome, updatedAt: at(59) });
const accepted: PaymentOutcome = {
  decision: 'ACCEPT',
  reasonCode: '100',
  amount: '12.40',
  amountMinor: '1240',
  currency: 'GBP',
  transactionType: 'sale',
  gatewayReference: 'ref-1',
};

/** Folds status changes into a payment the way the store does, one at a time; counts the outcome events owed. */
function applyAll(start: Progress, changes: readonly StatusChange[]) {
  let payment = start;
  let published = 0;
  const finalStates: [Progress, Progress][] = [];
  const visited: PaymentState[] = [];
  for (const change of changes) {
    const transition = nextProgress(payment, change);
    if (!transition) continue;
    if (TERMINAL_STATES.has(payment.state)) finalStates.push([payment, transition.next]);
    if (transition.publish) published += 1;
    payment = transition.next;
    visited.push(payment.state);
  }
  return { payment, published, finalStates, visited };
}

describe('the payment state machine', () => {
  it('takes a later pending report and ignores an earlier one', () => {
    const inProgress = nextProgress(opened, change('pending', 'InProgress', at(2)))!.next;
    expect(nextProgress(inProgress, change('pending', 'Created', at(1)))).toBeNull();
    expect(nextProgress(inProgress, change('pending', 'Paying', at(3)))?.next.vccSessionState).toBe('Paying');
  });

  it('ignores a replay of the report it holds', () => {
    const inProgress = nextProgress(opened, change('pending', 'InProgress', at(2)))!.next;
    expect(nextProgress(inProgress, change('pending', 'InProgress', at(2)))).toBeNull();
  });

  it("ends a payment on VCC's final word even after an odd report stamped in the future", () => {
    const frozen = nextProgress(opened, change('pending', 'SomethingNew', '2099-01-01T00:00:00.000Z'))!.next;
    const ended = nextProgress(frozen, change('timed_out', 'TimeOut', at(5)));
    expect(ended?.next.state).toBe('timed_out');
    expect(ended?.publish).toBe(true);
  });

  it('keeps the last VCC timestamp when a report without one is applied', () => {
    const inProgress = nextProgress(opened, change('pending', 'InProgress', at(2)))!.next;
    expect(nextProgress(inProgress, change('pending', 'Paying', null))?.next.vccLastUpdatedOn).toBe(at(2));
  });

  it('lets a payment result replace a final state that carries none, and publishes once more', () => {
    for (const state of ['finished', 'creation_failed', 'timed_out', 'error'] as const) {
      const final = { ...opened, state, vccSessionState: state === 'creation_failed' ? null : 'X' };
      const upgraded = nextProgress(final, change('approved', 'Finished', at(3), accepted));
      expect(upgraded?.next.state).toBe('approved');
      expect(upgraded?.publish).toBe(true);
    }
  });

  it("lets VCC's final word replace our own judgement that a link expired", () => {
    const judged = nextProgress(opened, change('expired', 'InProgress', null))!.next;
    expect(standing(judged)).toBeLessThan(standing({ state: 'timed_out', vccSessionState: 'TimeOut' }));
    expect(nextProgress(judged, change('timed_out', 'TimeOut', at(9)))?.next.state).toBe('timed_out');
  });

  it('never moves an approved payment again, and never publishes a move to creation_failed', () => {
    const paid = nextProgress(opened, change('approved', 'Finished', at(3), accepted))!.next;
    for (const state of ['pending', 'finished', 'timed_out', 'error', 'expired', 'creation_failed', 'declined'] as const) {
      expect(nextProgress(paid, change(state, 'Finished', at(50)))).toBeNull();
    }
    expect(nextProgress({ ...opened, state: 'creating' }, change('creation_failed', null, null))?.publish).toBe(false);
  });

  describe('for any order of any status reports about one VCC session (property)', () => {
    it("ends where the reports in VCC's order end, whatever is duplicated, delayed or reordered", () => {
      fc.assert(
        fc.property(lifeOfOneVccSession(), fc.nat(), (life: SessionLife, seed) => {
          const delivered = shuffledWithRepeats(life.changes, seed);
          expect(applyAll(life.start, delivered).payment.state).toBe(whereItMustEnd(life));
          expect(applyAll(life.start, delivered).payment.state).toBe(applyAll(life.start, life.changes).payment.state);
        }),
        { numRuns: 2_000 },
      );
    });

    it('changes a final state only upward, and publishes exactly one event per final state it reaches', () => {
      fc.assert(
        fc.property(lifeOfOneVccSession(), fc.nat(), (life: SessionLife, seed) => {
          const { published, finalStates, visited } = applyAll(life.start, shuffledWithRepeats(life.changes, seed));
          for (const [from, to] of finalStates) expect(standing(to)).toBeGreaterThan(standing(from));
          const toldStates = new Set(visited.filter((state) => TERMINAL_STATES.has(state) && state !== 'creation_failed'));
          expect(published).toBe(toldStates.size);
        }),
        { numRuns: 2_000 },
      );
    });
  });
});
