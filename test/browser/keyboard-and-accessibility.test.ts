import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalStack, startLocalStack } from '../../local/local-stack.ts';
import { closeContexts, launchChromium, screenshotsFor } from './support/browser.ts';
import { type DemoCrmPage, OUTCOME_TIMEOUT_MS, openDemoCrm } from './support/demo-crm.ts';

const screenshot = screenshotsFor(import.meta.url);
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface Focused {
  tag: string;
  name: string;
  outline: string;
}

/** The element with the keyboard focus, through the widget's shadow root, and whether its focus shows. */
const focused = (page: Page): Promise<Focused> =>
  page.evaluate(`(() => {
  let element = document.activeElement;
  while (element && element.shadowRoot && element.shadowRoot.activeElement) element = element.shadowRoot.activeElement;
  const style = getComputedStyle(element);
  const label = element.labels && element.labels[0] ? element.labels[0].textContent : '';
  return {
    tag: element.tagName.toLowerCase(),
    name: (label || element.getAttribute('aria-label') || element.getAttribute('title') || element.textContent || '').trim().replace(/\\s+/g, ' ').slice(0, 60),
    outline: style.outlineStyle === 'none' || style.outlineWidth === '0px' ? 'none' : style.outlineStyle + ' ' + style.outlineWidth,
  };
})()`);

/** Presses Tab (or Shift+Tab) until the focus is on `name`, checking that each stop shows its focus. */
async function tabTo(page: Page, name: string, { backwards = false, maxStops = 25 } = {}): Promise<Focused[]> {
  const stops: Focused[] = [];
  for (let stop = 0; stop < maxStops; stop += 1) {
    await page.keyboard.press(backwards ? 'Shift+Tab' : 'Tab');
    const element = await focused(page);
    stops.push(element);
    if (element.name.startsWith(name)) return stops;
  }
  throw new Error(`"${name}" was not reached with the keyboard; stops: ${stops.map((stop) => stop.name).join(' | ')}`);
}

interface AxeViolation {
  id: string;
  impact: string;
  help: string;
  targets: string[];
}

/** axe-core on the host page and the widget's shadow tree; the simulator's own pages in the iframe are not ours. */
async function seriousViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate('typeof window.axe !== "undefined"'))) await page.addScriptTag({ content: AXE_SOURCE });
  const violations = (await page.evaluate(`axe.run(document, { iframes: false, resultTypes: ['violations'] }).then((result) =>
    result.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, targets: v.nodes.map((node) => JSON.stringify(node.target)) })))`)) as AxeViolation[];
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

describe('the widget with the keyboard only, and axe-core, in Chromium', () => {
  let stack: LocalStack;
  let browser: Browser;

  beforeAll(async () => {
    [stack, browser] = await Promise.all([startLocalStack({ logLevel: 'SILENT', reconcileEveryMs: 0 }), launchChromium()]);
  });
  afterAll(async () => {
    await closeContexts(browser);
    await stack?.stop();
  });

  it('takes a payment, sends a link and copies it with the keyboard only, its focus visible at every stop', async () => {
    const crm = await openDemoCrm(browser, stack, 'case-keyboard');
    const { page } = crm;
    const stops: Focused[] = [];

    stops.push(...(await tabTo(page, 'Amount')));
    await page.keyboard.press('Control+A');
    await page.keyboard.type('20.00');
    stops.push(...(await tabTo(page, 'Take payment')));
    await page.keyboard.press('Enter');
    await crm.waitForState('Waiting');
    expect(await focused(page)).toMatchObject({ tag: 'h3', name: 'Payment by phone (agent assist)' });
    await screenshot(page, 'form-open-by-keyboard');

    // Into the provider's form in the iframe, once it shows (as an agent tabs once they see it; a
    // Tab while it still loads lands on its page, not its first button): its first button is Approve.
    await crm.paymentForm.getByRole('button', { name: 'Approve' }).waitFor();
    await page.keyboard.press('Tab');
    const form = page.frames().find((frame) => frame.url().endsWith('/framed'))!;
    await expect.poll(() => form.evaluate('document.activeElement.textContent'), { timeout: 5_000 }).toBe('Approve');
    await screenshot(page, 'approve-focused');
    await page.keyboard.press('Enter');
    await crm.waitForState('Approved');
    // The frame went away with the focus in it: the focus is on the outcome, not lost.
    await expect.poll(() => focused(page), { timeout: OUTCOME_TIMEOUT_MS }).toMatchObject({ tag: 'h3', name: 'Payment by phone (agent assist)' });
    expect((await crm.events()).map((event) => [event.name, event.detail.amount])).toEqual([['payment-completed', '20.00']]);
    await screenshot(page, 'approved-by-keyboard');

    stops.push(...(await tabTo(page, 'Send payment link', { backwards: true })));
    await page.keyboard.press('Enter');
    await crm.waitForState('Waiting');
    expect(await focused(page)).toMatchObject({ tag: 'h3', name: 'Payment link' });
    stops.push(...(await tabTo(page, 'Copy link')));
    await page.keyboard.press('Enter');
    await crm.widget.getByRole('status').filter({ hasText: 'Link copied.' }).waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(await crm.widget.getByLabel('Payment link', { exact: true }).inputValue());
    await screenshot(page, 'link-copied-by-keyboard');

    const hidden = stops.filter((stop) => stop.outline === 'none');
    expect(hidden, 'focus stops without a visible focus indicator').toEqual([]);
    expect(stops.map((stop) => stop.name)).toEqual(
      expect.arrayContaining(['Amount', 'Currency', 'Take payment', 'Send payment link', 'Payment link', 'Copy link']),
    );
    await crm.context.close();
  });

  it('has no serious or critical axe-core violations in any state of a payment', async () => {
    const crm: DemoCrmPage = await openDemoCrm(browser, stack, 'case-axe');
    const findings: Record<string, AxeViolation[]> = {};
    const check = async (state: string) => {
      findings[state] = await seriousViolations(crm.page);
      await screenshot(crm.page, state);
    };

    await check('record-page');
    await crm.widget.getByLabel('Amount').fill('12.345x');
    await crm.widget.getByRole('button', { name: 'Take payment' }).click();
    await crm.widget.getByText('Enter a positive amount, e.g. 12.40.').waitFor();
    await check('field-error');

    await crm.widget.getByLabel('Amount').fill('12.40');
    await fetch(`${stack.vccUrl}/_simulator/faults`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ agentId: 'agent-1', fault: 'server_error' }),
    });
    await crm.widget.getByRole('button', { name: 'Take payment' }).click();
    await crm.widget.getByRole('alert').waitFor();
    expect(await crm.widget.getByRole('alert').textContent()).toBe(
      'The payment service failed. Press Try again: it cannot open a second payment. If it fails again, start a new payment later.',
    );
    await check('api-error');

    await crm.widget.getByRole('button', { name: 'Take payment' }).click();
    await crm.paymentForm.getByRole('button', { name: 'Approve' }).waitFor();
    await check('form-open');
    await crm.paymentForm.getByRole('button', { name: 'Approve' }).click();
    await crm.waitForState('Approved');
    await check('approved');

    await crm.widget.getByRole('button', { name: 'Send payment link' }).click();
    await crm.waitForState('Waiting');
    await check('link-sent');

    expect(findings).toEqual({ 'record-page': [], 'field-error': [], 'api-error': [], 'form-open': [], approved: [], 'link-sent': [] });
    await crm.context.close();
  });
});
