import { describe, expect, it } from 'vitest';
import { completeSession, createSession, deliveriesOf, eventually, pause, putWebhookTarget, startSimulator } from './support/simulator-calls.ts';
import { simulatorWithReceiver } from './support/webhook-fixture.ts';
import { RECEIVER_CLIENT } from './support/webhook-receiver.ts';

/** Where webhooks go: set at start, by `configureWebhook`, or over the control API. */

describe('VCC simulator webhook target', () => {
  it('sends nothing while no target is configured, and sends from configureWebhook on', async () => {
    const { sim, receiver } = await simulatorWithReceiver();
    sim.configureWebhook(null);
    const before = await createSession(sim);
    await completeSession(sim, before.sessionGuid, 'approve');
    await pause(100);

    sim.configureWebhook(receiver.target);
    const after = await createSession(sim);
    await completeSession(sim, after.sessionGuid, 'approve');

    await eventually(() => expect(receiver.webhooksFor(after.sessionGuid)).toHaveLength(1));
    expect(receiver.webhooksFor(before.sessionGuid)).toEqual([]);
    expect(await deliveriesOf(sim, before.sessionGuid)).toEqual([]);
  });

  it('sets the target with PUT /_simulator/webhook and shows it with GET, without the secret', async () => {
    const { sim, receiver } = await simulatorWithReceiver({ webhook: undefined });
    const target = { ...receiver.target, scope: 'webhooks' };

    const put = await putWebhookTarget(sim, target);
    const shown = await fetch(`${sim.url}/_simulator/webhook`);

    expect(put.status).toBe(204);
    expect(await shown.json()).toEqual({ url: target.url, tokenUrl: target.tokenUrl, clientId: RECEIVER_CLIENT.clientId, scope: 'webhooks' });
  });

  it('turns webhooks off with PUT null', async () => {
    const { sim, receiver } = await simulatorWithReceiver();

    expect((await putWebhookTarget(sim, null)).status).toBe(204);
    const session = await createSession(sim);
    await completeSession(sim, session.sessionGuid, 'approve');
    await pause(100);

    expect(await (await fetch(`${sim.url}/_simulator/webhook`)).json()).toBeNull();
    expect(receiver.received).toEqual([]);
  });

  it.each([
    ['a relative url', { url: '/webhook' }, 'url', 'url must be an absolute http(s) URL'],
    ['no tokenUrl', { tokenUrl: undefined }, 'tokenUrl', 'tokenUrl must be an absolute http(s) URL'],
    ['an empty secret', { clientSecret: '' }, 'clientSecret', 'clientSecret must not be empty'],
  ])('refuses a target with %s: 400 naming the field', async (_case, change, path, message) => {
    const { sim, receiver } = await simulatorWithReceiver();

    const response = await putWebhookTarget(sim, { ...receiver.target, ...change });

    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: 'The request is invalid.', errors: [{ path, message }] });
  });

  it('refuses an invalid target in configureWebhook and in the webhook option', async () => {
    const { sim, receiver } = await simulatorWithReceiver();

    expect(() => sim.configureWebhook({ ...receiver.target, url: 'not a url' })).toThrow(/url must be an absolute http\(s\) URL/);
    await expect(startSimulator({ webhook: { ...receiver.target, clientId: '' } })).rejects.toThrow(/clientId must not be empty/);
  });
});
