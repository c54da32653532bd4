import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/local-stack.ts';
import { closeContexts, launchChromium, screenshotsFor } from './support/browser.ts';
import { openDemoCrm, textOf } from './support/demo-crm.ts';

const screenshot = screenshotsFor(import.meta.url);

describe('an agent-assist payment in the demo CRM page, in Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startLocalStack({ logLevel: 'SILENT', reconcileEveryMs: 0 }), launchChromium()]);
  });
  afterAll(async () => {
    await closeContexts(browser);
    await stack?.stop();
  });

  it('takes a payment to approval by pressing Approve in the provider form, and keeps the agent tokens nowhere', async () => {
    const crm = await openDemoCrm(browser, stack, 'case-approve');
    await screenshot(crm.page, 'record-page');
    const opened = crm.page.waitForResponse((response) => response.url().endsWith('/v1/payment-sessions') && response.request().method() === 'POST');
    await crm.widget.getByRole('button', { name: 'Take payment' }).click();
    const { agentAccessToken, agentRefreshToken, id } = (await (await opened).json()) as Record<string, string>;
    await crm.paymentForm.getByRole('button', { name: 'Approve' }).waitFor();
    await screenshot(crm.page, 'form-open');

    // The tokens went in the form POST's body: not in the page, a URL, an event or the console.
    const shadow = (await crm.page.evaluate('document.querySelector("vcc-payment").shadowRoot.innerHTML')) as string;
    const seen = [await crm.page.content(), shadow, ...crm.page.frames().map((frame) => frame.url()), ...crm.consoleLines].join('\n');
    expect(agentAccessToken).toBeTruthy();
    expect(seen).not.toContain(agentAccessToken);
    expect(seen).not.toContain(agentRefreshToken);
    expect(crm.page.frames().map((frame) => frame.url())).toContainEqual(expect.stringMatching(/\/view\/[^/]+\/framed$/));

    await crm.paymentForm.getByRole('button', { name: 'Approve' }).click();
    await crm.waitForState('Approved');
    await screenshot(crm.page, 'approved');

    const payment = crm.widget.locator('.payment');
    expect(await textOf(payment)).toContain('Amount GBP 12.40');
    expect(await payment.locator('dt:text-is("Reason code") + dd').textContent()).toBe('100');
    expect(await textOf(crm.widget.getByRole('status'))).toBe('Approved: GBP 12.40. Payment approved. Reason code 100.');
    expect(await crm.widget.locator('iframe').isHidden()).toBe(true);
    const events = await crm.events();
    expect(events.map((event) => [event.name, event.detail.id, event.detail.state])).toEqual([['payment-completed', id, 'approved']]);
    expect(JSON.stringify(events)).not.toContain(agentAccessToken);
    await crm.widget.locator('tbody tr', { hasText: 'Approved' }).waitFor();
    await crm.context.close();
  });

  it('shows a declined payment with its reason code, and offers a new session', async () => {
    const crm = await openDemoCrm(browser, stack, 'case-decline');
    await crm.widget.getByRole('button', { name: 'Take payment' }).click();
    await crm.paymentForm.getByRole('button', { name: 'Decline' }).click();
    await crm.waitForState('Declined');
    await screenshot(crm.page, 'declined');

    expect(await crm.widget.locator('.payment dt:text-is("Reason code") + dd').textContent()).toBe('203');
    expect(await textOf(crm.widget.locator('.payment'))).toContain('The payment was declined. Start a new session to try again.');
    expect(await crm.widget.getByRole('button', { name: 'Start a new session' }).isVisible()).toBe(true);
    expect((await crm.events()).map((event) => [event.name, event.detail.state])).toEqual([['payment-failed', 'declined']]);
    await crm.context.close();
  });
});
