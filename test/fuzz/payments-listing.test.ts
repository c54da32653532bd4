import { afterAll, beforeAll, describe, it } from 'vitest';
import { type MadeFixtures, makeFixtures } from './support/fixtures.ts';
import { fuzzRoute } from './support/fuzz-run.ts';
import { fuzzSettings, testTimeoutMs } from './support/fuzz-settings.ts';
import { type FuzzStack, startFuzzStack } from './support/fuzz-stack.ts';
import { listPaymentsRequests } from './support/route-inputs.ts';

let fuzz: FuzzStack;
let made: MadeFixtures;

beforeAll(async () => {
  fuzz = await startFuzzStack();
  // Enough payments under one crmReference for several pages, so real cursors exist to mutate.
  made = await makeFixtures(fuzz, { payments: 12 });
}, 120_000);

afterAll(async () => fuzz?.stop());

describe('fuzzing the payments listing', () => {
  it(
    'GET /v1/payments never answers 5xx, refuses with a catalogued error, echoes no card number and stays up',
    async () => {
      await fuzzRoute(fuzz, { route: 'GET /v1/payments', requests: listPaymentsRequests(made.fixtures), client: 'crmReadOnly' }, made.tokens);
    },
    testTimeoutMs(fuzzSettings()),
  );
});
