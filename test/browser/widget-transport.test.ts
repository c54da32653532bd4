import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ERROR_CATALOGUE } from '../../functions/app/contract/error-catalogue.ts';
import { buildWidget } from '../../widget/build.ts';
import { agentMessage } from '../../widget/src/error-messages.ts';
import { closeContexts, launchChromium, type RecordedEvent, recordWidgetEvents, screenshotsFor } from './support/browser.ts';
import { textOf } from './support/demo-crm.ts';

/**
 * The widget on a bare host page whose `transport` the test answers: what the widget does with
 * answers the local stack never gives (every error code, no link, a form on a foreign host, a
 * session the API still calls pending when its 5 minutes are over).
 */
const screenshot = screenshotsFor(import.meta.url);

interface ApiCall {
  method: string;
  path: string;
  body?: Record<string, unknown>;
  idempotencyKey?: string;
}
type Answer = { status: number; body: unknown };

interface Received {
  method: string;
  url: string;
  body: string;
}

/** A server that records what reaches it and answers `page`: the host page, or a payment form host. */
async function listen(
  respond: (url: string) => { type: string; body: string },
  received: Received[] = [],
): Promise<{ server: Server; origin: string; received: Received[] }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', body });
      const { type, body: answer } = respond(req.url ?? '/');
      res.writeHead(200, { 'content-type': type }).end(answer);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, received };
}

const payment = (fields: Record<string, unknown> = {}) => ({
  id: 'pay-1',
  kind: 'agent-assist',
  state: 'pending',
  vccSessionState: null,
  amount: '12.40',
  currencyCode: 'GBP',
  merchantReference: null,
  crmReference: 'case-fake',
  outcome: null,
  failureCode: null,
  createdAt: new Date().toISOString(),
  expiresAt: new Date(Date.now() + 300_000).toISOString(),
  ...fields,
});

