import { h } from './dom.ts';
import { agentMessage, fieldName, RETRY_WITH_SAME_KEY } from './error-messages.ts';
import { formatMoney, formatTime, hasRunOut, isFinal, isReissuable, type Payment, stateLabel, stateSentence } from './payment.ts';
import { type PaymentApi, PaymentApiError, paymentApi } from './payment-api.ts';
import { formOriginAllowed, postPaymentForm } from './payment-form.ts';
import { type Poller, type PollSchedule, startPolling } from './poller.ts';
import { STYLES } from './styles.ts';
import { bearerTransport, type Transport } from './transport.ts';

/** A session's form is worked on by the agent: read often. It lasts 5 minutes. */
const SESSION_POLLING: PollSchedule = { firstMs: 1000, factor: 1.5, maxMs: 5000, giveUpAfterMs: null };
/** A link waits for a customer who may pay hours later; past half an hour the agent asks. */
const LINK_POLLING: PollSchedule = { firstMs: 2000, factor: 1.5, maxMs: 15_000, giveUpAfterMs: 30 * 60_000 };
/** A session's result may still arrive after its 5 minutes (VCC retries its webhook). */
const LATE_RESULT_WINDOW_MS = 2 * 60_000;
/** Read failures in a row before the agent is told the state may be stale. */
const READ_FAILURES_SHOWN = 3;

const FIELD_RULES = {
  amount: { test: (value: string) => /^\d+(\.\d+)?$/.test(value) && Number(value) > 0, problem: 'Enter a positive amount, e.g. 12.40.' },
  currency: { test: (value: string) => /^[A-Za-z]{3}$/.test(value), problem: 'Enter a three-letter currency code, e.g. GBP.' },
  phone: { test: (value: string) => /^\+[1-9]\d{6,14}$/.test(value), problem: 'Enter + then the country code and number, digits only, e.g. +447700900123.' },
};
type FieldName = keyof typeof FIELD_RULES;

/** The events a host page can listen to; each carries the payment as the API shows it. */
export type PaymentEventName = 'payment-completed' | 'payment-failed' | 'link-created' | 'link-expired' | 'session-expired';

type Attempt = { kind: 'agent-assist' | 'payment-link'; body: object; key: string } | { kind: 'reissue'; link: Payment; body: object; key: string };

interface Ui {
  inputs: Record<FieldName, HTMLInputElement>;
  status: HTMLElement;
  error: HTMLElement;
  payment: HTMLElement;
  frame: HTMLIFrameElement;
  payments: HTMLElement;
  paymentsBody: HTMLElement;
  more: HTMLButtonElement;
}

interface ShownError {
  code: string;
  correlationId?: string | null;
  fields?: string[];
  retry?: () => void;
}

/** An Idempotency-Key: 128 random bits; crypto.randomUUID needs a secure context, this does not. */
const newKey = (): string => Array.from(crypto.getRandomValues(new Uint8Array(16)), (byte) => byte.toString(16).padStart(2, '0')).join('');

function remaining(ms: number): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  return `${Math.floor(seconds / 60)} min ${String(seconds % 60).padStart(2, '0')} s`;
}

/**
 * `<vcc-payment>`: takes a card payment for one CRM record through the connector's API, by
 * agent assist (the PCI provider's form in an iframe) or by a payment link, follows it to its
 * outcome and lists the record's payments. See widget/README.md.
 */
export class VccPaymentElement extends HTMLElement {
  static readonly observedAttributes = ['amount', 'currency', 'customer-phone', 'crm-reference'];

  readonly #root = this.attachShadow({ mode: 'open' });
  readonly #frameName = `vcc-payment-form-${newKey()}`;
  #paymentData: Record<string, string> = {};
  #transport: Transport | undefined;
  #getAccessToken: (() => Promise<string>) | undefined;
  #bearer: { base: string; getToken: () => Promise<string>; transport: Transport } | undefined;
  #ui: Ui | undefined;

