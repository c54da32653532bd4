/** The payment as the API shows it: what the widget reads of it. */
export interface Payment {
  id: string;
  kind: 'agent-assist' | 'payment-link';
  state: string;
  vccSessionState: string | null;
  amount: string;
  currencyCode: string;
  merchantReference: string | null;
  crmReference: string | null;
  paymentLink?: string | null;
  reissueOf?: string | null;
  supersededBy?: string | null;
  outcome: PaymentOutcome | null;
  failureCode: string | null;
  createdAt: string;
  expiresAt: string | null;
}

export interface PaymentOutcome {
  decision: string | null;
  reasonCode: string | null;
  amount: string | null;
  currencyCode: string | null;
  gatewayReference: string | null;
}

/** What the agent's browser posts to open the PCI provider's form, as the API answers it. */
export interface PaymentForm {
  method: string;
  action: string;
  fields: Record<string, string>;
}

export const isPayment = (value: unknown): value is Payment => {
  const candidate = value as Partial<Payment> | null;
  return typeof candidate?.id === 'string' && typeof candidate.state === 'string' && (candidate.kind === 'agent-assist' || candidate.kind === 'payment-link');
};

const FINAL_STATES = new Set(['approved', 'declined', 'finished', 'timed_out', 'error', 'expired', 'creation_failed']);
export const isFinal = (payment: Payment): boolean => FINAL_STATES.has(payment.state);

/** A link that can no longer be paid, so it may be reissued. */
export const isReissuable = (payment: Payment): boolean =>
  payment.kind === 'payment-link' && !payment.supersededBy && ['expired', 'timed_out', 'declined', 'error'].includes(payment.state);

/** The end of a payment's life without an outcome: the agent needs a new session or link. */
export const hasRunOut = (payment: Payment): boolean => payment.state === 'expired' || payment.state === 'timed_out';

export interface StateLabel {
  /** Shown beside the label, so no state is told by colour alone. */
  symbol: string;
  label: string;
  tone: 'waiting' | 'good' | 'bad' | 'warning';
}

const LABELS: Record<string, StateLabel> = {
  creating: { symbol: '…', label: 'Opening', tone: 'waiting' },
  pending: { symbol: '…', label: 'Waiting', tone: 'waiting' },
  approved: { symbol: '✓', label: 'Approved', tone: 'good' },
  declined: { symbol: '✗', label: 'Declined', tone: 'bad' },
  finished: { symbol: '?', label: 'Result unknown', tone: 'warning' },
  timed_out: { symbol: '○', label: 'Timed out', tone: 'warning' },
  error: { symbol: '!', label: 'Error', tone: 'bad' },
  expired: { symbol: '○', label: 'Expired', tone: 'warning' },
  creation_failed: { symbol: '!', label: 'Not opened', tone: 'bad' },
};

export const stateLabel = (state: string): StateLabel => LABELS[state] ?? { symbol: '?', label: state, tone: 'warning' };

/** One sentence an agent reads: what happened and, when the payment is over, what to do next. */
export function stateSentence(payment: Payment): string {
  const link = payment.kind === 'payment-link';
  switch (payment.state) {
    case 'creating':
      return 'The payment service is opening the payment.';
    case 'pending':
      if (!link) return 'The payment form is open: the caller types the card number on the phone keypad.';
      if (payment.vccSessionState === 'InProgress') return 'The customer has opened the payment link.';
      return payment.paymentLink ? 'Link sent. Waiting for the customer to pay.' : 'Link sent by SMS to the customer. Waiting for the customer to pay.';
    case 'approved':
      return 'Payment approved.';
    case 'declined':
      return link ? "The customer's payment was declined. You can reissue the link." : 'The payment was declined. Start a new session to try again.';
    case 'finished':
      return 'The payment finished, but its result could not be read. Check with the payment gateway before taking another payment.';
    case 'timed_out':
      return link ? 'The link timed out unpaid. You can reissue it.' : 'The session timed out: nobody completed the payment form in time. Start a new session.';
    case 'expired':
      return link ? 'The link expired unpaid. You can reissue it.' : 'The payment form expired (a session lasts 5 minutes). Start a new session.';
    case 'error':
      return link
        ? 'The payment service reported an error on this link. You can reissue it.'
        : 'The payment service reported an error on this session. Start a new session.';
    case 'creation_failed':
      return 'The payment service did not open this payment.';
    default:
      return `The payment service reports "${payment.state}".`;
  }
}

/** "GBP 12.40", in the agent's locale, with the currency's code so that no symbol is ambiguous. */
export function formatMoney(amount: string, currency: string): string {
  try {
    return new Intl.NumberFormat(undefined, { style: 'currency', currency, currencyDisplay: 'code' }).format(Number(amount));
  } catch {
    return `${currency} ${amount}`;
  }
}

export const formatTime = (iso: string): string => {
  const time = new Date(iso);
  return Number.isNaN(time.getTime()) ? iso : new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(time);
};
