import { describe, expect, it, onTestFinished } from 'vitest';
import { RESULT_READINGS, readPaymentResult } from '#app/model/payment-result-reading.ts';
import { RESULT_SHAPES, type VccSimulator } from '../../local/vcc-simulator/index.ts';
import {
  accessToken,
  type CreatedSession,
  completeSession,
  createDigitalSession,
  newAgentId,
  paymentData,
  sessionStatus,
  setWebhookBehaviour,
  startSimulator,
} from './support/simulator-calls.ts';
import { simulatorWithReceiver } from './support/webhook-fixture.ts';

/** `paymentResultData` in the shape of the gateway behind each account configuration. */

const ORBITAL = 2;

async function orbitalAndCybersource(): Promise<VccSimulator> {
  const sim = await startSimulator({ accountConfigurationIds: [1, ORBITAL], resultShapes: { [ORBITAL]: 'chase-orbital' } });
  onTestFinished(() => sim.stop());
  return sim;
}

async function createSessionFor(sim: VccSimulator, accountConfigurationId?: number): Promise<CreatedSession> {
  const response = await fetch(`${sim.url}/v1/session`, {
    method: 'POST',
    headers: { authorization: `Bearer ${await accessToken(sim)}`, 'content-type': 'application/json' },
    body: JSON.stringify({ agentId: newAgentId(), paymentData, accountConfigurationId }),
  });
  expect(response.status).toBe(200);
  return (await response.json()) as CreatedSession;
}

describe('an account configuration set to chase-orbital', () => {
  it('finishes an approved payment with ApprovalStatus 1, RespCode 00, a TxRefNum, the amount in minor units and the payment data', async () => {
    const sim = await orbitalAndCybersource();
    const session = await createSessionFor(sim, ORBITAL);

    const { paymentResultData } = await completeSession(sim, session.sessionGuid, 'approve');

    expect(paymentResultData).toEqual({
      ProcStatus: '0',
      ApprovalStatus: '1',
      RespCode: '00',
      TxRefNum: expect.stringMatching(/^[0-9A-F]{40}$/),
      Amount: '1240',
      Currency: 'GBP',
      FirstName: 'John',
      Surname: 'Smith',
      MerchantReferenceCode: 'REF-1',
    });
  });

  it('finishes a declined payment with ApprovalStatus 0 and RespCode 05', async () => {
    const sim = await orbitalAndCybersource();
    const session = await createSessionFor(sim, ORBITAL);

    await completeSession(sim, session.sessionGuid, 'decline');

    expect((await sessionStatus(sim, session.sessionGuid)).paymentResultData).toMatchObject({ ApprovalStatus: '0', RespCode: '05' });
  });

  it('answers a payment link in the same shape, in its webhook too', async () => {
    const { sim, receiver } = await simulatorWithReceiver({ accountConfigurationIds: [1, ORBITAL], resultShapes: { [ORBITAL]: 'chase-orbital' } });
    const agentId = newAgentId();
    await setWebhookBehaviour(sim, { agentId, behaviour: 'before-create' });

    const link = await createDigitalSession(sim, { agentId, accountConfigurationId: ORBITAL });

    const [webhook] = receiver.webhooksFor(link.sessionGuid);
    expect(webhook?.body).toMatchObject({ sessionState: 'Finished', paymentResultData: { ApprovalStatus: '1', Amount: '1240', Currency: 'GBP' } });
    expect(webhook?.body.paymentResultData).not.toHaveProperty('decision');
  });
});

describe('the other account configurations', () => {
  it.each([
    ['one with no shape set', 1],
    ['a session that names no accountConfigurationId', undefined],
  ])('%s answer CyberSource-style, as by default', async (_, accountConfigurationId) => {
    const sim = await orbitalAndCybersource();
    const session = await createSessionFor(sim, accountConfigurationId);

    const { paymentResultData } = await completeSession(sim, session.sessionGuid, 'approve');

    expect(paymentResultData).toMatchObject({ decision: 'ACCEPT', reasonCode: '100', transactionType: 'sale', Amount: '1240' });
    expect(paymentResultData).not.toHaveProperty('ApprovalStatus');
  });
});

describe('the connector reads each shape with the reading of the same name', () => {
  it.each(RESULT_SHAPES)('%s: approve reads as approved and decline as declined, with reference, amount and currency', async (shape) => {
    const sim = await startSimulator({ accountConfigurationIds: [7], resultShapes: { 7: shape } });
    onTestFinished(() => sim.stop());
    const reading = RESULT_READINGS[shape];

    const finish = async (outcome: 'approve' | 'decline') =>
      (await completeSession(sim, (await createSessionFor(sim, 7)).sessionGuid, outcome)).paymentResultData!;
    const [approved, declined] = [await finish('approve'), await finish('decline')];

    expect(readPaymentResult(approved, reading)).toMatchObject({
      verdict: 'approved',
      amountMinor: '1240',
      currency: 'GBP',
      gatewayReference: approved[reading.gatewayReferenceField],
    });
    expect(approved[reading.gatewayReferenceField]).toMatch(/^[0-9A-F]{22,40}$/);
    expect(readPaymentResult(declined, reading).verdict).toBe('declined');
  });
});

describe('resultShapes is checked at start', () => {
  it('refuses a shape for an account configuration that is not provisioned', async () => {
    await expect(startSimulator({ accountConfigurationIds: [1], resultShapes: { 3: 'chase-orbital' } })).rejects.toThrow(
      'resultShapes names accountConfigurationId 3, which is not in accountConfigurationIds',
    );
  });

  it('refuses a shape it cannot build', async () => {
    await expect(startSimulator({ accountConfigurationIds: [1], resultShapes: { 1: 'adyen' as never } })).rejects.toThrow(
      'resultShapes[1] must be one of cybersource, chase-orbital, got adyen',
    );
  });
});
