/** Where a payment is (docs/architecture.md, "Payment states"). */
export type PaymentState =
  | 'creating' // recorded, VCC not yet answered
  | 'creation_failed' // VCC refused or failed; see failureCode
  | 'pending' // VCC session exists, no outcome yet
  | 'approved'
  | 'declined'
  | 'finished' // VCC says Finished, with no result (purged) or one the flow's reading cannot read
  | 'error'
  | 'timed_out'
  | 'expired';

export const TERMINAL_STATES: ReadonlySet<PaymentState> = new Set(['creation_failed', 'approved', 'declined', 'finished', 'error', 'timed_out', 'expired']);

/** What the gateway's result said, read with the payment flow's reading. */
export interface PaymentOutcome {
  /** The gateway's verdict as sent; null when the result had none the reading could find. */
  decision: string | null;
  reasonCode: string | null;
  amount: string | null;
  amountMinor: string | null;
  currency: string | null;
  transactionType: string | null;
  gatewayReference: string | null;
}

/**
 * What the reconciliation sweep still owes a session: RECONCILE while it may change, PUBLISH
 * while its outcome is not yet on the event bus, UNCONFIRMED while its creation failed in a way
 * that VCC may have opened it all the same (a result for an unknown VCC session may be its),
 * null when nothing is owed.
 */
export type DueWork = 'RECONCILE' | 'PUBLISH' | 'UNCONFIRMED';

/**
 * How the card holder reaches the provider's form: through the agent during the call, or by a
 * link sent to the customer (a VCC digital session), payable for 72 hours.
 */
export type PaymentKind = 'agent-assist' | 'payment-link';

/** What every payment holds, whatever its kind. */
interface PaymentFields {
  id: string;
  state: PaymentState;
  agentId: string;
  paymentFlow: string;
  accountConfigurationId: number;
  amount: string;
  currency: string;
  merchantReference: string | null;
  crmReference: string | null;
  /** The API client (OAuth client id) that created it. */
  createdBy: string;
  idempotencyKey: string | null;
  sessionGuid: string | null;
  providerSessionGuid: string | null;
  iframeUrl: string | null;
  vccSessionState: string | null;
  /** VCC's `lastUpdatedOn` of the status we last applied; orders status reports that arrive out of order. */
  vccLastUpdatedOn: string | null;
  outcome: PaymentOutcome | null;
  failureCode: string | null;
  /**
   * For `creation_failed`: whether VCC may have opened the session all the same (a timeout, an
   * answer we could not read, a crashed invocation), so a link we never received may exist.
   */
  vccMayHaveOpened: boolean;
  createdAt: string;
  updatedAt: string;
  /** When the form stops working: 5 minutes for agent assist, 72 hours for a link. */
  expiresAt: string;
  dueWork: DueWork | null;
  /** When the due work should be done; the sweep picks up work whose time has come. */
  dueAt: string | null;
}

/** A payment taken during a call: the agent's browser opens the PCI provider's form. */
export interface AgentAssistSession extends PaymentFields {
  kind: 'agent-assist';
  paymentLink: null;
  reissueOf: null;
  supersededBy: null;
}

/** A payment for a customer who is not on the call, who opens a link and pays within 72 hours. */
export interface PaymentLink extends PaymentFields {
  kind: 'payment-link';
  /** The customer-facing link; null when VCC's answer had none (it sent the link by SMS). */
  paymentLink: string | null;
  /** The link this one replaced, for a reissued link. */
  reissueOf: string | null;
  /** The link that replaced this one; the customer should be sent that one. */
  supersededBy: string | null;
}

/**
 * A payment as this connector keeps it, of either kind. It holds no card data and, of the card
 * holder's details, nothing: names, e-mail and address are forwarded to VCC and never stored.
 */
export type Payment = AgentAssistSession | PaymentLink;

/** A link may be reissued only once it cannot be paid any more: VCC has no call to cancel one. */
export const REISSUABLE_STATES: ReadonlySet<PaymentState> = new Set(['expired', 'timed_out', 'declined', 'error']);

/** States that produce an outcome event; a payment whose VCC session never opened has nothing to tell. */
export const hasOutcomeToPublish = (state: PaymentState): boolean => TERMINAL_STATES.has(state) && state !== 'creation_failed';

/** The sweep asks VCC about a payment this long after its form expired, if no webhook came. */
export const RECONCILE_GRACE_MS = 60 * 1000;

/** How long VCC keeps an agent-assist session open. */
export const AGENT_ASSIST_SESSION_LIFETIME_MS = 5 * 60 * 1000;

/** How long a payment link stays payable when VCC's answer does not say (VCC documents 72 hours). */
export const PAYMENT_LINK_LIFETIME_MS = 72 * 60 * 60 * 1000;

/**
 * How often the sweep asks VCC about an open link. VCC keeps a result for 15 minutes only, so a
 * payment whose webhook was lost is still recovered with its result.
 */
export const PAYMENT_LINK_POLL_INTERVAL_MS = 10 * 60 * 1000;

/** A payment still `creating` this long after it started was abandoned by a crashed invocation. */
export const CREATION_ABANDONED_AFTER_MS = 2 * 60 * 1000;
