import type { OutcomeEvent } from '#app/model/outcome-event.ts';
import type { OutcomePublisher } from '#app/ports/outcome-publisher.ts';

/** Stands in for the EventBridge bus in domain tests: keeps what was published, can be made to fail. */
export function recordingPublisher(): OutcomePublisher & { published: OutcomeEvent[]; failNext(times?: number): void } {
  const published: OutcomeEvent[] = [];
  let failures = 0;
  return {
    published,
    failNext(times = 1) {
      failures = times;
    },
    async publish(event) {
      if (failures > 0) {
        failures -= 1;
        throw new Error('EventBridge unavailable');
      }
      published.push(event);
    },
  };
}
