import { afterAll, beforeAll, describe, it } from 'vitest';
import { type MadeFixtures, makeFixtures } from './support/fixtures.ts';
import { fuzzRoute } from './support/fuzz-run.ts';
import { fuzzSettings, testTimeoutMs } from './support/fuzz-settings.ts';
import { type FuzzStack, startFuzzStack } from './support/fuzz-stack.ts';
import { webhookRequests } from './support/route-inputs.ts';

let fuzz: FuzzStack;
let made: MadeFixtures;

beforeAll(async () => {
  fuzz = await startFuzzStack();
  made = await makeFixtures(fuzz);
}, 120_000);

afterAll(async () => fuzz?.stop());

describe("fuzzing VCC's webhook", () => {
  it(
    "POST /v1/webhooks/vcc stores every delivery it answers 200, refuses only bodies that can never be VCC's, never answers 5xx, keeps no card number and stays up",
    async () => {
      await fuzzRoute(fuzz, { route: 'POST /v1/webhooks/vcc', requests: webhookRequests(made.fixtures), client: 'vccWebhook', webhook: true }, made.tokens);
    },
    testTimeoutMs(fuzzSettings()),
  );
});
