import { randomUUID } from 'node:crypto';
import { ConnectorError } from '../contract/connector-error.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';
import { CREATION_ABANDONED_AFTER_MS, type Payment, REISSUABLE_STATES, TERMINAL_STATES } from '../model/payment.ts';
import type { ReissuePaymentLinkRequest } from '../model/payment-requests.ts';
import { vccEventFrom } from '../vcc/vcc-event.ts';
import { statusChangeFrom } from '../vcc/vcc-status-change.ts';
import { openLink, type PaymentLinkDeps, type PaymentLinkResult, pendingLink } from './create-payment-link.ts';
import { CREATE_PAYMENT_ERRORS } from './create-payment-session.ts';
import { expireLinkIfDue } from './expire-payment-link.ts';
import { claimIdempotencyKey } from './vcc-session-opening.ts';
import { takePolledStatus } from './vcc-status-reports.ts';

export interface ReissuePaymentLinkInput {
  linkId: string;
  request: ReissuePaymentLinkRequest;
  clientId: string;
  idempotencyKey: string | null;
}

/** Why a link is not reissued, besides what creating a link refuses with (VCC asked first, too). */
export const REISSUE_PAYMENT_LINK_ERRORS = [
  'LINK_NOT_FOUND',
  'LINK_ALREADY_PAID',
  'LINK_STILL_PAYABLE',
  'LINK_OUTCOME_UNKNOWN',
  'LINK_ALREADY_REISSUED',
  'LINK_NOT_OPENED',
  ...CREATE_PAYMENT_ERRORS,
] as const satisfies readonly ErrorCode[];

const alreadyReissued = (successorId: string) => new ConnectorError('LINK_ALREADY_REISSUED', { details: [{ path: 'supersededBy', message: successorId }] });

/** Why a link in this state cannot be reissued, or undefined when it can. */
function refusalFor(link: Payment): ConnectorError | undefined {
  if (REISSUABLE_STATES.has(link.state)) return undefined;
  switch (link.state) {
    case 'approved':
      return new ConnectorError('LINK_ALREADY_PAID');
    case 'finished':
      return new ConnectorError('LINK_OUTCOME_UNKNOWN');
    case 'creation_failed':
      return new ConnectorError('LINK_NOT_OPENED');
    default:
      return new ConnectorError('LINK_STILL_PAYABLE', { message: `${new ConnectorError('LINK_STILL_PAYABLE').message} It expires at ${link.expiresAt}.` });
  }
}

/**
 * A successor whose link VCC certainly never opened does not count: the debt has no live link,
 * so the link may be reissued again. Nor does one never recorded (the reissue died between its
 * two writes), once a creation would have shown. One VCC may have opened (its answer timed out)
 * counts until that link would have expired: nobody received it, but VCC may send it by SMS.
 */
async function failedSuccessorOf(link: Payment, { store }: PaymentLinkDeps, now: Date): Promise<string | null> {
  if (!link.supersededBy) return null;
  const successor = await store.getPayment(link.supersededBy);
  if (!successor) return now.getTime() - Date.parse(link.updatedAt) > CREATION_ABANDONED_AFTER_MS ? link.supersededBy : null;
  if (successor.state !== 'creation_failed') return null;
  if (successor.vccMayHaveOpened && now.getTime() < Date.parse(successor.expiresAt)) {
    throw new ConnectorError('LINK_OUTCOME_UNKNOWN', {
      message: `The link that replaced this one (${successor.id}) failed in a way that VCC may have opened it all the same, and it could be paid until ${successor.expiresAt}. Check with Vonage, or reissue after that time.`,
    });
  }
  return link.supersededBy;
}

/**
 * VCC has no call to cancel a link, so one may be replaced only once VCC itself no longer takes
 * payment on it. VCC is asked whenever our own state does not prove that: an open link, or one
 * we judged expired (VCC's 72 hours may run from the end of the call, not from the link).
 */
