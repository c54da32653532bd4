import { randomUUID } from 'node:crypto';
import type { ClientName, FuzzStack, HttpAnswer } from './fuzz-stack.ts';
import type { Fixtures } from './route-inputs.ts';

/**
 * Real sessions and links for the fuzzer to aim at, made through the API the way a CRM would,
 * and finished at the VCC simulator the way a customer would. Everything made here is legitimate:
 * its ids are handed to the run as accepted tokens.
 */

interface Made {
  id: string;
  kind: 'agent-assist' | 'payment-link';
  sessionGuid: string;
  state: string;
}

/**
 * One call as a CRM makes it. A create carries an idempotency key, so an attempt that got no answer
 * or a 5xx is sent again with the same key, as a CRM would: on a loaded machine a fixture must not
 * fail the run, nor leave a half-made payment that no accepted answer names.
 */
async function call(fuzz: FuzzStack, client: ClientName, method: 'GET' | 'POST', path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const headers = {
    authorization: `Bearer ${await fuzz.token(client)}`,
    ...(body === undefined ? {} : { 'content-type': 'application/json', 'idempotency-key': randomUUID() }),
  };
  for (let attempt = 1; ; attempt += 1) {
    const last = attempt === 3;
    let answer: HttpAnswer;
    try {
      answer = await fuzz.send({ method, path, headers, ...(body === undefined ? {} : { body: Buffer.from(JSON.stringify(body)) }), timeoutMs: 20_000 });
    } catch (error) {
      if (last) throw error;
      continue;
    }
    if (answer.status >= 500 && !last) continue;
    return { status: answer.status, body: answer.text ? JSON.parse(answer.text) : undefined };
  }
}

const paymentData = { Amount: '12.40', Currency: 'GBP', MerchantReferenceCode: 'INV-FIXTURE', FirstName: 'John' };

export async function openSession(fuzz: FuzzStack, crmReference?: string): Promise<Made> {
  const { status, body } = await call(fuzz, 'crm', 'POST', '/v1/payment-sessions', {
    agentId: 'agent-fixture',
    skipCallTransfer: true,
    paymentData,
    ...(crmReference ? { crmReference } : {}),
  });
  if (status !== 201) throw new Error(`fixture session not opened: ${status} ${JSON.stringify(body)}`);
  return body as Made;
}

export async function openLink(fuzz: FuzzStack, crmReference?: string): Promise<Made> {
  const { status, body } = await call(fuzz, 'crm', 'POST', '/v1/payment-links', {
    agentId: 'agent-fixture',
    paymentData: { ...paymentData, CustomerPhoneNumber: '+447700900123' },
    ...(crmReference ? { crmReference } : {}),
  });
  if (status !== 201) throw new Error(`fixture link not opened: ${status} ${JSON.stringify(body)}`);
  return body as Made;
}

/** Ends a session at VCC and waits until the connector knows (by VCC's webhook or by asking VCC). */
export async function finishAtVcc(fuzz: FuzzStack, made: Made, outcome: 'approve' | 'decline' | 'abandon'): Promise<Made> {
  const response = await fetch(`${fuzz.stack.vccUrl}/_simulator/sessions/${made.sessionGuid}/complete`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ outcome }),
  });
  if (response.status !== 200) throw new Error(`fixture not finished at VCC: ${response.status} ${await response.text()}`);
  const path = `/v1/${made.kind === 'payment-link' ? 'payment-links' : 'payment-sessions'}/${made.id}`;
  // A bound on a hang, not a latency check: on a loaded machine VCC's webhook can miss its 5 s
  // timeout and come again on VCC's retry schedule (DEFAULT_WEBHOOK_RETRY_DELAYS_MS).
  const deadline = Date.now() + 30_000;
  for (;;) {
    const { body } = await call(fuzz, 'crm', 'GET', path);
    if (body?.state && body.state !== 'pending') return body as Made;
    if (Date.now() > deadline) throw new Error(`fixture ${made.id} never left pending: ${JSON.stringify(body).slice(0, 300)}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/**
 * A link VCC declined: reissuable, so a reissue of it can be answered 201. `opened` hears of the
 * link as soon as it exists, before VCC's decline arrives (or fails to).
 */
export async function declinedLink(fuzz: FuzzStack, opened: (link: Made) => void = () => undefined): Promise<Made> {
  const link = await openLink(fuzz);
  opened(link);
  return finishAtVcc(fuzz, link, 'decline');
}

export interface MadeFixtures {
  fixtures: Fixtures;
  /** Every id the fixtures hold: what the run may find written about them. */
  tokens: string[];
}

/**
 * Sessions and links in the states that matter (pending, approved, declined, reissued), and
 * `payments` sessions under one crmReference, so listings have pages and cursors.
 */
export async function makeFixtures(fuzz: FuzzStack, { payments = 0 } = {}): Promise<MadeFixtures> {
  const sessions = [await openSession(fuzz), await openSession(fuzz, 'fuzz-case-one')];
  sessions.push(await finishAtVcc(fuzz, await openSession(fuzz), 'approve'), await finishAtVcc(fuzz, await openSession(fuzz), 'decline'));
  const links = [await openLink(fuzz), await openLink(fuzz, 'fuzz-case-one')];
  links.push(await finishAtVcc(fuzz, await openLink(fuzz), 'approve'), await declinedLink(fuzz));
  const reissued = await declinedLink(fuzz);
  const replacement = await call(fuzz, 'crm', 'POST', `/v1/payment-links/${reissued.id}/reissue`, { paymentData: { CustomerPhoneNumber: '+447700900999' } });
  if (replacement.status !== 201) throw new Error(`fixture reissue failed: ${replacement.status} ${JSON.stringify(replacement.body)}`);
  links.push(reissued, replacement.body as Made);

  const many = 'fuzz-case-many';
  for (let i = 0; i < payments; i += 1) sessions.push(await (i % 3 === 0 ? openLink(fuzz, many) : openSession(fuzz, many)));
  const cursors: Fixtures['cursors'] = [];
  for (const [reference, limit] of [
    [many, 5],
    [many, 1],
    ['fuzz-case-one', 1],
  ] as const) {
    const page = await call(fuzz, 'crmReadOnly', 'GET', `/v1/payments?crmReference=${reference}&pageSize=${limit}`);
    if (page.body?.nextCursor) cursors.push({ crmReference: reference, cursor: page.body.nextCursor as string });
  }
  const all = [...sessions, ...links];
  return {
    fixtures: {
      sessionIds: sessions.map((s) => s.id),
      linkIds: links.map((l) => l.id),
      sessionGuids: all.map((s) => s.sessionGuid),
      reissuableLinkIds: [links[3]!.id],
      crmReferences: [many, 'fuzz-case-one', 'fuzz-case-none'],
      cursors,
    },
    tokens: all.flatMap((s) => [s.id, s.sessionGuid]),
  };
}
