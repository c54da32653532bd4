import type { ErrorCode } from '../contract/error-catalogue.ts';
import type { DueWork, Payment } from '../model/payment.ts';
import type { StatusChange } from '../model/payment-state-machine.ts';

export type { StatusChange };

export interface IdempotencyClaim {
  /** Keys are per API client: two CRMs may pick the same key. */
  clientId: string;
  key: string;
  requestHash: string;
  sessionId: string;
  createdAt: string;
}

export type ClaimResult =
  | { claimed: true }
  /** `claimedAt` is when the key was claimed; empty when the claim was gone by the time it was read. */
  | { claimed: false; sessionId: string; requestHash: string; claimedAt: string };

export interface VccSessionOpened {
  sessionGuid: string;
  providerSessionGuid: string | null;
  /** The agent's form (agent assist) or the customer's link (payment link). */
  iframeUrl?: string;
  paymentLink?: string | null;
  /** A link's expiry as VCC gave it, and when the sweep should first look at the link. */
  expiresAt?: string;
  dueAt?: string;
  updatedAt: string;
}

/** What a listing refuses with: a cursor the store did not make, or made for another CRM record. */
export const LISTING_CURSOR_ERRORS = ['INVALID_CURSOR'] as const satisfies readonly ErrorCode[];

export interface PaymentsPage {
  payments: Payment[];
  /**
   * Where the next page starts, in the store's own terms: only the store reads it, everyone else
   * passes it on as it is. Undefined on the last page.
   */
  cursor: string | undefined;
}

/**
 * Where payments (of both kinds) live. The domain sees these operations only; each is one
 * conditional single-item write, so concurrent writers can never move a payment backwards.
 */
export interface PaymentStore {
  claimIdempotencyKey(claim: IdempotencyClaim): Promise<ClaimResult>;
  /** Frees a key whose request failed, so the caller can retry with it. */
  releaseIdempotencyKey(clientId: string, key: string, sessionId: string): Promise<void>;
  /** Records a payment before VCC is called; fails if the id exists. */
  insertPayment(payment: Payment): Promise<void>;
  getPayment(id: string): Promise<Payment | undefined>;
  /** creating -> pending; returns the payment as stored. */
  recordVccSessionOpened(id: string, opened: VccSessionOpened): Promise<Payment>;
  /**
   * creating -> creation_failed. When VCC may have opened a VCC session for it all the same, it stays
   * UNCONFIRMED until its form would have stopped working; otherwise nothing is owed.
   */
  recordCreationFailed(id: string, failure: { failureCode: string; vccMayHaveOpened: boolean }, updatedAt: string): Promise<void>;
  /**
   * Moves the payment as the state machine (payment-state-machine.ts) says for the change, which
   * may be derived from the payment as stored (its payment flow says how to read a result). A
   * move to a final state with an outcome records, in the same write, that the outcome must be
   * published. Returns the stored payment, changed or not; undefined when there is none.
   */
  applyStatusChange(id: string, change: StatusChange | ((payment: Payment) => StatusChange | null)): Promise<Payment | undefined>;
  /** Every payment whose creation failed but which VCC may have opened all the same. */
  listUnconfirmed(): Promise<string[]>;
  /**
   * Gives a payment whose creation failed the VCC session it turned out to have, if it has none:
   * one conditional write; false when it is not such a payment (any more).
   */
  adoptVccSession(id: string, sessionGuid: string, updatedAt: string): Promise<boolean>;
  /** A failed creation's form can no longer be used: nothing more can come of it. */
  retireUnconfirmed(id: string): Promise<void>;
  /** Ids of payments owing `work` whose due time is at or before `dueBy`, oldest first. */
  listDueWork(work: DueWork, dueBy: string, limit: number): Promise<string[]>;
  /**
   * Takes the owed publication for a while, so that of all who find it owed (duplicate
   * deliveries, the sweep) one publishes: the payment if taken, undefined if nothing is owed
   * or another holds it. An unfinished publication is owed again when the hold ends.
   */
  claimOutcomePublication(id: string, now: string, holdUntil: string): Promise<Payment | undefined>;
  /**
   * Payments still open (RECONCILE owed) whose form expired before `expiredBefore`: how many,
   * and the ids of the first `maxIds`. Reads the whole index partition of open payments.
   */
  findOverdue(expiredBefore: string, maxIds: number): Promise<{ count: number; ids: string[] }>;
  /** The outcome is on the bus: nothing more is owed. A no-op unless PUBLISH was owed. */
  markOutcomePublished(id: string): Promise<void>;
  /** VCC had no final word yet: look again at `dueAt`. A no-op unless RECONCILE is owed. */
  postponeReconciliation(id: string, dueAt: string): Promise<void>;
  /**
   * Marks a link replaced by `successorId`, if it is in a reissuable state and not replaced yet,
   * or replaced by `failedSuccessor` (a reissue whose link VCC never opened). One conditional
   * write, so of two racing reissues exactly one wins. Returns the link as stored either way.
   */
  supersedeLink(
    id: string,
    successorId: string,
    failedSuccessor: string | null,
    updatedAt: string,
  ): Promise<{ superseded: boolean; link: Payment | undefined }>;
  /**
   * The payments of one CRM record, both kinds, newest first, `limit` at a time: the first page,
   * or the one a page's `cursor` for the same CRM record points at (else LISTING_CURSOR_ERRORS).
   */
  listByCrmReference(crmReference: string, limit: number, cursor: string | undefined): Promise<PaymentsPage>;
}
