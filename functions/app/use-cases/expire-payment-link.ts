import type { Payment } from '../model/payment.ts';
import { publishIfOwed, type StatusReportDeps } from './vcc-status-reports.ts';

/**
 * A link past its expiry with no outcome becomes `expired`, and the CRM is told
 * (`payment.link.expired`) through the same owed-outcome path as a payment. A result that comes
 * later still replaces it: the money moved.
 */
export async function expireLinkIfDue(link: Payment, asOf: Date, deps: StatusReportDeps): Promise<Payment> {
  if (link.kind !== 'payment-link' || link.state !== 'pending' || asOf.getTime() < Date.parse(link.expiresAt)) return link;
  const expired = await deps.store.applyStatusChange(link.id, {
    state: 'expired',
    vccSessionState: link.vccSessionState,
    vccLastUpdatedOn: null,
    outcome: null,
    updatedAt: asOf.toISOString(),
  });
  if (!expired) return link;
  await publishIfOwed(expired, { ...deps, now: () => asOf });
  return expired;
}
