import type { Payment } from '../model/payment.ts';
import { LISTING_CURSOR_ERRORS, type PaymentStore } from '../ports/payment-store.ts';

/** Only the store reads a cursor, so it alone refuses one. */
export const LIST_PAYMENTS_ERRORS = LISTING_CURSOR_ERRORS;

export interface ListPaymentsQuery {
  crmReference: string;
  pageSize: number;
  /** The previous page's `nextCursor`, as the caller sent it back; none for the first page. */
  cursor?: string | undefined;
}

export interface PaymentsList {
  payments: Payment[];
  /** Null on the last page. */
  nextCursor: string | null;
}

/** Every payment of one CRM record, agent-assist sessions and links alike, newest first, a page at a time. */
export async function listPayments({ crmReference, pageSize, cursor }: ListPaymentsQuery, store: PaymentStore): Promise<PaymentsList> {
  const page = await store.listByCrmReference(crmReference, pageSize, cursor);
  return { payments: page.payments, nextCursor: page.cursor ?? null };
}
