import { ListRulesCommand, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { type BusEvent, type LocalEventBridge, MAX_ENTRY_BYTES, startLocalEventBridge } from '../../local/eventbridge/local-eventbridge.ts';
import { eventBridgeClient, uniqueName, waitFor } from './support/local-aws.ts';

const SOURCE = 'vcc-payment-connector';

describe('local EventBridge through the AWS SDK', () => {
  let eventBridge: LocalEventBridge;
  let client: ReturnType<typeof eventBridgeClient>;

  beforeAll(async () => {
    eventBridge = await startLocalEventBridge();
    client = eventBridgeClient(eventBridge.endpoint);
  });
  afterAll(() => eventBridge.stop());
  afterEach(() => vi.restoreAllMocks());

  /** A rule on a new bus that records what it delivers, as the stack's rule matches: by source. */
  function collectingRule(source = [SOURCE]): { busName: string; delivered: BusEvent[] } {
    const busName = uniqueName('bus');
    const delivered: BusEvent[] = [];
    eventBridge.addRule({
      busName,
      source,
      target: (event) => {
        delivered.push(event);
      },
    });
    return { busName, delivered };
  }
  const entry = (busName: string, overrides: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
    EventBusName: busName,
    Source: SOURCE,
    DetailType: 'PaymentSessionCompleted',
    Detail: '{"sessionGuid":"guid-1"}',
    ...overrides,
  });
  const put = (...entries: PutEventsRequestEntry[]) => client.send(new PutEventsCommand({ Entries: entries }));

  it("delivers an event to the matching rule's target in EventBridge's envelope, with the entry's Time", async () => {
    const { busName, delivered } = collectingRule();

    const answer = await put(entry(busName, { Detail: '{"sessionGuid":"guid-1","amount":{"minor":1240}}', Time: new Date('2030-01-02T03:04:05.678Z') }));

    expect(answer.FailedEntryCount).toBe(0);
    const [event] = await waitFor('the delivery', () => (delivered.length > 0 ? delivered : undefined));
    expect(event).toEqual({
      version: '0',
      id: answer.Entries?.[0]?.EventId,
      'detail-type': 'PaymentSessionCompleted',
      source: SOURCE,
      account: '000000000000',
      time: '2030-01-02T03:04:05Z',
      region: 'eu-west-2',
      resources: [],
      detail: { sessionGuid: 'guid-1', amount: { minor: 1240 } },
    });
  });

  it('delivers nothing of another source or another bus', async () => {
    const { busName, delivered } = collectingRule();
    const other = collectingRule();

    // The matching entry goes last: once it has arrived, any wrong delivery would have too.
    await put(entry(busName, { Source: 'someone-else' }), entry(other.busName), entry(busName, { Detail: '{"last":true}' }));

    await waitFor('the matching delivery', () => (delivered.length > 0 ? true : undefined));
    await waitFor("the other bus's delivery", () => (other.delivered.length > 0 ? true : undefined));
    expect(delivered.map((event) => event.detail)).toEqual([{ last: true }]);
  });

  it("reports each bad entry in its place, with EventBridge's error code, and still accepts the good ones", async () => {
    const { busName } = collectingRule();

    const answer = await put(
      entry(busName),
      entry(busName, { Source: undefined }),
      entry(busName, { DetailType: '' }),
      entry(busName, { Detail: undefined }),
      entry(busName, { Detail: '{"not json' }),
      entry(busName, { Detail: '["an array, not an object"]' }),
      entry('no-such-bus'),
      entry(busName, { Detail: JSON.stringify({ padding: 'x'.repeat(MAX_ENTRY_BYTES) }) }),
    );

    expect(answer.FailedEntryCount).toBe(7);
    expect(answer.Entries?.map((result) => (result.EventId ? 'accepted' : result.ErrorCode))).toEqual([
      'accepted',
      'InvalidArgument',
      'InvalidArgument',
      'InvalidArgument',
      'MalformedDetail',
      'MalformedDetail',
      'ResourceNotFoundException',
      'InvalidArgument',
    ]);
    expect(answer.Entries?.[1]?.ErrorMessage).toBe('Parameter Source is not valid. Reason: Source is a required argument.');
  });

  it('logs a target that throws, without failing PutEvents or other rules', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const { busName, delivered } = collectingRule();
    eventBridge.addRule({
      busName,
      source: [SOURCE],
      target: () => {
        throw new Error('queue unavailable');
      },
    });

    const answer = await put(entry(busName));

    expect(answer.FailedEntryCount).toBe(0);
    await waitFor("the other rule's delivery", () => (delivered.length > 0 ? true : undefined));
    await waitFor('the logged failure', () => (errors.mock.calls.length > 0 ? true : undefined));
    expect(errors.mock.calls[0]?.[1]).toMatchObject({ message: 'queue unavailable' });
  });

  it('answers any other operation with UnknownOperationException', async () => {
    await expect(client.send(new ListRulesCommand({}))).rejects.toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } });
  });
});
