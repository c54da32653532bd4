import { ListRulesCommand, PutEventsCommand, type PutEventsRequestEntry } from '@aws-sdk/client-eventbridge';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLocalEventBridge, type LocalEventBridge } from '../../local/eventbridge/local-eventbridge.ts';
import { MAX_ENTRY_BYTES } from '../../local/eventbridge/put-events-entry.ts';
import { eventBridgeClient } from './support/local-aws.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const entry = (overrides: Partial<PutEventsRequestEntry> = {}): PutEventsRequestEntry => ({
  Source: 'vcc-payment-connector',
  DetailType: 'PaymentSessionCompleted',
  Detail: JSON.stringify({ sessionGuid: 'guid-1' }),
  ...overrides,
});

describe('local EventBridge PutEvents', () => {
  let eventBridge: LocalEventBridge;
  let client: ReturnType<typeof eventBridgeClient>;

  beforeAll(async () => {
    eventBridge = await startLocalEventBridge();
    eventBridge.addRule({ busName: 'payments', target: () => undefined });
    client = eventBridgeClient(eventBridge.endpoint);
  });
  afterAll(() => eventBridge.stop());

  it('accepts a valid entry, answers its EventId and keeps the event on the bus', async () => {
    const answer = await client.send(new PutEventsCommand({ Entries: [entry({ EventBusName: 'payments' })] }));

    expect(answer.FailedEntryCount).toBe(0);
    const eventId = answer.Entries?.[0]?.EventId;
    expect(eventId).toMatch(UUID);
    expect(eventBridge.eventsOn('payments').find((event) => event.id === eventId)?.detail).toEqual({ sessionGuid: 'guid-1' });
  });

  it('puts an entry without EventBusName on the default bus', async () => {
    const answer = await client.send(new PutEventsCommand({ Entries: [entry()] }));

    expect(eventBridge.eventsOn('default').map((event) => event.id)).toContain(answer.Entries?.[0]?.EventId);
  });

  it('accepts a bus named by its ARN', async () => {
    const answer = await client.send(new PutEventsCommand({ Entries: [entry({ EventBusName: 'arn:aws:events:eu-west-2:000000000000:event-bus/payments' })] }));

    expect(answer.FailedEntryCount).toBe(0);
  });

  it('reports each bad entry in its place and still accepts the good ones', async () => {
    const answer = await client.send(new PutEventsCommand({
      Entries: [
        entry(),
        entry({ Source: undefined }),
        entry({ DetailType: '' }),
        entry({ Detail: undefined }),
        entry({ Detail: '{"not json' }),
        entry({ Detail: '["an array, not an object"]' }),
        entry({ EventBusName: 'no-such-bus' }),
        entry({ Detail: JSON.stringify({ padding: 'x'.repeat(MAX_ENTRY_BYTES) }) }),
      ],
    }));

    expect(answer.FailedEntryCount).toBe(7);
    expect(answer.Entries?.map((result) => result.EventId ? 'accepted' : result.ErrorCode)).toEqual([
      'accepted', 'InvalidArgument', 'InvalidArgument', 'InvalidArgument', 'MalformedDetail', 'MalformedDetail', 'ResourceNotFoundException', 'InvalidArgument',
    ]);
    expect(answer.Entries?.[1]?.ErrorMessage).toBe('Parameter Source is not valid. Reason: Source is a required argument.');
  });

  it('rejects a request of more than 10 entries as a whole', async () => {
    const eleven = Array.from({ length: 11 }, () => entry());

    await expect(client.send(new PutEventsCommand({ Entries: eleven }))).rejects.toMatchObject({ name: 'ValidationException' });
  });

  it('answers any other operation with UnknownOperationException', async () => {
    await expect(client.send(new ListRulesCommand({}))).rejects.toMatchObject({ name: 'UnknownOperationException', $metadata: { httpStatusCode: 400 } });
  });
});
