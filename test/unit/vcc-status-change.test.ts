import { describe, expect, it } from 'vitest';
import { fieldsRead, RESULT_READINGS } from '#app/model/payment-result-reading.ts';
import { vccEventFrom } from '#app/vcc/vcc-event.ts';
import { statusChangeFrom as changeFrom } from '#app/vcc/vcc-status-change.ts';

const receivedAt = '2026-11-21T10:00:00.000Z';
const status = (sessionState: string, paymentResultData: Record<string, unknown> | null = null): Record<string, unknown> => ({
  sessionGuid: 's-1',
  sessionState,
  lastUpdatedOn: '2026-11-21T09:59:00',
  paymentResultData,
});
const readings = Object.values(RESULT_READINGS);
/** A status report as the connector keeps it, read the CyberSource way unless a reading is named. */
const statusChangeFrom = (body: Record<string, unknown>, at: string, reading: keyof typeof RESULT_READINGS = 'cybersource') =>
  changeFrom(vccEventFrom(body, 'webhook', at, fieldsRead(readings)), RESULT_READINGS[reading]);

describe('what a VCC status means for a session', () => {
  it('Finished with ACCEPT is approved, with the amount in major units', () => {
    const change = statusChangeFrom(
      status('Finished', {
        decision: 'ACCEPT',
        reasonCode: '100',
        Amount: '1240',
        Currency: 'GBP',
        transactionType: 'sale',
        requestID: '123',
        FirstName: 'John',
      }),
      receivedAt,
    );
    expect(change.state).toBe('approved');
    expect(change.outcome).toEqual({
      decision: 'ACCEPT',
      reasonCode: '100',
      amountMinor: '1240',
      amount: '12.40',
      currency: 'GBP',
      transactionType: 'sale',
      gatewayReference: '123',
    });
  });

  it('Finished with a decline the reading lists is declined', () => {
    expect(statusChangeFrom(status('Finished', { decision: 'REJECT', reasonCode: '203' }), receivedAt).state).toBe('declined');
  });

  it("Finished with a result the flow's reading cannot read is finished with what it said, never guessed declined", () => {
    const orbitalApproval = { ApprovalStatus: '1', RespCode: '00', TxRefNum: 'ABC123', Amount: 1240, Currency: 'GBP' };
    const readTheWrongWay = statusChangeFrom(status('Finished', orbitalApproval), receivedAt, 'cybersource');
    expect([readTheWrongWay.state, readTheWrongWay.outcome?.decision]).toEqual(['finished', null]);
    const readRight = statusChangeFrom(status('Finished', orbitalApproval), receivedAt, 'chase-orbital');
    expect(readRight.state).toBe('approved');
    expect(readRight.outcome).toMatchObject({ decision: '1', reasonCode: '00', gatewayReference: 'ABC123', amount: '12.40' });
    expect(statusChangeFrom(status('Finished', { decision: 'REVIEW' }), receivedAt).state).toBe('finished');
  });

  it('keeps a gateway reference sent as a long JSON number digit for digit', () => {
    const change = changeFrom(
      vccEventFrom({ ...status('Finished', { decision: 'ACCEPT', requestID: '7000000000000000000001' }) }, 'webhook', receivedAt, fieldsRead(readings)),
      RESULT_READINGS.cybersource,
    );
    expect(change.outcome?.gatewayReference).toBe('7000000000000000000001');
  });

  it('Finished after VCC purged the result is finished, outcome unknown', () => {
    const change = statusChangeFrom(status('Finished'), receivedAt);
    expect([change.state, change.outcome]).toEqual(['finished', null]);
  });

  it.each([
    ['TimeOut', 'timed_out'],
    ['Error', 'error'],
    ['ExpiredOnProviderSide', 'expired'],
  ])('%s is terminal: %s', (vccState, state) => {
    expect(statusChangeFrom(status(vccState), receivedAt).state).toBe(state);
  });

  it('an undocumented state is kept as received and stays pending', () => {
    const change = statusChangeFrom(status('AwaitingCustomerInput'), receivedAt);
    expect([change.state, change.vccSessionState]).toEqual(['pending', 'AwaitingCustomerInput']);
  });

  it("reads VCC's zone-less UTC timestamps as UTC, and never puts our clock in their place", () => {
    expect(statusChangeFrom(status('Created'), receivedAt).vccLastUpdatedOn).toBe('2026-11-21T09:59:00.000Z');
    expect(statusChangeFrom({ ...status('Created'), lastUpdatedOn: null }, receivedAt).vccLastUpdatedOn).toBeNull();
    expect(statusChangeFrom({ ...status('Created'), lastUpdatedOn: 'yesterday' }, receivedAt).vccLastUpdatedOn).toBeNull();
  });
});
