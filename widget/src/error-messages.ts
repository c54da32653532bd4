/**
 * What the agent reads for each error code the API can answer: what happened, and what to do.
 * Written for an agent on a call, not for the developer: the API's own message is for the
 * developer and is never shown. A test checks that every code of the API's catalogue is here.
 */
export interface AgentMessage {
  message: string;
  action: string;
}

const TELL_ADMIN = 'If it happens again, tell your CRM administrator.';

export const API_ERROR_MESSAGES: Record<string, AgentMessage> = {
  INVALID_JSON: { message: 'The payment service could not read the request.', action: `Reload the page and try again. ${TELL_ADMIN}` },
  UNSUPPORTED_MEDIA_TYPE: {
    message: 'The request reached the payment service in a format it does not accept.',
    action: "Tell your CRM administrator: the CRM's connection to the payment service must send JSON.",
  },
  PAYLOAD_TOO_LARGE: {
    message: 'Too much payment data was sent.',
    action: 'Tell your CRM administrator: the CRM sends more customer details than the payment needs.',
  },
  INVALID_REQUEST: { message: 'Some payment details were not accepted.', action: `Check the fields named below and try again. ${TELL_ADMIN}` },
  INVALID_AMOUNT: { message: 'The amount is not valid.', action: 'Enter a positive amount with no more decimals than the currency has, e.g. 12.40.' },
  UNSUPPORTED_CURRENCY: { message: 'The currency is not valid.', action: 'Enter a three-letter currency code, e.g. GBP.' },
  UNKNOWN_PAYMENT_FLOW: {
    message: 'The payment type set for this page does not exist in the payment service.',
    action: "Tell your CRM administrator: the widget's payment-flow setting names no configured payment flow.",
  },
  SKIP_CALL_TRANSFER_NOT_ALLOWED: {
    message: 'This page is set up for testing (no call transfer) in a live environment.',
    action: "Tell your CRM administrator to remove the widget's skip-call-transfer setting.",
  },
  INVALID_PHONE_NUMBER: {
    message: "The customer's mobile number is not in international form.",
    action: 'Enter + then the country code and the number, digits only, e.g. +447700900123.',
  },
  CARD_NUMBER_REFUSED: {
    message: 'Something you entered looks like a card number, so nothing was sent.',
    action: 'Remove it: never type card details here. The customer gives the card number to the payment provider directly.',
  },
  INVALID_IDEMPOTENCY_KEY: { message: "The payment service refused the request's key.", action: `Reload the page and try again. ${TELL_ADMIN}` },
  IDEMPOTENCY_KEY_REUSED: {
    message: 'This request repeated an earlier one with different details.',
    action: 'Start the payment again: it is sent as a new payment.',
  },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: { message: 'This payment is still being opened.', action: 'Wait a few seconds, then press Try again.' },
  INVALID_SESSION_ID: {
    message: "The payment service did not recognise this payment's id.",
    action: "Reload the page and find the payment in the record's payments.",
  },
  SESSION_NOT_FOUND: {
    message: 'This payment session was not found.',
    action: "Reload the page and check the record's payments; start a new payment if none is there.",
  },
  LINK_NOT_FOUND: { message: 'This payment link was not found.', action: "Reload the page and check the record's payments; send a new link if none is there." },
  LINK_ALREADY_PAID: { message: 'This link has been paid, so it cannot be reissued.', action: 'Take no further payment for it.' },
  LINK_STILL_PAYABLE: {
    message: 'The customer can still pay with this link (they may be paying now), so a second link could take a second payment.',
    action: 'Ask the customer to use the link they have, or copy and resend it. Reissue it only once it has expired.',
  },
  LINK_OUTCOME_UNKNOWN: {
    message: 'The payment service may have taken payment on this link, but no longer holds its result.',
    action: 'Do not take another payment yet: ask your payments team to check the payment gateway.',
  },
  LINK_ALREADY_REISSUED: {
    message: 'This link was already replaced by a newer one.',
    action: "Press Refresh in the record's payments and use, or reissue, the newest link.",
  },
  LINK_NOT_OPENED: { message: 'The payment service never opened this link, so there is nothing to reissue.', action: 'Send a new payment link instead.' },
  INVALID_CURSOR: { message: 'The list of payments could not be continued.', action: 'Press Refresh to read the list from the start.' },
  UNAUTHORIZED: { message: "The payment service did not accept the CRM's sign-in.", action: `Reload the page to sign in again. ${TELL_ADMIN}` },
  FORBIDDEN: {
    message: "The CRM's connection is not allowed to do this.",
    action: 'Tell your CRM administrator: the connection lacks the permission (scope) for this action.',
  },
  NOT_FOUND: { message: 'The payment service did not recognise the request.', action: "Tell your CRM administrator: the widget's API address may be wrong." },
  VCC_CREDENTIALS_INVALID: {
    message: "The payment service refused the connector's credentials, so no payment can be taken now.",
    action: 'Tell your operations team (the VCC API credentials must be fixed), and take the payment later.',
  },
  VCC_PROVIDER_CREDENTIALS_INVALID: {
    message: "The card payment provider refused Vonage's credentials, so no payment can be taken now.",
    action: 'Tell your operations team: they must contact Vonage Contact Center support. Take the payment later.',
  },
  VCC_UNKNOWN_ACCOUNT_CONFIGURATION: {
    message: 'This payment type is not set up at Vonage for this environment.',
    action: 'Tell your operations team: the payment flow map must be fixed. Take the payment later.',
  },
  VCC_PROVIDER_PERMISSION_DENIED: {
    message: 'The card payment provider does not allow new payments for this account.',
    action: 'Tell your operations team: the PCI provider must fix its permissions. Take the payment later.',
  },
  VCC_TIMEOUT: {
    message: 'The payment service did not answer in time, and may have opened the payment anyway.',
    action: "Check the record's payments below, then start a new payment if needed.",
  },
  VCC_UNAVAILABLE: {
    message: 'The payment service failed.',
    action: 'Press Try again: it cannot open a second payment. If it fails again, start a new payment later.',
  },
  BAD_REQUEST: { message: 'The request was refused before it reached the payment service.', action: `Reload the page and try again. ${TELL_ADMIN}` },
  THROTTLED: { message: 'The payment service is busy.', action: 'Wait a few seconds, then press Try again.' },
  INTERNAL_ERROR: {
    message: 'Something went wrong in the payment connector.',
    action: 'Press Try again in a moment. If it fails again, give your support team the reference below.',
  },
};

