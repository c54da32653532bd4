import type { OperationId } from '../contract/api-contract.ts';
import { ERROR_CATALOGUE, type ErrorCode, GATEWAY_ERRORS } from '../contract/error-catalogue.ts';
import { CREATE_PAYMENT_ERRORS } from '../use-cases/create-payment-session.ts';
import { NOT_FOUND_ERRORS } from '../use-cases/get-payment-session.ts';
import { LIST_PAYMENTS_ERRORS } from '../use-cases/list-payments.ts';
import { VCC_WEBHOOK_ERRORS } from '../use-cases/receive-vcc-webhook.ts';
import { REISSUE_PAYMENT_LINK_ERRORS } from '../use-cases/reissue-payment-link.ts';
import { TEXT_BODY_ERRORS } from './json-body.ts';
import { LIST_PAYMENTS_QUERY_ERRORS } from './list-payments-query.ts';
import { OPENING_REQUEST_ERRORS } from './opening-request.ts';
import { PAYMENT_ID_ERRORS } from './payment-id.ts';
import { PAYMENT_LINK_REQUEST_ERRORS, REISSUE_REQUEST_ERRORS } from './payment-link-request.ts';
import { PAYMENT_SESSION_REQUEST_ERRORS } from './payment-session-request.ts';

/**
 * The error codes each route can answer, from the steps its handler takes: each step (reading
 * the request, its use case, VCC) lists what it refuses with beside the code that refuses.
 * The contract describes each operation's errors with these (functions/app/http/openapi.ts).
 */
const STEPS: Record<OperationId, readonly (readonly ErrorCode[])[]> = {
  createPaymentSession: [OPENING_REQUEST_ERRORS, PAYMENT_SESSION_REQUEST_ERRORS, CREATE_PAYMENT_ERRORS],
  getPaymentSession: [PAYMENT_ID_ERRORS, NOT_FOUND_ERRORS['agent-assist']],
  createPaymentLink: [OPENING_REQUEST_ERRORS, PAYMENT_LINK_REQUEST_ERRORS, CREATE_PAYMENT_ERRORS],
  getPaymentLink: [PAYMENT_ID_ERRORS, NOT_FOUND_ERRORS['payment-link']],
  reissuePaymentLink: [PAYMENT_ID_ERRORS, OPENING_REQUEST_ERRORS, REISSUE_REQUEST_ERRORS, REISSUE_PAYMENT_LINK_ERRORS],
  listPayments: [LIST_PAYMENTS_QUERY_ERRORS, LIST_PAYMENTS_ERRORS],
  receiveVccWebhook: [TEXT_BODY_ERRORS, VCC_WEBHOOK_ERRORS],
};

/** What any route may answer besides its own refusals: API Gateway's, but for a path that is no route. */
const EVERY_ROUTE_ERRORS = Object.values(GATEWAY_ERRORS).filter((code) => code !== GATEWAY_ERRORS.noSuchRoute);

/** The codes a route can answer, each once, in the catalogue's order. */
export function routeErrors(operationId: OperationId): ErrorCode[] {
  const codes = new Set<ErrorCode>([...EVERY_ROUTE_ERRORS, ...STEPS[operationId].flat()]);
  return (Object.keys(ERROR_CATALOGUE) as ErrorCode[]).filter((code) => codes.has(code));
}