  #current: Payment | null = null;
  #expiredLocally = false;
  #linkPollingGaveUp = false;
  #readFailures = 0;
  #poller: Poller | undefined;
  /** Timeouts and intervals: the HTML spec gives both one pool of ids, which clearTimeout clears. */
  #timers: ReturnType<typeof setTimeout>[] = [];
  #emitted = new Set<string>();
  #error: ShownError | null = null;
  #busy = false;
  #lastSessionBody: object | undefined;
  #payments: Payment[] = [];
  #listCursor: string | null = null;
  #listError: string | null = null;
  #listRequest = 0;

  /** Further `paymentData` keys the gateway needs (FirstName, Email...), sent with each payment. */
  get paymentData(): Record<string, string> {
    return this.#paymentData;
  }
  set paymentData(value: Record<string, string>) {
    this.#paymentData = { ...value };
  }

  /** Performs the API calls, e.g. through the CRM's own server; wins over getAccessToken. */
  get transport(): Transport | undefined {
    return this.#transport;
  }
  set transport(value: Transport | undefined) {
    this.#transport = value;
    void this.refreshPayments();
  }

  /** Returns a bearer token for the API at `api-base-url`. */
  get getAccessToken(): (() => Promise<string>) | undefined {
    return this.#getAccessToken;
  }
  set getAccessToken(value: (() => Promise<string>) | undefined) {
    this.#getAccessToken = value;
    void this.refreshPayments();
  }

