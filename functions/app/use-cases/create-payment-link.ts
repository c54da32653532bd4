import { randomUUID } from 'node:crypto';
import {
  CREATION_ABANDONED_AFTER_MS,
  PAYMENT_LINK_LIFETIME_MS,
  PAYMENT_LINK_POLL_INTERVAL_MS,
  type Payment,
  type PaymentLink,
  RECONCILE_GRACE_MS,
} from '../model/payment.ts';
import type { CreatePaymentLinkRequest } from '../model/payment-requests.ts';
import type { VccCreateDigitalSessionBody, VccPaymentClient } from '../ports/vcc-payment-client.ts';
import { pendingPaymentFields, requestedPayment } from './create-payment-session.ts';
import { claimIdempotencyKey, type OpeningDeps, openVccSession, type VccOpeningAnswer } from './vcc-session-opening.ts';

export interface PaymentLinkDeps extends OpeningDeps {
  vcc: VccPaymentClient;
  paymentFlows: Record<string, number>;
  newId?: () => string;
  /** Whether the invocation can still wait out one more VCC call; a reissue makes two. */
  hasTimeForVccCall?: () => boolean;
}

export interface CreatePaymentLinkInput {
  request: CreatePaymentLinkRequest;
  clientId: string;
  idempotencyKey: string | null;
}

export type PaymentLinkResult = { replayed: false; link: Payment; recorded: boolean } | { replayed: true; link: Payment };

const iso = (ms: number) => new Date(ms).toISOString();

/** When the sweep should look at an open link next: at the poll interval, and just after it expires. */
export function nextLinkLook(expiresAt: string, asOf: Date): string {
  return iso(Math.min(asOf.getTime() + PAYMENT_LINK_POLL_INTERVAL_MS, Date.parse(expiresAt) + RECONCILE_GRACE_MS));
}

/** What describes one link to be opened; a reissue fills it from the link it replaces. */
export interface LinkToOpen {
  pending: Payment;
  vccBody: VccCreateDigitalSessionBody;
}

/**
 * The link as recorded before VCC is called. Its expiry is 72 hours unless VCC's answer says
 * otherwise; while it is `creating` the sweep looks at it as soon as a crashed creation would
 * show, not 72 hours later.
 */
export function pendingLink(fields: Omit<Parameters<typeof pendingPaymentFields>[0], 'expiresAt' | 'dueAt'>): PaymentLink {
  const started = fields.startedAt.getTime();
  return {
    ...pendingPaymentFields({
      ...fields,
      expiresAt: iso(started + PAYMENT_LINK_LIFETIME_MS),
      dueAt: iso(started + CREATION_ABANDONED_AFTER_MS + RECONCILE_GRACE_MS),
    }),
    kind: 'payment-link',
    paymentLink: null,
    reissueOf: null,
    supersededBy: null,
  };
}

/** Opens a recorded link at VCC: the shared opening, with a digital session. */
export async function openLink({ pending, vccBody }: LinkToOpen, opening: { clientId: string; idempotencyKey: string | null }, deps: PaymentLinkDeps) {
  const { vcc, now = () => new Date() } = deps;
  return openVccSession<null>(
    { pending, ...opening },
    {
      open: async () => {
        const opened = await vcc.createDigitalSession(vccBody);
        const expiresAt = opened.expiresAt ?? pending.expiresAt;
        const answer: VccOpeningAnswer = {
          sessionGuid: opened.sessionGuid,
          providerSessionGuid: opened.providerSessionGuid,
          paymentLink: opened.paymentLink,
          expiresAt,
          dueAt: nextLinkLook(expiresAt, now()),
        };
        return { answer, handOut: null };
      },
    },
    deps,
  );
}

/**
 * Opens a payment link (a VCC digital session) for a customer who is not on the call. Same
 * rules as an agent-assist session: recorded first, idempotent by key, never retried at VCC.
 */
export async function createPaymentLink(input: CreatePaymentLinkInput, deps: PaymentLinkDeps): Promise<PaymentLinkResult> {
  const { paymentFlows, now = () => new Date(), newId = randomUUID } = deps;
  const { request, clientId, idempotencyKey } = input;
  const id = newId();
  const startedAt = now();

  // The operation is part of what the key stands for: the same key on a session and a link is a reuse.
  const earlier = await claimIdempotencyKey(deps.store, { clientId, idempotencyKey, request: { paymentLink: request }, sessionId: id, startedAt });
  if (earlier) return { replayed: true, link: earlier };

  const payment = requestedPayment(request, { clientId, idempotencyKey, paymentFlows });
  const pending = pendingLink({ ...payment, id, startedAt });
  const vccBody = { agentId: request.agentId, paymentData: request.paymentData, accountConfigurationId: payment.accountConfigurationId };
  const { payment: link, recorded } = await openLink({ pending, vccBody }, { clientId, idempotencyKey }, deps);
  return { replayed: false, link, recorded };
}