describe('the widget on a host page with its own transport, in Chromium', () => {
  let browser: Browser;
  let host: Awaited<ReturnType<typeof listen>>;
  let formHost: Awaited<ReturnType<typeof listen>>;
  let foreignHost: Awaited<ReturnType<typeof listen>>;
  let page: Page;
  let events: () => Promise<RecordedEvent[]>;
  let calls: ApiCall[];
  let answer: (call: ApiCall) => Answer;

  beforeAll(async () => {
    const widget = await buildWidget();
    const formPage = { type: 'text/html', body: '<!doctype html><title>Form</title><h1>Secure payment</h1><button>Approve</button>' };
    [browser, formHost, foreignHost] = await Promise.all([launchChromium(), listen(() => formPage), listen(() => formPage)]);
    host = await listen((url) =>
      url === '/vcc-payment.js'
        ? { type: 'text/javascript', body: widget }
        : {
            type: 'text/html',
            body: `<!doctype html><html lang="en"><title>Host page</title><main><h1>Record</h1>
<vcc-payment agent-id="agent-1" amount="12.40" currency="GBP" customer-phone="+447700900123" crm-reference="case-fake" form-origins="${formHost.origin}"></vcc-payment></main>
<script type="module">
import '/vcc-payment.js';
document.querySelector('vcc-payment').transport = (call) => window.answerApiCall(call);
</script></html>`,
          },
    );
  });
  afterAll(async () => {
    await closeContexts(browser);
    for (const running of [host, formHost, foreignHost]) running?.server.close();
  });

  beforeEach(async () => {
    calls = [];
    formHost.received.length = 0;
    foreignHost.received.length = 0;
    answer = (call) => (call.path.startsWith('/v1/payments?') ? { status: 200, body: { payments: [], nextCursor: null } } : { status: 200, body: payment() });
    page = await browser.newPage();
    events = await recordWidgetEvents(page);
    await page.exposeFunction('answerApiCall', (call: ApiCall) => {
      calls.push(call);
      return answer(call);
    });
    await page.goto(host.origin);
    await page.locator('vcc-payment').getByText('No payments for this record yet.').waitFor();
    return () => page.close();
  });

  const widget = () => page.locator('vcc-payment');
  const sessionAnswer = (action: string, fields: Record<string, unknown> = {}) => ({
    status: 201,
    body: {
      ...payment(fields),
      agentAccessToken: 'bearer-secret-1',
      agentRefreshToken: 'refresh-secret-2',
      paymentForm: {
        method: 'POST',
        action,
        target: 'vcc-payment-form',
        fields: { 'X-BEARER-TOKEN': 'bearer-secret-1', 'X-REFRESH-TOKEN': 'refresh-secret-2' },
      },
    },
  });

  it('makes every API call through the transport, and posts the agent tokens to the allowed form host in the body only', async () => {
    const browserRequests: string[] = [];
    page.on('request', (request) => browserRequests.push(`${request.method()} ${request.url()}`));
    answer = (call) =>
      call.method === 'POST'
        ? sessionAnswer(`${formHost.origin}/view/abc/framed`)
        : { status: 200, body: call.path.startsWith('/v1/payments?') ? { payments: [], nextCursor: null } : payment() };
    await widget().getByRole('button', { name: 'Take payment' }).click();
    await page.frameLocator('vcc-payment iframe').getByRole('button', { name: 'Approve' }).waitFor();
    await screenshot(page, 'form-from-allowed-host');

    expect(formHost.received).toEqual([{ method: 'POST', url: '/view/abc/framed', body: 'X-BEARER-TOKEN=bearer-secret-1&X-REFRESH-TOKEN=refresh-secret-2' }]);
    expect(browserRequests).toEqual([`POST ${formHost.origin}/view/abc/framed`]);
    const [open] = calls.filter((call) => call.method === 'POST');
    expect(open).toMatchObject({
      path: '/v1/payment-sessions',
      idempotencyKey: expect.stringMatching(/^[0-9a-f]{32}$/),
      body: { agentId: 'agent-1', crmReference: 'case-fake', paymentData: { Amount: '12.40', Currency: 'GBP' } },
    });
    await expect.poll(() => calls.some((call) => call.method === 'GET' && call.path === '/v1/payment-sessions/pay-1')).toBe(true);
    const kept = `${await page.content()} ${await page.evaluate('document.querySelector("vcc-payment").shadowRoot.innerHTML')} ${page.frames().map((frame) => frame.url())}`;
    expect(kept).not.toMatch(/bearer-secret|refresh-secret/);
  });

  it('refuses a payment form on a host not on its allow-list, and sends that host nothing', async () => {
    answer = (call) =>
      call.method === 'POST' ? sessionAnswer(`${foreignHost.origin}/view/abc/framed`) : { status: 200, body: { payments: [], nextCursor: null } };
    await widget().getByRole('button', { name: 'Take payment' }).click();
    await widget().getByRole('alert').waitFor();
    await screenshot(page, 'foreign-form-host-refused');
    expect(await textOf(widget().getByRole('alert'))).toBe(`${agentMessage('FORM_ORIGIN_REFUSED').message} ${agentMessage('FORM_ORIGIN_REFUSED').action}`);
    expect(foreignHost.received).toEqual([]);
    expect(await widget().locator('iframe').isHidden()).toBe(true);
  });

  it("shows every error code of the catalogue as what to do, with its reference, never as the API's text", async () => {
    for (const [code, { status }] of Object.entries(ERROR_CATALOGUE)) {
      answer = (call) =>
        call.method === 'POST'
          ? {
              status,
              body: {
                error: { code, message: 'RAW API TEXT', details: [{ path: 'paymentData.Amount', message: 'raw detail' }], correlationId: `ref-${code}` },
              },
            }
          : { status: 200, body: { payments: [], nextCursor: null } };
      await widget().getByRole('button', { name: 'Take payment' }).click();
      const error = widget().locator('[part="error"]', { hasText: `ref-${code}` });
      await error.waitFor();
      const text = await textOf(error);
      const { message, action } = agentMessage(code);
      expect(text, code).toContain(`${message} ${action}`);
      expect(text, code).toContain('Fields to check: Amount.');
      expect(text, code).toContain(`Error ${code}, reference ref-${code}`);
      expect(text, code).not.toMatch(/RAW API TEXT|raw detail|[{}]/);
      if (code === 'VCC_UNAVAILABLE') await screenshot(page, 'error-vcc-unavailable');
    }
  });

  it('says the link was sent by SMS when the API answers no link, and offers nothing to copy', async () => {
    answer = (call) =>
      call.method === 'POST'
        ? { status: 201, body: payment({ kind: 'payment-link', paymentLink: null, expiresAt: new Date(Date.now() + 72 * 3600e3).toISOString() }) }
        : {
            status: 200,
            body: call.path.startsWith('/v1/payments?') ? { payments: [], nextCursor: null } : payment({ kind: 'payment-link', paymentLink: null }),
          };
    await widget().getByRole('button', { name: 'Send payment link' }).click();
    await widget().getByText('Link sent by SMS').first().waitFor();
    await screenshot(page, 'link-sent-by-sms');
    expect(await textOf(widget().locator('.payment'))).toContain('Link sent by SMS to the customer. Waiting for the customer to pay.');
    expect(await widget().getByRole('button', { name: 'Copy link' }).count()).toBe(0);
    expect((await events()).map((event) => event.name)).toEqual(['link-created']);
  });

  it('expires a session whose 5 minutes are over while the API still has no outcome, and offers a new one', async () => {
    const expiresAt = new Date(Date.now() + 1500).toISOString();
    answer = (call) =>
      call.method === 'POST'
        ? sessionAnswer(`${formHost.origin}/view/abc/framed`, { expiresAt })
        : { status: 200, body: call.path.startsWith('/v1/payments?') ? { payments: [], nextCursor: null } : payment({ expiresAt }) };
    await widget().getByRole('button', { name: 'Take payment' }).click();
    await widget().locator('.payment [part~="state"]', { hasText: 'Expired' }).waitFor({ timeout: 10_000 });
    await screenshot(page, 'session-expired-on-its-clock');
    expect(await textOf(widget().locator('.payment'))).toContain('The payment form expired (a session lasts 5 minutes). Start a new session.');
    expect(await widget().locator('iframe').isHidden()).toBe(true);
    expect((await events()).map((event) => [event.name, event.detail.id])).toEqual([['session-expired', 'pay-1']]);
    expect(await widget().getByRole('button', { name: 'Start a new session' }).isVisible()).toBe(true);
  });
});