  connectedCallback(): void {
    // A property set before this element was defined sits on the instance, hiding the setter.
    for (const name of ['transport', 'getAccessToken', 'paymentData'] as const) {
      if (Object.hasOwn(this, name)) {
        const value = this[name];
        const properties = this as unknown as Record<string, unknown>;
        delete properties[name];
        properties[name] = value;
      }
    }
    if (!this.#ui) this.#ui = this.build();
    void this.refreshPayments();
  }

  disconnectedCallback(): void {
    this.stopFollowing();
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (!this.#ui) return;
    if (name === 'crm-reference') void this.refreshPayments();
    else this.#ui.inputs[name === 'customer-phone' ? 'phone' : (name as FieldName)].value = value ?? '';
  }

  /** Reads the record's payments again. */
  async refreshPayments(more = false): Promise<void> {
    const ui = this.#ui;
    const crmReference = this.getAttribute('crm-reference');
    const api = this.api();
    if (!ui || !crmReference || !api) {
      if (ui) ui.payments.hidden = !crmReference;
      return;
    }
    ui.payments.hidden = false;
    const request = ++this.#listRequest;
    try {
      const page = await api.list(crmReference, more ? this.#listCursor : null);
      if (request !== this.#listRequest) return;
      this.#payments = more ? [...this.#payments, ...page.payments] : page.payments;
      this.#listCursor = page.nextCursor;
      this.#listError = null;
    } catch (error) {
      if (request !== this.#listRequest) return;
      this.#listError = error instanceof PaymentApiError ? error.code : 'UNEXPECTED_ANSWER';
    }
    this.renderPayments();
  }

  private api(): PaymentApi | null {
    if (this.#transport) return paymentApi(this.#transport);
    const base = this.getAttribute('api-base-url');
    const getToken = this.#getAccessToken;
    if (!base || !getToken) return null;
    if (this.#bearer?.base !== base || this.#bearer.getToken !== getToken) this.#bearer = { base, getToken, transport: bearerTransport(base, getToken) };
    return paymentApi(this.#bearer.transport);
  }

  private build(): Ui {
    const input = (name: FieldName, label: string, attributes: Record<string, string>, hint?: string) => {
      const element = h('input', {
        id: name,
        name,
        part: 'input',
        autocomplete: 'off',
        'aria-describedby': `${hint ? `${name}-hint ` : ''}${name}-error`,
        ...attributes,
      });
      element.addEventListener('input', () => this.markField(name, null));
      const field = h(
        'div',
        { class: `field${name === 'phone' ? ' wide' : ''}` },
        h('label', { for: name, part: 'label' }, label),
        element,
        hint && h('p', { id: `${name}-hint`, class: 'hint', part: 'hint' }, hint),
        h('p', { id: `${name}-error`, class: 'field-error', part: 'field-error', hidden: true }),
      );
      return { element, field };
    };
    const amount = input('amount', 'Amount', { inputmode: 'decimal', required: '' });
    const currency = input('currency', 'Currency', { maxlength: '3', required: '', size: '4' }, 'e.g. GBP');
    const phone = input('phone', "Customer's mobile (for a payment link)", { type: 'tel' }, 'International form, e.g. +447700900123');
    amount.element.value = this.getAttribute('amount') ?? '';
    currency.element.value = this.getAttribute('currency') ?? '';
    phone.element.value = this.getAttribute('customer-phone') ?? '';

    const form = h(
      'form',
      { part: 'details', novalidate: true, 'aria-label': 'Payment details' },
      h('div', { class: 'fields' }, amount.field, currency.field, phone.field),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'primary', part: 'button primary-button', 'data-action': 'take-payment' }, 'Take payment'),
        h('button', { type: 'button', part: 'button', 'data-action': 'send-link' }, 'Send payment link'),
      ),
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.takePayment();
    });

    const status = h('p', { class: 'status', role: 'status', part: 'status' });
    const error = h('div', { part: 'error-container' });
    const payment = h('div', { class: 'payment', part: 'payment' });
    const frame = h('iframe', {
      name: this.#frameName,
      title: 'Secure payment form (the caller types the card number on the phone keypad)',
      part: 'form-frame',
      hidden: true,
    });
    // The frame is never read (it is another origin). Its load, after a button was pressed in
    // it or after the form refused to load (an expired session), is a moment to read the API.
    frame.addEventListener('load', () => this.#poller?.now());
    const paymentsBody = h('div');
    const more = h('button', { type: 'button', part: 'button', 'data-action': 'more-payments', hidden: true }, 'Show more');
    const payments = h(
      'section',
      { class: 'payments', part: 'payments', 'aria-labelledby': 'payments-title', hidden: true },
      h('h3', { id: 'payments-title' }, 'Payments of this record'),
      paymentsBody,
      h('div', { class: 'actions' }, h('button', { type: 'button', part: 'button', 'data-action': 'refresh-payments' }, 'Refresh'), more),
    );

    this.#root.replaceChildren(
      h('style', {}, STYLES),
      h(
        'section',
        { class: 'widget', part: 'container', 'aria-labelledby': 'title' },
        h('h2', { id: 'title', part: 'title' }, 'Card payment'),
        form,
        status,
        error,
        payment,
        frame,
        payments,
      ),
    );
    this.#root.addEventListener('click', (event) => {
      const action = (event.target as Element).closest('[data-action]')?.getAttribute('data-action');
      if (action && action !== 'take-payment') this.act(action);
    });
    return {
      inputs: { amount: amount.element, currency: currency.element, phone: phone.element },
      status,
      error,
      payment,
      frame,
      payments,
      paymentsBody,
      more,
    };
  }

  private act(action: string): void {
    if (action === 'send-link') this.sendLink();
    else if (action === 'new-session' && this.#lastSessionBody) this.start({ kind: 'agent-assist', body: this.#lastSessionBody, key: newKey() });
    else if (action === 'reissue') this.reissue();
    else if (action === 'copy-link') void this.copyLink();
    else if (action === 'check-now') this.follow();
    else if (action === 'refresh-payments') void this.refreshPayments();
    else if (action === 'more-payments') void this.refreshPayments(true);
    else if (action === 'retry') this.#error?.retry?.();
  }

  private takePayment(): void {
    if (!this.validate(['amount', 'currency'])) return;
    this.#lastSessionBody = this.requestBody(false);
    this.start({ kind: 'agent-assist', body: this.#lastSessionBody, key: newKey() });
  }

  private sendLink(): void {
    if (!this.validate(['amount', 'currency', 'phone'])) return;
    this.start({ kind: 'payment-link', body: this.requestBody(true), key: newKey() });
  }

  private reissue(): void {
    const link = this.#current;
    if (!link || !this.validate(['phone'])) return;
    const { Amount: _amount, Currency: _currency, MerchantReferenceCode: _reference, ...extra } = this.paymentData;
    const agentId = this.getAttribute('agent-id');
    const body = { ...(agentId ? { agentId } : {}), paymentData: { ...extra, CustomerPhoneNumber: this.#ui!.inputs.phone.value.trim() } };
    this.start({ kind: 'reissue', link, body, key: newKey() });
  }

  private requestBody(link: boolean): object {
    const { amount, currency, phone } = this.#ui!.inputs;
    const attribute = (name: string) => this.getAttribute(name) || undefined;
    return {
      agentId: attribute('agent-id'),
      crmReference: attribute('crm-reference'),
      paymentFlow: attribute('payment-flow'),
      skipCallTransfer: !link && this.hasAttribute('skip-call-transfer') ? true : undefined,
      paymentData: {
        ...this.paymentData,
        Amount: amount.value.trim(),
        Currency: currency.value.trim().toUpperCase(),
        ...(attribute('merchant-reference') ? { MerchantReferenceCode: attribute('merchant-reference') } : {}),
        ...(link ? { CustomerPhoneNumber: phone.value.trim() } : {}),
      },
    };
  }

  private validate(names: FieldName[]): boolean {
    const invalid = names.filter((name) => {
      const problem = FIELD_RULES[name].test(this.#ui!.inputs[name].value.trim()) ? null : FIELD_RULES[name].problem;
      this.markField(name, problem);
      return problem !== null;
    });
    if (invalid.length > 0) this.#ui!.inputs[invalid[0]!].focus();
    return invalid.length === 0;
  }

  private markField(name: FieldName, problem: string | null): void {
    const input = this.#ui!.inputs[name];
    const message = this.#root.getElementById(`${name}-error`)!;
    input.setAttribute('aria-invalid', String(problem !== null));
    message.textContent = problem ?? '';
    message.hidden = problem === null;
  }

  private start(attempt: Attempt): void {
    if (this.#busy) return;
    void this.run(attempt);
  }

  private async run(attempt: Attempt): Promise<void> {
    const api = this.api();
    if (!api) return this.showError({ code: 'NOT_CONFIGURED' });
    this.setBusy(true);
    this.showError(null);
    this.announce(
      attempt.kind === 'agent-assist' ? 'Opening the payment form…' : attempt.kind === 'reissue' ? 'Reissuing the payment link…' : 'Sending the payment link…',
    );
    try {
      if (attempt.kind === 'agent-assist') {
        const { payment, form } = await api.openSession(attempt.body, attempt.key);
        // A payment whose form cannot be opened is not shown as the one in progress: it times out on its own.
        if (!form) return this.showError({ code: 'FORM_ALREADY_OPENED' });
        if (!formOriginAllowed(form, this.formOrigins())) return this.showError({ code: 'FORM_ORIGIN_REFUSED' });
        this.show(payment);
        this.#ui!.frame.hidden = false;
        postPaymentForm(this.#root, form, this.#frameName);
      } else {
        const link =
          attempt.kind === 'reissue' ? await api.reissueLink(attempt.link, attempt.body, attempt.key) : await api.sendLink(attempt.body, attempt.key);
        this.show(link);
        this.emit('link-created', link);
      }
      this.follow();
      this.focusPayment();
    } catch (error) {
      const { code, correlationId, fields } = error instanceof PaymentApiError ? error : new PaymentApiError('UNEXPECTED_ANSWER');
      this.showError({ code, correlationId, fields, ...(RETRY_WITH_SAME_KEY.has(code) ? { retry: () => this.start(attempt) } : {}) });
    } finally {
      this.setBusy(false);
      void this.refreshPayments();
    }
  }

  private formOrigins(): string[] {
    return (this.getAttribute('form-origins') ?? '').split(/\s+/).flatMap((origin) => {
      try {
        return origin ? [new URL(origin).origin] : [];
      } catch {
        return [];
      }
    });
  }

  private setBusy(busy: boolean): void {
    this.#busy = busy;
    // aria-disabled, not disabled: a disabled button loses the keyboard focus.
    for (const button of this.#root.querySelectorAll(
      '[data-action="take-payment"], [data-action="send-link"], [data-action="reissue"], [data-action="new-session"]',
    )) {
      button.setAttribute('aria-disabled', String(busy));
    }
  }

  /** Makes `payment` the one in progress, replacing any other. */
  private show(payment: Payment): void {
    this.stopFollowing();
    this.#current = payment;
    this.#expiredLocally = false;
    this.#linkPollingGaveUp = false;
    this.#readFailures = 0;
    this.#ui!.frame.hidden = true;
    this.renderPayment();
    this.announceState();
  }

  /** Reads the payment in progress until its outcome, and watches an agent-assist session's clock. */
  private follow(): void {
    const payment = this.#current;
    this.#poller?.stop();
    if (!payment || isFinal(payment)) return;
    const link = payment.kind === 'payment-link';
    this.#linkPollingGaveUp = false;
    this.#poller = startPolling(
      () => this.readCurrent(),
      link ? LINK_POLLING : SESSION_POLLING,
      () => {
        this.#linkPollingGaveUp = true;
        this.renderPayment();
      },
    );
    if (link || !payment.expiresAt) return;
    const expiresAt = Date.parse(payment.expiresAt);
    this.#timers.push(setTimeout(() => this.expireLocally(), Math.max(0, expiresAt - Date.now())));
    this.#timers.push(
      setInterval(() => {
        const countdown = this.#root.getElementById('countdown');
        if (countdown) countdown.textContent = remaining(expiresAt - Date.now());
      }, 1000),
    );
  }

  private stopFollowing(): void {
    this.#poller?.stop();
    this.#poller = undefined;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers = [];
  }

  /** One read of the payment in progress; true when there is nothing more to wait for. */
  private async readCurrent(): Promise<boolean> {
    const before = this.#current;
    const api = this.api();
    if (!before || !api) return true;
    let after: Payment;
    try {
      after = await api.read(before);
      this.#readFailures = 0;
    } catch (error) {
      if (++this.#readFailures === READ_FAILURES_SHOWN) {
        const { message } = agentMessage(error instanceof PaymentApiError ? error.code : 'UNEXPECTED_ANSWER');
        this.announce(`The payment's state could not be read: ${message} Still trying.`);
      }
      return false;
    }
    if (this.#current?.id !== before.id) return true;
    this.#current = after;
    if (isFinal(after)) {
      this.finish(after);
      return true;
    }
    if (after.vccSessionState !== before.vccSessionState || after.state !== before.state) {
      this.renderPayment();
      this.announceState();
    }
    return after.kind === 'agent-assist' && after.expiresAt !== null && Date.now() > Date.parse(after.expiresAt) + LATE_RESULT_WINDOW_MS;
  }

  /** The form's 5 minutes are over with no outcome: the agent needs a new session. */
  private expireLocally(): void {
    const payment = this.#current;
    if (!payment || isFinal(payment) || payment.kind !== 'agent-assist') return;
    const hadFocus = this.#root.activeElement !== null;
    this.#expiredLocally = true;
    this.#ui!.frame.hidden = true;
    this.renderPayment();
    this.announceState();
    this.emit('session-expired', payment);
    this.focusPayment(hadFocus);
  }

  private finish(payment: Payment): void {
    const hadFocus = this.#root.activeElement !== null;
    this.stopFollowing();
    this.#ui!.frame.hidden = true;
    this.renderPayment();
    this.announceState();
    if (payment.state === 'approved') this.emit('payment-completed', payment);
    else if (hasRunOut(payment)) this.emit(payment.kind === 'payment-link' ? 'link-expired' : 'session-expired', payment);
    else this.emit('payment-failed', payment);
    this.focusPayment(hadFocus);
    void this.refreshPayments();
  }

  /** Each event once per payment: a session the widget saw expire is not reported again by the API. */
  private emit(name: PaymentEventName, payment: Payment): void {
    const key = `${payment.id} ${name}`;
    if (this.#emitted.has(key)) return;
    this.#emitted.add(key);
    this.dispatchEvent(new CustomEvent(name, { detail: payment, bubbles: true, composed: true }));
  }

  /** The payment as the agent sees it: a session whose clock ran out shows as expired. */
  private displayed(): Payment | null {
    const payment = this.#current;
    return payment && this.#expiredLocally && !isFinal(payment) ? { ...payment, state: 'expired' } : payment;
  }

  private announce(text: string): void {
    this.#ui!.status.textContent = text;
  }

  private announceState(): void {
    const payment = this.displayed();
    if (!payment) return;
    const reason = payment.outcome?.reasonCode ? ` Reason code ${payment.outcome.reasonCode}.` : '';
    this.announce(`${stateLabel(payment.state).label}: ${formatMoney(payment.amount, payment.currencyCode)}. ${stateSentence(payment)}${reason}`);
  }

  /**
   * Moves the focus to the payment's heading, but only when it was within the widget (the iframe
   * included, which hiding it just emptied): it never steals the focus from the host page.
   */
  private focusPayment(hadFocus = this.#root.activeElement !== null): void {
    if (hadFocus) this.#ui!.payment.querySelector<HTMLElement>('h3')?.focus();
  }

  private renderPayment(): void {
    const container = this.#ui!.payment;
    const focused = this.#root.activeElement;
    const focusedAction = focused && container.contains(focused) ? (focused.getAttribute('data-action') ?? 'heading') : null;
    const payment = this.displayed();
    container.replaceChildren(...(payment ? this.paymentView(payment) : []));
    if (focusedAction) (container.querySelector<HTMLElement>(`[data-action="${focusedAction}"]`) ?? container.querySelector<HTMLElement>('h3'))?.focus();
  }

  private paymentView(payment: Payment): Node[] {
    const link = payment.kind === 'payment-link';
    const label = stateLabel(payment.state);
    const outcome = payment.outcome;
    const facts: [string, Node | string][] = [['Amount', formatMoney(payment.amount, payment.currencyCode)]];
    if (outcome?.reasonCode) facts.push(['Reason code', outcome.reasonCode]);
    if (outcome?.gatewayReference) facts.push(['Gateway reference', outcome.gatewayReference]);
    if (payment.merchantReference) facts.push(['Merchant reference', payment.merchantReference]);
    if (payment.failureCode) facts.push(['Why', agentMessage(payment.failureCode).message]);
    if (link && payment.expiresAt && !isFinal(payment)) facts.push(['Payable until', formatTime(payment.expiresAt)]);
    if (!link && payment.expiresAt && payment.state === 'pending') {
      facts.push([
        'Form expires',
        h('span', {}, h('span', { id: 'countdown' }, remaining(Date.parse(payment.expiresAt) - Date.now())), ` left (at ${formatTime(payment.expiresAt)})`),
      ]);
    }
    if (payment.supersededBy) facts.push(['Replaced by', "a newer link (see the record's payments)"]);

    const actions: Node[] = [];
    const action = (name: string, text: string, primary = false) =>
      h(
        'button',
        {
          type: 'button',
          class: primary ? 'primary' : undefined,
          part: primary ? 'button primary-button' : 'button',
          'data-action': name,
          'aria-disabled': String(this.#busy),
        },
        text,
      );
    if (!link && isFinal(payment) && payment.state !== 'approved' && payment.state !== 'finished')
      actions.push(action('new-session', 'Start a new session', true));
    if (isReissuable(payment)) actions.push(action('reissue', 'Reissue link', true));
    if (link && !isFinal(payment) && this.#linkPollingGaveUp) actions.push(action('check-now', 'Check now'));

    const linkRow =
      link && payment.state === 'pending'
        ? payment.paymentLink
          ? h(
              'div',
              { class: 'link-row' },
              h(
                'div',
                { class: 'field wide' },
                h('label', { for: 'payment-link', part: 'label' }, 'Payment link'),
                h('input', { id: 'payment-link', part: 'input link', readonly: true, value: payment.paymentLink }),
              ),
              action('copy-link', 'Copy link'),
            )
          : h('p', { part: 'link' }, "Link sent by SMS: the payment service texts it to the customer's mobile, so there is no link to copy here.")
        : null;

    return [
      h('h3', { tabindex: '-1' }, link ? 'Payment link' : 'Payment by phone (agent assist)'),
      h('p', { class: `state tone-${label.tone}`, part: `state state-${payment.state}` }, h('span', { 'aria-hidden': 'true' }, label.symbol), label.label),
      h('p', {}, stateSentence(payment)),
      h('dl', {}, ...facts.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)])),
      ...(linkRow ? [linkRow] : []),
      ...(link && isReissuable(payment) ? [h('p', { class: 'hint' }, "A reissued link goes to the customer's mobile above.")] : []),
      ...(link && !isFinal(payment) && this.#linkPollingGaveUp
        ? [h('p', { class: 'hint' }, 'No outcome after half an hour: the widget stopped checking.')]
        : []),
      ...(actions.length > 0 ? [h('div', { class: 'actions' }, ...actions)] : []),
    ];
  }

  private async copyLink(): Promise<void> {
    const link = this.#current?.paymentLink;
    if (!link) return;
    try {
      await navigator.clipboard.writeText(link);
      this.announce('Link copied.');
    } catch {
      this.#root.querySelector<HTMLInputElement>('#payment-link')?.select();
      this.announce('The browser did not allow copying: the link is selected, press Ctrl+C (or ⌘C) to copy it.');
    }
  }

  private showError(error: ShownError | null): void {
    this.#error = error;
    const container = this.#ui!.error;
    if (!error) return container.replaceChildren();
    const { message, action } = agentMessage(error.code);
    this.announce('');
    container.replaceChildren(
      h(
        'div',
        { class: 'error', part: 'error' },
        h('p', { role: 'alert' }, h('strong', {}, message), ` ${action}`),
        ...(error.fields?.length ? [h('p', {}, `Fields to check: ${error.fields.map(fieldName).join(', ')}.`)] : []),
        h('p', { class: 'reference' }, `Error ${error.code}${error.correlationId ? `, reference ${error.correlationId}` : ''}`),
        ...(error.retry ? [h('button', { type: 'button', part: 'button', 'data-action': 'retry' }, 'Try again')] : []),
      ),
    );
  }

  private renderPayments(): void {
    const ui = this.#ui!;
    ui.more.hidden = this.#listCursor === null;
    if (this.#listError) {
      const { message, action } = agentMessage(this.#listError);
      ui.paymentsBody.replaceChildren(h('p', {}, `The record's payments could not be read. ${message} ${action}`));
      return;
    }
    if (this.#payments.length === 0) {
      ui.paymentsBody.replaceChildren(h('p', {}, 'No payments for this record yet.'));
      return;
    }
    ui.paymentsBody.replaceChildren(
      h(
        'table',
        { part: 'payments-table' },
        h('caption', { class: 'visually-hidden' }, 'Payments of this record, newest first'),
        h('thead', {}, h('tr', {}, ...['Created', 'Type', 'Amount', 'State', 'Reason code'].map((title) => h('th', { scope: 'col' }, title)))),
        h(
          'tbody',
          {},
          ...this.#payments.map((payment) => {
            const label = stateLabel(payment.state);
            return h(
              'tr',
              {},
              h('td', {}, formatTime(payment.createdAt)),
              h('td', {}, payment.kind === 'payment-link' ? 'Payment link' : 'By phone'),
              h('td', {}, formatMoney(payment.amount, payment.currencyCode)),
              h('td', { class: `tone-${label.tone}` }, h('span', { 'aria-hidden': 'true' }, `${label.symbol} `), label.label),
              h('td', {}, payment.outcome?.reasonCode ?? '–'),
            );
          }),
        ),
      ),
    );
  }
}