/** Problems the widget finds itself, before or after the API. */
export const WIDGET_ERROR_MESSAGES = {
  NETWORK_ERROR: {
    message: 'The payment service could not be reached.',
    action: 'Check your connection, then press Try again: it cannot open a second payment.',
  },
  UNEXPECTED_ANSWER: {
    message: 'The payment service gave an answer the widget cannot read.',
    action: 'Press Try again. If it fails again, give your support team the reference below, if there is one.',
  },
  FORM_ORIGIN_REFUSED: {
    message: 'The payment form comes from a host this page does not trust, so it was not opened.',
    action: "Tell your CRM administrator: if the host is genuine, add it to the widget's form-origins.",
  },
  FORM_ALREADY_OPENED: { message: "This payment's form was already handed out once and cannot be opened again.", action: 'Start a new session.' },
  NOT_CONFIGURED: {
    message: 'This widget is not connected to the payment service.',
    action: 'Tell your CRM administrator: set api-base-url and getAccessToken, or a transport.',
  },
  INVALID_INPUT: { message: 'Some payment details need correcting.', action: 'Correct the fields marked below.' },
} as const satisfies Record<string, AgentMessage>;

export type WidgetErrorCode = keyof typeof WIDGET_ERROR_MESSAGES;

/** Codes after which sending the same request again, with the same Idempotency-Key, is safe. */
export const RETRY_WITH_SAME_KEY = new Set([
  'VCC_UNAVAILABLE',
  'THROTTLED',
  'IDEMPOTENCY_REQUEST_IN_PROGRESS',
  'INTERNAL_ERROR',
  'NETWORK_ERROR',
  'UNEXPECTED_ANSWER',
]);

const UNKNOWN: AgentMessage = {
  message: 'The payment service refused the request.',
  action: 'Try again. If it fails again, give your support team the reference below.',
};

export const agentMessage = (code: string): AgentMessage =>
  API_ERROR_MESSAGES[code] ?? (WIDGET_ERROR_MESSAGES as Record<string, AgentMessage>)[code] ?? UNKNOWN;

/** The API's names for request fields, in the words of the widget's labels. */
const FIELD_NAMES: Record<string, string> = {
  'paymentData.Amount': 'Amount',
  'paymentData.Currency': 'Currency',
  'paymentData.CustomerPhoneNumber': "Customer's mobile",
  'paymentData.MerchantReferenceCode': 'Merchant reference (set by the CRM)',
  agentId: 'Agent (set by the CRM)',
  crmReference: 'CRM record (set by the CRM)',
  paymentFlow: 'Payment type (set by the CRM)',
};

export const fieldName = (path: string): string => FIELD_NAMES[path] ?? `${path} (set by the CRM)`;
