import type { OutcomeEvent } from '../model/outcome-event.ts';

/** Where outcome events go on their way to the CRM: the environment's event bus. */
export interface OutcomePublisher {
  publish(event: OutcomeEvent): Promise<void>;
}