async function asVccSeesIt(link: Payment, deps: PaymentLinkDeps, now: Date): Promise<Payment> {
  if (!link.sessionGuid || (link.state !== 'pending' && link.state !== 'expired')) return link;
  const status = await deps.vcc.getSession(link.sessionGuid);
  if (!status) return expireLinkIfDue(link, now, deps); // VCC no longer knows it: past its expiry, it is over.
  const current = (await takePolledStatus(link.id, status, 'poll', deps)) ?? link;
  // Judged by what VCC says now, whatever our record could take of it.
  const report = vccEventFrom(status, 'poll', now.toISOString(), deps.resultReadings.fields);
  const atVcc = statusChangeFrom(report, deps.resultReadings.forFlow(link.paymentFlow)).state;
  if (atVcc === 'approved') throw new ConnectorError('LINK_ALREADY_PAID');
  if (atVcc === 'finished') throw new ConnectorError('LINK_OUTCOME_UNKNOWN');
  if (!TERMINAL_STATES.has(atVcc))
    throw new ConnectorError('LINK_STILL_PAYABLE', { message: `${new ConnectorError('LINK_STILL_PAYABLE').message} VCC reports it ${status.sessionState}.` });
  return current;
}

/**
 * Replaces a link the customer can no longer pay (expired, declined, failed) with a fresh VCC
 * digital session for the same payment: same amount, currency, reference and payment flow.
 * The old link is marked superseded by one conditional write before VCC is called, so of two
 * racing reissues one opens a link and the other is refused: one debt, one live link.
 */
export async function reissuePaymentLink(input: ReissuePaymentLinkInput, deps: PaymentLinkDeps): Promise<PaymentLinkResult> {
  const { store, paymentFlows, now = () => new Date(), newId = randomUUID } = deps;
  const { linkId, request, clientId, idempotencyKey } = input;
  const found = await store.getPayment(linkId);
  if (found?.kind !== 'payment-link') throw new ConnectorError('LINK_NOT_FOUND');
  const id = newId();
  const startedAt = now();

  const earlier = await claimIdempotencyKey(store, { clientId, idempotencyKey, request: { reissue: linkId, request }, sessionId: id, startedAt });
  if (earlier) return { replayed: true, link: earlier };

  try {
    const failedSuccessor = await failedSuccessorOf(found, deps, startedAt);
    if (found.supersededBy && !failedSuccessor) throw alreadyReissued(found.supersededBy);
    const link = await asVccSeesIt(found, deps, startedAt);
    const refusal = refusalFor(link);
    if (refusal) throw refusal;
    const accountConfigurationId = paymentFlows[link.paymentFlow];
    if (accountConfigurationId === undefined) throw new ConnectorError('UNKNOWN_PAYMENT_FLOW');
    // A slow status check must not leave the create to be cut off after VCC acted: stop while nothing is done.
    if (deps.hasTimeForVccCall && !deps.hasTimeForVccCall()) {
      throw new ConnectorError('VCC_UNAVAILABLE', {
        vccCertainlyDidNotAct: true,
        operatorHint: 'VCC answered the status check too slowly to open the new link in the time left',
      });
    }

    const claim = await store.supersedeLink(linkId, id, failedSuccessor, startedAt.toISOString());
    if (!claim.superseded) {
      const successor = claim.link?.supersededBy;
      throw successor && successor !== failedSuccessor
        ? alreadyReissued(successor)
        : ((claim.link && refusalFor(claim.link)) ?? new ConnectorError('LINK_ALREADY_REISSUED'));
    }

    const pending = {
      ...pendingLink({
        id,
        startedAt,
        agentId: request.agentId ?? link.agentId,
        paymentFlow: link.paymentFlow,
        accountConfigurationId,
        amount: link.amount,
        currency: link.currency,
        merchantReference: link.merchantReference,
        crmReference: link.crmReference,
        createdBy: clientId,
        idempotencyKey,
      }),
      reissueOf: linkId,
    };
    const paymentData = {
      ...request.paymentData,
      Amount: link.amount,
      Currency: link.currency,
      ...(link.merchantReference === null ? {} : { MerchantReferenceCode: link.merchantReference }),
    };
    const { payment: successor, recorded } = await openLink(
      { pending, vccBody: { agentId: pending.agentId, paymentData, accountConfigurationId } },
      { clientId, idempotencyKey },
      deps,
    );
    return { replayed: false, link: successor, recorded };
  } catch (error) {
    // Refused before anything was opened: the key is free for a retry once the cause is gone.
    if (idempotencyKey && !(await store.getPayment(id))) await store.releaseIdempotencyKey(clientId, idempotencyKey, id);
    throw error;
  }
}
