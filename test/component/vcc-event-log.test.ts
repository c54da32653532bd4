import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VccEventLog } from '#app/ports/vcc-event-log.ts';
import { vccEventFrom } from '#app/vcc/vcc-event.ts';
import { startEmbeddedStore } from '../support/embedded-store.ts';

let eventLog: VccEventLog;
let stop: () => Promise<void>;
beforeAll(async () => ({ eventLog, stop } = await startEmbeddedStore()));
afterAll(() => stop());

const report = (sessionGuid: string, sessionState: string, lastUpdatedOn: string) =>
  vccEventFrom({ sessionGuid, sessionState, lastUpdatedOn }, 'webhook', new Date().toISOString(), []);
const record = (log: VccEventLog, event: ReturnType<typeof report>) => log.record(event, JSON.stringify(event), null);

describe('the history of a VCC session', () => {
  it('records each distinct status report once, in order of arrival', async () => {
    const guid = randomUUID();
    const first = await record(eventLog, report(guid, 'InProgress', '2026-11-21T10:00:00Z'));
    const again = await record(eventLog, report(guid, 'InProgress', '2026-11-21T10:00:00Z'));
    const second = await record(eventLog, report(guid, 'Finished', '2026-11-21T10:01:00Z'));
    expect([first.isNew, again.isNew, second.isNew]).toEqual([true, false, true]);
    expect((await eventLog.eventsOf(guid)).map((e) => e.sessionState)).toEqual(['InProgress', 'Finished']);
  });

  it('keeps the status reports of a VCC session no payment is joined to, and hands them over on joining', async () => {
    const guid = randomUUID();
    const sessionId = randomUUID();
    expect(await record(eventLog, report(guid, 'Finished', '2026-11-21T10:01:00Z'))).toEqual({ isNew: true, sessionId: null });
    const earlier = await eventLog.join(guid, sessionId, new Date().toISOString());
    expect(earlier.map((e) => e.sessionState)).toEqual(['Finished']);
    expect(await record(eventLog, report(guid, 'Finished', '2026-11-21T10:02:00Z'))).toEqual({ isNew: true, sessionId });
  });

  it('tells a duplicate which payment it belongs to', async () => {
    const guid = randomUUID();
    const sessionId = randomUUID();
    await eventLog.join(guid, sessionId, new Date().toISOString());
    await record(eventLog, report(guid, 'Finished', '2026-11-21T10:01:00Z'));
    expect(await record(eventLog, report(guid, 'Finished', '2026-11-21T10:01:00Z'))).toEqual({ isNew: false, sessionId });
  });

  it('never moves a VCC session to another payment', async () => {
    const guid = randomUUID();
    await eventLog.join(guid, 'ours-1', new Date().toISOString());
    await expect(eventLog.join(guid, 'ours-2', new Date().toISOString())).rejects.toThrow();
    await expect(eventLog.join(guid, 'ours-1', new Date().toISOString())).resolves.toEqual([]);
  });

  it('records concurrent identical deliveries once', async () => {
    const guid = randomUUID();
    const results = await Promise.all(Array.from({ length: 5 }, () => record(eventLog, report(guid, 'Finished', '2026-11-21T10:01:00Z'))));
    expect(results.filter((r) => r.isNew)).toHaveLength(1);
    expect(await eventLog.eventsOf(guid)).toHaveLength(1);
  });
});
