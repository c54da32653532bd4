import { afterAll, beforeAll, describe, it } from 'vitest';
import { declinedLink, type MadeFixtures, makeFixtures } from './support/fixtures.ts';
import { fuzzRoute } from './support/fuzz-run.ts';
import { fuzzSettings, testTimeoutMs } from './support/fuzz-settings.ts';
import { type FuzzStack, startFuzzStack } from './support/fuzz-stack.ts';
import { createLinkRequests, DECLINED_LINK, getLinkRequests, reissueRequests } from './support/route-inputs.ts';

let fuzz: FuzzStack;
let made: MadeFixtures;

beforeAll(async () => {
  fuzz = await startFuzzStack();
  made = await makeFixtures(fuzz);
}, 120_000);

afterAll(async () => fuzz?.stop());

const promise = 'never answers 5xx, refuses with a catalogued error, keeps and forwards nothing it refused, holds no card number and stays up';

/** A reissue aimed at DECLINED_LINK gets a link VCC has just declined, so that it can succeed. */
async function withDeclinedLink(path: string, made: (...tokens: string[]) => void): Promise<string> {
  if (!path.includes(DECLINED_LINK)) return path;
  const link = await declinedLink(fuzz, (opened) => made(opened.id, opened.sessionGuid));
  return path.replace(DECLINED_LINK, link.id);
}

describe('fuzzing payment links', () => {
  it(
    `POST /v1/payment-links ${promise}`,
    async () => {
      await fuzzRoute(fuzz, { route: 'POST /v1/payment-links', requests: createLinkRequests(), client: 'crm' }, made.tokens);
    },
    testTimeoutMs(fuzzSettings()),
  );

  it(
    `GET /v1/payment-links/{id} ${promise}`,
    async () => {
      await fuzzRoute(fuzz, { route: 'GET /v1/payment-links/{id}', requests: getLinkRequests(made.fixtures), client: 'crm' }, made.tokens);
    },
    testTimeoutMs(fuzzSettings()),
  );

  it(
    `POST /v1/payment-links/{id}/reissue ${promise}`,
    async () => {
      await fuzzRoute(
        fuzz,
        { route: 'POST /v1/payment-links/{id}/reissue', requests: reissueRequests(made.fixtures), client: 'crm', prepare: withDeclinedLink },
        made.tokens,
      );
    },
    testTimeoutMs(fuzzSettings()),
  );
});
