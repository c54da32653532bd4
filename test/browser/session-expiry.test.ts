import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/local-stack.ts';
import { closeContexts, launchChromium, screenshotsFor } from './support/browser.ts';
import { openDemoCrm, textOf } from './support/demo-crm.ts';

const screenshot = screenshotsFor(import.meta.url);
/** VCC's 5 minutes, compressed: the simulator times the session out and says so by webhook. */
const SESSION_TIMEOUT_SECONDS = 4;

describe('an agent-assist session that runs out of time, in Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([
      startLocalStack({ logLevel: 'SILENT', reconcileEveryMs: 0, vccSessionTimeoutSeconds: SESSION_TIMEOUT_SECONDS }),
      launchChromium(),
    ]);
  });
  afterAll(async () => {
    await closeContexts(browser);
    await stack?.stop();
  });

  it('shows the session timed out, and restarts it in one click with the same amount', async () => {
    const crm = await openDemoCrm(browser, stack, 'case-expiry');
    await crm.widget.getByRole('button', { name: 'Take payment' }).click();
    await crm.paymentForm.getByRole('button', { name: 'Approve' }).waitFor();
    await screenshot(crm.page, 'form-open');

    await crm.waitForState('Timed out');
    await screenshot(crm.page, 'timed-out');
    expect(await textOf(crm.widget.locator('.payment'))).toContain('The session timed out: nobody completed the payment form in time. Start a new session.');
    expect(await crm.widget.locator('iframe').isHidden()).toBe(true);
    const [expired] = await crm.events();
    expect(expired).toMatchObject({ name: 'session-expired', detail: { kind: 'agent-assist', state: 'timed_out', amount: '12.40' } });

    await crm.widget.getByRole('button', { name: 'Start a new session' }).click();
    await crm.paymentForm.getByRole('button', { name: 'Approve' }).click();
    await crm.waitForState('Approved');
    await screenshot(crm.page, 'new-session-approved');

    const events = await crm.events();
    expect(events.map((event) => event.name)).toEqual(['session-expired', 'payment-completed']);
    expect(events[1]!.detail).toMatchObject({ state: 'approved', amount: '12.40', currencyCode: 'GBP', merchantReference: 'INV-1001' });
    expect(events[1]!.detail.id).not.toBe(expired!.detail.id);
    await crm.widget.locator('tbody tr', { hasText: 'Timed out' }).waitFor();
    expect(await crm.widget.locator('tbody tr').count()).toBe(2);
    await crm.context.close();
  });
});
