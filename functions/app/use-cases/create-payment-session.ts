import { randomUUID } from 'node:crypto';
import { ConnectorError } from '../contract/connector-error.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';
import { AGENT_ASSIST_SESSION_LIFETIME_MS, type AgentAssistSession, type Payment, RECONCILE_GRACE_MS } from '../model/payment.ts';
import type { CreatePaymentSessionRequest } from '../model/payment-requests.ts';
import type { VccPaymentClient } from '../ports/vcc-payment-client.ts';
import { claimIdempotencyKey, OPENING_ERRORS, type OpeningDeps, openVccSession } from './vcc-session-opening.ts';

export interface CreatePaymentSessionInput {
  request: CreatePaymentSessionRequest;
  clientId: string;
  idempotencyKey: string | null;
}

export interface CreatePaymentSessionDeps extends OpeningDeps {
  vcc: VccPaymentClient;
  paymentFlows: Record<string, number>;
  newId?: () => string;
}

/** What the agent's browser needs to open the provider's form; handed out once, never stored. */
export interface AgentAccess {
  agentAccessToken: string;
  agentRefreshToken: string;
}

export type CreatePaymentSessionResult =
  /** `recorded` is false when VCC opened its session but our store could not record VCC's answer. */
  { replayed: false; session: Payment; agentAccess: AgentAccess; recorded: boolean } | { replayed: true; session: Payment };

/** The fields every kind of payment records before VCC is called; each kind adds its own. */
export function pendingPaymentFields(
  fields: Pick<
    Payment,
    | 'id'
    | 'agentId'
    | 'paymentFlow'
    | 'accountConfigurationId'
    | 'amount'
    | 'currency'
    | 'merchantReference'
    | 'crmReference'
    | 'createdBy'
    | 'idempotencyKey'
    | 'expiresAt'
    | 'dueAt'
  > & { startedAt: Date },
) {
  const { startedAt, ...rest } = fields;
  return {
    ...rest,
    state: 'creating' as const,
    sessionGuid: null,
    providerSessionGuid: null,
    iframeUrl: null,
    vccSessionState: null,
    vccLastUpdatedOn: null,
    outcome: null,
    failureCode: null,
    vccMayHaveOpened: false,
    createdAt: startedAt.toISOString(),
    updatedAt: startedAt.toISOString(),
    dueWork: 'RECONCILE' as const,
  };
}

/** What creating a payment of either kind refuses with: its payment flow gone from the configuration, and what opening it does. */
export const CREATE_PAYMENT_ERRORS = ['UNKNOWN_PAYMENT_FLOW', ...OPENING_ERRORS] as const satisfies readonly ErrorCode[];

/** What a create request says about the payment, as both kinds record it. */
export function requestedPayment(
  request: { agentId: string; paymentFlow: string; paymentData: Record<string, string>; crmReference: string | null },
  { clientId, idempotencyKey, paymentFlows }: { clientId: string; idempotencyKey: string | null; paymentFlows: Record<string, number> },
) {
  const accountConfigurationId = paymentFlows[request.paymentFlow];
  if (accountConfigurationId === undefined) throw new ConnectorError('UNKNOWN_PAYMENT_FLOW');
  return {
    agentId: request.agentId,
    paymentFlow: request.paymentFlow,
    accountConfigurationId,
    amount: request.paymentData.Amount ?? '',
    currency: request.paymentData.Currency ?? '',
    merchantReference: request.paymentData.MerchantReferenceCode ?? null,
    crmReference: request.crmReference,
    createdBy: clientId,
    idempotencyKey,
  };
}

/**
 * Opens an agent-assist session at VCC. The session is recorded before VCC is called, so a
 * fast webhook always finds it, and an Idempotency-Key makes a double click open one session.
 */
export async function createPaymentSession(input: CreatePaymentSessionInput, deps: CreatePaymentSessionDeps): Promise<CreatePaymentSessionResult> {
  const { vcc, paymentFlows, now = () => new Date(), newId = randomUUID } = deps;
  const { request, clientId, idempotencyKey } = input;
  const id = newId();
  const startedAt = now();

  const earlier = await claimIdempotencyKey(deps.store, { clientId, idempotencyKey, request, sessionId: id, startedAt });
  if (earlier) return { replayed: true, session: earlier };

  const payment = requestedPayment(request, { clientId, idempotencyKey, paymentFlows });
  const { accountConfigurationId } = payment;
  const expiresAt = startedAt.getTime() + AGENT_ASSIST_SESSION_LIFETIME_MS;
  const pending: AgentAssistSession = {
    ...pendingPaymentFields({
      ...payment,
      id,
      startedAt,
      expiresAt: new Date(expiresAt).toISOString(),
      dueAt: new Date(expiresAt + RECONCILE_GRACE_MS).toISOString(),
    }),
    kind: 'agent-assist',
    paymentLink: null,
    reissueOf: null,
    supersededBy: null,
  };

  const {
    payment: session,
    handOut,
    recorded,
  } = await openVccSession(
    { pending, clientId, idempotencyKey },
    {
      open: async () => {
        const opened = await vcc.createAgentAssistSession({
          agentId: request.agentId,
          paymentData: request.paymentData,
          accountConfigurationId,
          ...(request.skipCallTransfer ? { skipCallTransfer: true } : {}),
        });
        return {
          answer: { sessionGuid: opened.sessionGuid, providerSessionGuid: opened.providerSessionGuid, iframeUrl: opened.iframeUrl },
          handOut: { agentAccessToken: opened.agentAccessToken, agentRefreshToken: opened.agentRefreshToken },
        };
      },
    },
    deps,
  );
  return { replayed: false, session, agentAccess: handOut, recorded };
}
