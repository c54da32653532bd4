import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

/** Debian's Chromium, driven by playwright-core: nothing is downloaded at run time. */
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_FLAGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

const SHARED = Symbol.for('vcc-payment-connector/test/browser/chromium');

/**
 * One Chromium per worker process, shared by the browser files that run in it one after another
 * (the project's files share a worker: vitest.config.ts). A launch cost about 1.8 CPU-seconds;
 * what isolates tests is the browser context each opens, a profile of its own, and every file
 * closes its contexts when it ends (closeContexts). Playwright kills the browser when the process exits.
 */
export async function launchChromium(): Promise<Browser> {
  const held = globalThis as { [SHARED]?: Promise<Browser> };
  const running = await held[SHARED]?.catch(() => undefined);
  if (running?.isConnected()) return running;
  if (!existsSync(CHROMIUM)) throw new Error(`No Chromium at ${CHROMIUM}: install Debian's with "apt-get install -y chromium", as .ci/run does.`);
  held[SHARED] = chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS });
  return held[SHARED];
}

/** Closes every context a file left open in the shared browser, and with them their pages. */
export async function closeContexts(browser: Browser | undefined): Promise<void> {
  await Promise.all(browser?.contexts().map((context) => context.close()) ?? []);
}

/** A fresh browser profile whose pages may use the clipboard, as an agent's browser lets a CRM do. */
export async function newAgentContext(browser: Browser, origin: string): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin });
  return context;
}

export const WIDGET_EVENTS = ['payment-completed', 'payment-failed', 'link-created', 'link-expired', 'session-expired'] as const;

export interface RecordedEvent {
  name: (typeof WIDGET_EVENTS)[number];
  detail: { id: string; kind: string; state: string; amount: string; currencyCode: string; [key: string]: unknown };
}

/** Records every event the widget sends the host page, from before the page's own scripts run. */
export async function recordWidgetEvents(page: Page): Promise<() => Promise<RecordedEvent[]>> {
  await page.addInitScript(`
    window.widgetEvents = [];
    for (const name of ${JSON.stringify(WIDGET_EVENTS)}) {
      document.addEventListener(name, (event) => window.widgetEvents.push({ name, detail: event.detail }));
    }`);
  return () => page.evaluate('window.widgetEvents') as Promise<RecordedEvent[]>;
}

const SCREENSHOTS = fileURLToPath(new URL('../../../test-artifacts/screenshots/', import.meta.url));

/**
 * With SCREENSHOTS=1, a screenshot of each step, numbered in order, under
 * test-artifacts/screenshots/<test file>/ (git-ignored; emptied when the file starts, so it shows
 * the last run only). Off by default: they assert nothing, and took 8 of the 39 CPU-seconds
 * Chromium spent on the browser tests.
 */
export function screenshotsFor(testFileUrl: string) {
  if (process.env.SCREENSHOTS !== '1') return async (_page: Page, _name: string): Promise<void> => undefined;
  const folder = join(SCREENSHOTS, basename(fileURLToPath(testFileUrl), '.test.ts'));
  rmSync(folder, { recursive: true, force: true });
  mkdirSync(folder, { recursive: true });
  let step = 0;
  return async (page: Page, name: string): Promise<void> => {
    await page.screenshot({ path: join(folder, `${String(++step).padStart(2, '0')}-${name}.png`), fullPage: true });
  };
}
