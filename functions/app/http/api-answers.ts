import { z } from 'zod';
import { type OperationId, ROUTES } from '../contract/api-contract.ts';
import type { ErrorCode } from '../contract/error-catalogue.ts';
import type { PaymentKind, PaymentState } from '../model/payment.ts';
import type { VccEventSource } from '../vcc/vcc-event.ts';
import { PAYMENT_FORM_TARGET } from './payment-view.ts';
import { routeErrors } from './route-errors.ts';

/**
 * The API's answers as schemas, for the OpenAPI contract (functions/app/http/openapi.ts). The
 * views build the answers; test/unit/openapi.test.ts checks at compile time that each view fits
 * its schema, so the two cannot drift. Each schema that an answer nests has a registry `id`, so
 * the contract names it as a component (External Services needs named objects inside arrays).
 */
export const answerSchemas = z.registry<{ id: string; description?: string }>();

const text = z.string();
const nullableText = text.nullable();

const KINDS = ['agent-assist', 'payment-link'] as const satisfies readonly PaymentKind[];
const STATES = [
  'creating',
  'creation_failed',
  'pending',
  'approved',
  'declined',
  'finished',
  'error',
  'timed_out',
  'expired',
] as const satisfies readonly PaymentState[];
const SOURCES = ['webhook', 'poll', 'reconciliation'] as const satisfies readonly VccEventSource[];

export const paymentOutcomeSchema = z
  .object({
    decision: nullableText,
    reasonCode: nullableText,
    amount: nullableText,
    amountMinor: nullableText,
    currencyCode: nullableText,
    transactionType: nullableText,
    gatewayReference: nullableText,
  })
  .register(answerSchemas, { id: 'PaymentOutcome', description: "What the gateway's result said, read with the payment flow's reading." });

export const paymentSchema = z
  .object({
    id: text,
    kind: z.enum(KINDS),
    state: z.enum(STATES),
    sessionGuid: nullableText,
    providerSessionGuid: nullableText,
    vccSessionState: nullableText,
    agentId: text,
    paymentFlow: text,
    amount: text,
    currencyCode: text.describe('ISO 4217, e.g. GBP.'),
    merchantReference: nullableText,
    crmReference: nullableText,
    iframeUrl: nullableText.optional().describe('Agent assist only: the PCI provider form the agent opens.'),
    paymentLink: nullableText.optional().describe("Payment link only: the customer's link; null when VCC sent it by SMS and answered none."),
    reissueOf: nullableText.optional().describe('Payment link only: the link this one replaced.'),
    supersededBy: nullableText.optional().describe('Payment link only: the link that replaced this one.'),
    outcome: paymentOutcomeSchema.nullable(),
    failureCode: nullableText,
    createdAt: text,
    updatedAt: text,
    expiresAt: text,
  })
  .register(answerSchemas, { id: 'Payment', description: 'A payment: an agent-assist session or a payment link.' });

export const vccHistoryEntrySchema = z
  .object({ eventId: text, source: z.enum(SOURCES), sessionState: text, lastUpdatedOn: nullableText, receivedAt: text })
  .register(answerSchemas, { id: 'VccHistoryEntry', description: 'One distinct VCC status report about the session, without its body.' });

export const paymentWithHistorySchema = paymentSchema
  .extend({ vccHistory: z.array(vccHistoryEntrySchema) })
  .register(answerSchemas, { id: 'PaymentWithHistory', description: 'A payment and every distinct VCC status report about it, oldest first.' });

export const paymentFormSchema = z
  .object({
    method: z.literal('POST'),
    action: text,
    target: z.literal(PAYMENT_FORM_TARGET),
    fields: z.object({ 'X-BEARER-TOKEN': text, 'X-REFRESH-TOKEN': text }),
  })
  .register(answerSchemas, { id: 'PaymentForm', description: "The form the agent's browser auto-submits into an iframe to open the provider's form." });

export const openedPaymentSchema = paymentSchema
  .extend({
    location: text.describe("The payment's URL, to read it with GET: the Location header of a 201, on the host and stage the request came in on."),
    replayed: z.boolean().describe('true when this answer repeats the one to an earlier request with this Idempotency-Key (the Idempotent-Replayed header).'),
  })
  .register(answerSchemas, {
    id: 'OpenedPayment',
    description: 'A payment as the call that opened it answers: with where to read it, and whether the answer is a replay.',
  });

export const createdPaymentSessionSchema = openedPaymentSchema
  .extend({ agentAccessToken: text, agentRefreshToken: text, paymentForm: paymentFormSchema })
  .register(answerSchemas, {
    id: 'CreatedPaymentSession',
    description: 'A new agent-assist session with the agent tokens and the form that opens it: handed out once, never stored.',
  });

export const paymentsPageSchema = z
  .object({ payments: z.array(paymentSchema), nextCursor: nullableText })
  .register(answerSchemas, { id: 'PaymentsPage', description: "A page of one CRM record's payments, newest first; nextCursor is null on the last page." });

export const webhookReceiptSchema = z
  .object({ received: z.literal(true), eventId: text, duplicate: z.boolean(), sessionId: nullableText, state: nullableText })
  .register(answerSchemas, { id: 'WebhookReceipt', description: 'The status report is stored; duplicate is true when it was already.' });

export const errorDetailSchema = z
  .object({ path: text, message: text })
  .register(answerSchemas, { id: 'ErrorDetail', description: 'One problem in the request: where, and what to send instead.' });

const errorAnswerOf = (codes: readonly ErrorCode[]) =>
  z.object({
    error: z.object({
      code: z.enum(codes as [ErrorCode, ...ErrorCode[]]),
      message: text,
      details: z.array(errorDetailSchema).optional(),
      correlationId: text,
    }),
  });

/**
 * Each operation's error answer, its code narrowed to those the route can answer
 * (route-errors.ts), so that a CRM branches only on codes it can get. Every error answer has
 * this shape; only the codes differ.
 */
export const errorAnswerSchemas = Object.fromEntries(
  ROUTES.map(({ operationId }) => [
    operationId,
    errorAnswerOf(routeErrors(operationId)).register(answerSchemas, {
      id: `${operationId.charAt(0).toUpperCase()}${operationId.slice(1)}Error`,
      description: `The error answers of ${operationId}. Branch on code; docs/errors.md says what each means and who acts.`,
    }),
  ]),
) as Record<OperationId, ReturnType<typeof errorAnswerOf>>;
