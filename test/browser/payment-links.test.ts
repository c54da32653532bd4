import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/local-stack.ts';
import { closeContexts, launchChromium, screenshotsFor } from './support/browser.ts';
import { openDemoCrm, textOf } from './support/demo-crm.ts';

const screenshot = screenshotsFor(import.meta.url);
/** Just past a link's 72 hours on the simulator's link clock. */
const PAST_LINK_LIFETIME_SECONDS = 72 * 3600 + 60;

describe('payment links in the demo CRM page, in Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startLocalStack({ logLevel: 'SILENT', reconcileEveryMs: 0 }), launchChromium()]);
  });
  afterAll(async () => {
    await closeContexts(browser);
    await stack?.stop();
  });

  it('sends a link that the customer pays in another browser, and shows it approved without a reload', async () => {
    const crm = await openDemoCrm(browser, stack, 'case-link-paid');
    await crm.page.evaluate('window.loadedOnce = true');
    await crm.widget.getByRole('button', { name: 'Send payment link' }).click();
    await crm.waitForState('Waiting');
    const link = await crm.widget.getByLabel('Payment link', { exact: true }).inputValue();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/pay\/[0-9a-f-]+$/);
    expect(await textOf(crm.widget.locator('.payment'))).toMatch(/Link sent\. Waiting for the customer to pay\..*Payable until/);

    await crm.widget.getByRole('button', { name: 'Copy link' }).click();
    await crm.widget.getByRole('status').filter({ hasText: 'Link copied.' }).waitFor();
    expect(await crm.page.evaluate('navigator.clipboard.readText()')).toBe(link);
    await screenshot(crm.page, 'link-sent');

    // The customer, on their own phone: another browser profile.
    const customer = await browser.newContext({ viewport: { width: 400, height: 700 } });
    const customerPage = await customer.newPage();
    await customerPage.goto(link);
    await screenshot(customerPage, 'customer-link-page');
    await customerPage.getByRole('button', { name: 'Pay' }).click();
    await customerPage.getByRole('heading', { name: 'Payment approved' }).waitFor();
    await screenshot(customerPage, 'customer-paid');

    await crm.waitForState('Approved');
    await screenshot(crm.page, 'link-approved');
    expect(await crm.page.evaluate('window.loadedOnce')).toBe(true);
    const events = await crm.events();
    expect(events.map((event) => [event.name, event.detail.kind, event.detail.state])).toEqual([
      ['link-created', 'payment-link', 'pending'],
      ['payment-completed', 'payment-link', 'approved'],
    ]);
    await crm.widget.locator('tbody tr', { hasText: 'Approved' }).waitFor();
    await customer.close();
    await crm.context.close();
  });

  it("shows a link expired on the link clock, and reissues it to the customer's mobile", async () => {
    const crm = await openDemoCrm(browser, stack, 'case-link-expired');
    await crm.widget.getByRole('button', { name: 'Send payment link' }).click();
    await crm.waitForState('Waiting');
    const firstLink = await crm.widget.getByLabel('Payment link', { exact: true }).inputValue();

    const clock = await fetch(`${stack.vccUrl}/_simulator/link-clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ advanceSeconds: PAST_LINK_LIFETIME_SECONDS }),
    });
    expect(clock.status).toBe(200);
    await crm.waitForState('Expired');
    await screenshot(crm.page, 'link-expired');
    expect(await textOf(crm.widget.locator('.payment'))).toContain('The link expired unpaid. You can reissue it.');

    await crm.widget.getByLabel("Customer's mobile (for a payment link)").fill('+447700900456');
    await crm.widget.getByRole('button', { name: 'Reissue link' }).click();
    await crm.waitForState('Waiting');
    await screenshot(crm.page, 'link-reissued');
    const secondLink = await crm.widget.getByLabel('Payment link', { exact: true }).inputValue();
    expect(secondLink).not.toBe(firstLink);

    const events = await crm.events();
    expect(events.map((event) => [event.name, event.detail.state])).toEqual([
      ['link-created', 'pending'],
      ['link-expired', 'expired'],
      ['link-created', 'pending'],
    ]);
    expect(events[2]!.detail.reissueOf).toBe(events[0]!.detail.id);
    await crm.widget.locator('tbody tr', { hasText: 'Expired' }).waitFor();
    await crm.context.close();
  });
});
