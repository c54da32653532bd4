import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TERMINAL_STATES } from '#app/model/payment.ts';
import type { PaymentStore } from '#app/ports/payment-store.ts';
import { startEmbeddedStore } from '../support/embedded-store.ts';
import { creatingPayment } from '../support/payment-fixture.ts';
import { lifeOfOneVccSession, shuffledWithRepeats, whereItMustEnd } from '../support/vcc-session-lives.ts';

let store: PaymentStore;
let stop: () => Promise<void>;

beforeAll(async () => ({ store, stop } = await startEmbeddedStore()));
afterAll(() => stop());

/**
 * The same properties as the state machine's, through the DynamoDB store on the embedded
 * DynamoDB, with the status changes applied concurrently: racing writers must end where one writer would.
 */
describe('the DynamoDB store applying any status reports about one VCC session, concurrently (property)', () => {
  it("ends where VCC's reports in order end, and owes the CRM an outcome exactly when one is final", async () => {
    await fc.assert(
      fc.asyncProperty(lifeOfOneVccSession(), fc.nat(), async (life, seed) => {
        const session = creatingPayment({ state: life.start.state, sessionGuid: 'g' });
        await store.insertPayment(session);
        await Promise.all(shuffledWithRepeats(life.changes, seed).map((change) => store.applyStatusChange(session.id, change)));
        const stored = await store.getPayment(session.id);
        expect(stored?.state).toBe(whereItMustEnd(life));
        const owesOutcome = TERMINAL_STATES.has(stored!.state) && stored!.state !== 'creation_failed';
        expect(stored?.dueWork === 'PUBLISH').toBe(owesOutcome);
      }),
      { numRuns: 60 },
    );
  }, 120_000);
});
