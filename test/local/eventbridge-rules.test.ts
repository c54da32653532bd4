import { PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalEventBridge, type BusEvent, type LocalEventBridge } from '../../local/eventbridge/local-eventbridge.ts';
import { eventBridgeClient, uniqueName, waitFor } from './support/local-aws.ts';

describe('local EventBridge rules', () => {
  let eventBridge: LocalEventBridge;
  let client: ReturnType<typeof eventBridgeClient>;

  beforeAll(async () => {
    eventBridge = await startLocalEventBridge();
    client = eventBridgeClient(eventBridge.endpoint);
  });
  afterAll(() => eventBridge.stop());
  afterEach(() => vi.restoreAllMocks());

  /** A rule on a new bus that records what it delivers. */
  function collectingRule(rule: { source?: string[]; detailType?: string[] } = {}): { busName: string; delivered: BusEvent[] } {
    const busName = uniqueName('bus');
    const delivered: BusEvent[] = [];
    eventBridge.addRule({ busName, ...rule, target: (event) => { delivered.push(event); } });
    return { busName, delivered };
  }

  const put = (...entries: PutEventsRequestEntry[]) => client.send(new PutEventsCommand({ Entries: entries }));

  it('delivers a matching event to the target in EventBridge\'s envelope', async () => {
    const { busName, delivered } = collectingRule({ source: ['vcc-payment-connector'], detailType: ['PaymentSessionCompleted'] });

    const answer = await put({ EventBusName: busName, Source: 'vcc-payment-connector', DetailType: 'PaymentSessionCompleted', Detail: '{"sessionGuid":"guid-1","amount":{"minor":1240}}' });

    const [event] = await waitFor('the delivery', () => (delivered.length > 0 ? delivered : undefined));
    expect(event).toEqual({
      version: '0',
      id: answer.Entries?.[0]?.EventId,
      'detail-type': 'PaymentSessionCompleted',
      source: 'vcc-payment-connector',
      account: '000000000000',
      time: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/),
      region: 'eu-west-2',
      resources: [],
      detail: { sessionGuid: 'guid-1', amount: { minor: 1240 } },
    });
  });

  it('uses the entry\'s Time when it has one', async () => {
    const { busName, delivered } = collectingRule();

    await put({ EventBusName: busName, Source: 's', DetailType: 'd', Detail: '{}', Time: new Date('2030-01-02T03:04:05.678Z') });

    const [event] = await waitFor('the delivery', () => (delivered.length > 0 ? delivered : undefined));
    expect(event?.time).toBe('2030-01-02T03:04:05Z');
  });

  it('delivers nothing of another source, detail-type or bus', async () => {
    const { busName, delivered } = collectingRule({ source: ['wanted'], detailType: ['Wanted'] });
    const other = collectingRule();

    // The matching entry goes last: once it has arrived, any wrong delivery would have too.
    await put(
      { EventBusName: busName, Source: 'unwanted', DetailType: 'Wanted', Detail: '{}' },
      { EventBusName: busName, Source: 'wanted', DetailType: 'Unwanted', Detail: '{}' },
      { EventBusName: other.busName, Source: 'wanted', DetailType: 'Wanted', Detail: '{}' },
      { EventBusName: busName, Source: 'wanted', DetailType: 'Wanted', Detail: '{"last":true}' },
    );

    await waitFor('the matching delivery', () => (delivered.length > 0 ? true : undefined));
    await waitFor('the other bus\'s delivery', () => (other.delivered.length > 0 ? true : undefined));
    expect(delivered.map((event) => event.detail)).toEqual([{ last: true }]);
  });

  it('logs a target that throws, without failing PutEvents or other rules', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { busName, delivered } = collectingRule();
    eventBridge.addRule({ busName, target: () => { throw new Error('queue unavailable'); } });

    const answer = await put({ EventBusName: busName, Source: 's', DetailType: 'd', Detail: '{}' });

    expect(answer.FailedEntryCount).toBe(0);
    await waitFor('the other rule\'s delivery', () => (delivered.length > 0 ? true : undefined));
    await waitFor('the logged failure', () => (errors.mock.calls.length > 0 ? true : undefined));
    expect(errors.mock.calls[0]?.[1]).toMatchObject({ message: 'queue unavailable' });
  });
});
