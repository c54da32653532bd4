import { afterAll, beforeAll, describe, it } from 'vitest';
import { type MadeFixtures, makeFixtures } from './support/fixtures.ts';
import { fuzzRoute } from './support/fuzz-run.ts';
import { fuzzSettings, testTimeoutMs } from './support/fuzz-settings.ts';
import { type FuzzStack, startFuzzStack } from './support/fuzz-stack.ts';
import { createSessionRequests, getSessionRequests } from './support/route-inputs.ts';

let fuzz: FuzzStack;
let made: MadeFixtures;

beforeAll(async () => {
  fuzz = await startFuzzStack();
  made = await makeFixtures(fuzz);
}, 120_000);

afterAll(async () => fuzz?.stop());

const promise = 'never answers 5xx, refuses with a catalogued error, keeps and forwards nothing it refused, holds no card number and stays up';

describe('fuzzing agent-assist sessions', () => {
  it(
    `POST /v1/payment-sessions ${promise}`,
    async () => {
      await fuzzRoute(fuzz, { route: 'POST /v1/payment-sessions', requests: createSessionRequests(), client: 'crm' }, made.tokens);
    },
    testTimeoutMs(fuzzSettings()),
  );

  it(
    `GET /v1/payment-sessions/{id} ${promise}`,
    async () => {
      await fuzzRoute(fuzz, { route: 'GET /v1/payment-sessions/{id}', requests: getSessionRequests(made.fixtures), client: 'crm' }, made.tokens);
    },
    testTimeoutMs(fuzzSettings()),
  );
});
