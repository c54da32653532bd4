import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { onTestFailed } from 'vitest';
import type { LocalStack } from '../../../local/local-stack.ts';
import { newAgentContext, type RecordedEvent, recordWidgetEvents } from './browser.ts';

/** Long enough for VCC's webhook, the connector and the widget's backoff to meet on 2 busy cores. */
export const OUTCOME_TIMEOUT_MS = 20_000;

export interface DemoCrmPage {
  context: BrowserContext;
  page: Page;
  /** The widget's shadow tree is open: locators reach into it. */
  widget: ReturnType<Page['locator']>;
  /** The PCI provider's form (the VCC simulator's page) inside the widget's iframe. */
  paymentForm: ReturnType<Page['frameLocator']>;
  events: () => Promise<RecordedEvent[]>;
  /** Waits until the payment in progress shows this state label, e.g. "Approved". */
  waitForState: (label: string) => Promise<void>;
  consoleLines: string[];
}

/** Text with every run of white space as one plain space (money formats with a no-break space). */
const plain = (text: string) => text.replace(/\s+/g, ' ').trim();

/** A locator's text, plain. */
export const textOf = async (locator: Locator): Promise<string> => plain(await locator.innerText());

/**
 * A failed test's evidence: the state and alert the widget shows, what the page logged, and the API
 * requests the local gateway has not answered yet.
 */
async function whatTheWidgetShows(widget: Locator, consoleLines: string[], stack: LocalStack): Promise<string> {
  const shown = async (selector: string) =>
    (
      await widget
        .locator(selector)
        .allInnerTexts()
        .catch(() => [])
    ).map(plain);
  return JSON.stringify({
    states: await shown('.payment [part~="state"]'),
    alerts: await shown('[role="alert"]'),
    console: consoleLines.slice(-10),
    unansweredApiRequests: stack.inFlightRequests(),
  });
}

/** The demo CRM record page of `record`, in a browser profile of its own, as an agent opens it. */
export async function openDemoCrm(browser: Browser, stack: LocalStack, record: string): Promise<DemoCrmPage> {
  const context = await newAgentContext(browser, new URL(stack.apiUrl).origin);
  const page = await context.newPage();
  const consoleLines: string[] = [];
  page.on('console', (message) => consoleLines.push(message.text()));
  const events = await recordWidgetEvents(page);
  await page.goto(`${stack.demoCrmUrl}?record=${encodeURIComponent(record)}`);
  const widget = page.locator('vcc-payment');
  // Any step of the test may be the one that waits in vain (a click on the provider's form, say).
  onTestFailed(async () => console.error(`${record}, when the test failed: ${await whatTheWidgetShows(widget, consoleLines, stack)}`));
  await widget.getByRole('heading', { name: 'Payments of this record' }).waitFor();
  return {
    context,
    page,
    widget,
    paymentForm: page.frameLocator('vcc-payment iframe'),
    events,
    waitForState: async (label) => {
      try {
        await widget.locator('.payment [part~="state"]', { hasText: label }).waitFor({ timeout: OUTCOME_TIMEOUT_MS });
      } catch (error) {
        throw new Error(`the widget did not show "${label}": ${await whatTheWidgetShows(widget, consoleLines, stack)}`, { cause: error });
      }
    },
    consoleLines,
  };
}
