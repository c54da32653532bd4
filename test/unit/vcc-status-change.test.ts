import { describe, expect, it } from 'vitest';
import { statusChangeFrom } from '#shared/payment-sessions/vcc-status-change.ts';

const receivedAt = '2026-11-21T10:00:00.000Z';
const status = (sessionState: string, paymentResultData: Record<string, unknown> | null = null) => ({
  sessionGuid: 's-1', sessionState, lastUpdatedOn: '2026-11-21T09:59:00', paymentResultData,
});

describe('what a VCC status means for a session', () => {
  it('Finished with ACCEPT is approved, with the amount in major units', () => {
    const change = statusChangeFrom(status('Finished', { decision: 'ACCEPT', reasonCode: '100', Amount: '1240', Currency: 'GBP', transactionType: 'sale', requestID: '123', FirstName: 'John' }), receivedAt);
    expect(change.state).toBe('approved');
    expect(change.outcome).toEqual({ decision: 'ACCEPT', reasonCode: '100', amountMinor: '1240', amount: '12.40', currency: 'GBP', transactionType: 'sale', gatewayReference: '123' });
  });

  it('Finished with any other decision is declined', () => {
    expect(statusChangeFrom(status('Finished', { decision: 'REJECT', reasonCode: '203' }), receivedAt).state).toBe('declined');
  });

  it('Finished after VCC purged the result is finished, outcome unknown', () => {
    const change = statusChangeFrom(status('Finished'), receivedAt);
    expect([change.state, change.outcome]).toEqual(['finished', null]);
  });

  it.each([['TimeOut', 'timed_out'], ['Error', 'error'], ['ExpiredOnProviderSide', 'expired']])('%s is terminal: %s', (vccState, state) => {
    expect(statusChangeFrom(status(vccState), receivedAt).state).toBe(state);
  });

  it('an undocumented state is kept as received and stays pending', () => {
    const change = statusChangeFrom(status('AwaitingCustomerInput'), receivedAt);
    expect([change.state, change.vccSessionState]).toEqual(['pending', 'AwaitingCustomerInput']);
  });

  it('reads VCC\'s zone-less UTC timestamps as UTC, and never puts our clock in their place', () => {
    expect(statusChangeFrom(status('Created'), receivedAt).vccLastUpdatedOn).toBe('2026-11-21T09:59:00.000Z');
    expect(statusChangeFrom({ ...status('Created'), lastUpdatedOn: null }, receivedAt).vccLastUpdatedOn).toBeNull();
    expect(statusChangeFrom({ ...status('Created'), lastUpdatedOn: 'yesterday' }, receivedAt).vccLastUpdatedOn).toBeNull();
  });
});
