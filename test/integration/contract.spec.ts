import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Ajv } from 'ajv';
import { describe, expect, it } from 'vitest';
import {
  type ApiAnswer,
  createLink,
  createSession,
  getLink,
  getSession,
  linkRequest,
  listPayments,
  paymentRequest,
  reissueLink,
  sendWebhook,
  uniqueAgentId,
} from './support/connector-api.ts';

/**
 * The published contract (docs/openapi.json) against the running API: each operation is called
 * over HTTP on the local stack, with a request that succeeds and with ones that are refused,
 * and every answer must be one the contract describes for that status, errors included.
 */
const contract = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
// OpenAPI 3.0's schema dialect: `nullable` is a keyword, and the document's other keys are not schemas.
const ajv = new Ajv({ strict: false, allErrors: true });
ajv.addSchema(contract, 'contract');

function expectDescribedBy(operationId: string, answer: ApiAnswer) {
  const operation = Object.values(contract.paths as Record<string, Record<string, { operationId: string; responses: Record<string, any> }>>)
    .flatMap((methods) => Object.values(methods))
    .find((candidate) => candidate.operationId === operationId);
  expect(operation, operationId).toBeDefined();
  const response = operation!.responses[String(answer.status)];
  expect(response, `${operationId} answered ${answer.status}, which the contract does not describe`).toBeDefined();
  const ref: string = response.content['application/json'].schema.$ref;
  const validate = ajv.getSchema(`contract${ref}`)!;
  expect(validate(answer.body), `${operationId} ${answer.status}: ${ajv.errorsText(validate.errors)}`).toBe(true);
}

describe('the API as the OpenAPI contract describes it', () => {
  it('createPaymentSession: created, replayed and refused', async () => {
    const key = randomUUID();
    const body = paymentRequest(uniqueAgentId(), { crmReference: `contract-${key}` });
    expectDescribedBy('createPaymentSession', await createSession(body, { idempotencyKey: key }));
    expectDescribedBy('createPaymentSession', await createSession(body, { idempotencyKey: key }));
    expectDescribedBy('createPaymentSession', await createSession({ agentID: 'x' }));
    expectDescribedBy('createPaymentSession', await createSession(body, { token: null }));
  });

  it('getPaymentSession and getPaymentLink: found and not found', async () => {
    const session = await createSession(paymentRequest(uniqueAgentId()));
    expectDescribedBy('getPaymentSession', await getSession(session.body.id));
    expectDescribedBy('getPaymentSession', await getSession(randomUUID()));
    expectDescribedBy('getPaymentSession', await getSession('not-an-id'));
    const link = await createLink(linkRequest(uniqueAgentId()));
    expectDescribedBy('createPaymentLink', link);
    expectDescribedBy('getPaymentLink', await getLink(link.body.id));
    expectDescribedBy('getPaymentLink', await getLink(session.body.id));
  });

  it('createPaymentLink and reissuePaymentLink: refused with what to fix', async () => {
    expectDescribedBy('createPaymentLink', await createLink({ ...linkRequest(uniqueAgentId()), skipCallTransfer: true }));
    const link = await createLink(linkRequest(uniqueAgentId()));
    expectDescribedBy('reissuePaymentLink', await reissueLink(link.body.id));
    expectDescribedBy('reissuePaymentLink', await reissueLink(randomUUID()));
  });

  it('listPayments: a page, and a cursor that is not one', async () => {
    const crmReference = `contract-${randomUUID()}`;
    await createSession(paymentRequest(uniqueAgentId(), { crmReference }));
    expectDescribedBy('listPayments', await listPayments({ crmReference }));
    expectDescribedBy('listPayments', await listPayments({ crmReference, cursor: 'nope' }));
  });

  it("receiveVccWebhook: kept, and refused when it can never be VCC's", async () => {
    expectDescribedBy('receiveVccWebhook', await sendWebhook({ sessionGuid: randomUUID(), sessionState: 'InProgress', lastUpdatedOn: '2026-11-21T10:00:00Z' }));
    expectDescribedBy('receiveVccWebhook', await sendWebhook({ sessionState: 'Finished' }));
  });
});
