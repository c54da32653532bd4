import { type EventBridgeClient, PutEventsCommand } from '@aws-sdk/client-eventbridge';
import { OUTCOME_EVENTS } from '../contract/api-contract.ts';
import type { OutcomePublisher } from '../ports/outcome-publisher.ts';

/** Puts outcome events on the environment's EventBridge bus; a rejected entry is an error. */
export function eventBridgeOutcomePublisher(client: EventBridgeClient, eventBusName: string): OutcomePublisher {
  return {
    async publish(event) {
      const { FailedEntryCount = 0, Entries = [] } = await client.send(
        new PutEventsCommand({
          Entries: [
            {
              EventBusName: eventBusName,
              Source: OUTCOME_EVENTS.source,
              DetailType: event.type,
              Time: new Date(event.timestamp),
              Detail: JSON.stringify(event),
            },
          ],
        }),
      );
      if (FailedEntryCount > 0) {
        const [entry] = Entries;
        throw new Error(`EventBridge refused outcome event ${event.id}: ${entry?.ErrorCode ?? 'unknown'} ${entry?.ErrorMessage ?? ''}`.trim());
      }
    },
  };
}
