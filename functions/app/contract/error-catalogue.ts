/**
 * Every error code the API can return, with its HTTP status, the default message for the
 * caller and who must act. The README's error table is checked against this list by a test.
 */
export const ERROR_CATALOGUE = {
  INVALID_JSON: { status: 400, actor: 'caller', message: 'The request body is not valid JSON. Send a JSON object with quoted keys and string values.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, actor: 'caller', message: 'Send the body as application/json.' },
  PAYLOAD_TOO_LARGE: {
    status: 413,
    actor: 'caller',
    message: 'The request body is too large (16 KiB at most; 128 KiB for webhooks). Send only the payment data the gateway needs.',
  },
  INVALID_REQUEST: { status: 400, actor: 'caller', message: 'The request is invalid. See details for each field to fix.' },
  INVALID_AMOUNT: {
    status: 400,
    actor: 'caller',
    message: 'paymentData.Amount must be a positive decimal string with at most the currency\'s number of decimals, e.g. "12.40".',
  },
  UNSUPPORTED_CURRENCY: { status: 400, actor: 'caller', message: 'paymentData.Currency must be an ISO 4217 code, e.g. "GBP".' },
  UNKNOWN_PAYMENT_FLOW: { status: 400, actor: 'caller', message: 'paymentFlow names no payment flow configured for this environment.' },
  SKIP_CALL_TRANSFER_NOT_ALLOWED: {
    status: 400,
    actor: 'caller',
    message: 'skipCallTransfer is for testing and is not allowed in this environment. Remove it.',
  },
  INVALID_PHONE_NUMBER: {
    status: 400,
    actor: 'caller',
    message:
      'paymentData.CustomerPhoneNumber must be the customer\'s mobile number in E.164 form: + then the country code and number, digits only, e.g. "+447700900123".',
  },
  CARD_NUMBER_REFUSED: {
    status: 400,
    actor: 'caller',
    message: 'The request contains what looks like a card number. Never send card data: the customer gives it to the payment provider directly.',
  },
  INVALID_IDEMPOTENCY_KEY: { status: 400, actor: 'caller', message: 'Idempotency-Key must be 1 to 255 visible ASCII characters, e.g. a UUID.' },
  IDEMPOTENCY_KEY_REUSED: {
    status: 422,
    actor: 'caller',
    message: 'This Idempotency-Key was already used with a different request body. Use a new key for a new payment.',
  },
  IDEMPOTENCY_REQUEST_IN_PROGRESS: {
    status: 409,
    actor: 'caller',
    message: 'A request with this Idempotency-Key is still being processed. Retry in a few seconds.',
  },
  INVALID_SESSION_ID: {
    status: 400,
    actor: 'caller',
    message: 'The payment session or link id in the path is not a valid id: use the id the create call answered.',
  },
  SESSION_NOT_FOUND: {
    status: 404,
    actor: 'caller',
    message: 'No payment session with this id exists in this environment. A payment link is read at /v1/payment-links/{id}.',
  },
  LINK_NOT_FOUND: {
    status: 404,
    actor: 'caller',
    message: 'No payment link with this id exists in this environment. An agent-assist session is read at /v1/payment-sessions/{id}.',
  },
  LINK_ALREADY_PAID: { status: 409, actor: 'caller', message: 'This link has been paid: it cannot be reissued. Take no further payment for it.' },
  LINK_STILL_PAYABLE: {
    status: 409,
    actor: 'caller',
    message:
      'VCC still accepts payment on this link (the customer may be paying now) and has no call to cancel it, so a second link could take a second payment. Resend this link, or reissue it once it has expired.',
  },
  LINK_OUTCOME_UNKNOWN: {
    status: 409,
    actor: 'operator',
    message:
      "VCC reports this link's payment finished but had already deleted its result, so it may have been paid. Check the payment gateway before taking another payment.",
  },
  LINK_ALREADY_REISSUED: {
    status: 409,
    actor: 'caller',
    message: 'This link was already replaced by another (see supersededBy in the link): reissue that one if it is needed.',
  },
  LINK_NOT_OPENED: { status: 409, actor: 'caller', message: 'VCC never opened this link, so there is nothing to reissue: create a new payment link.' },
  INVALID_CURSOR: { status: 400, actor: 'caller', message: 'cursor must be the nextCursor of the previous page of the same crmReference, unchanged.' },
  UNAUTHORIZED: {
    status: 401,
    actor: 'caller',
    message: "Send a valid, unexpired bearer token with the scope this route needs, from the connector's token endpoint.",
  },
  FORBIDDEN: { status: 403, actor: 'caller', message: 'The token is not allowed to call this route.' },
  NOT_FOUND: { status: 404, actor: 'caller', message: 'No such route. See the API section of the README.' },
  VCC_CREDENTIALS_INVALID: {
    status: 502,
    actor: 'operator',
    message: 'The payment service rejected our API credentials. An operator must fix the VCC client ID and secret in Secrets Manager.',
  },
  VCC_PROVIDER_CREDENTIALS_INVALID: {
    status: 502,
    actor: 'VCC support',
    message: "The payment provider rejected Vonage's own credentials. Contact Vonage Contact Center support.",
  },
  VCC_UNKNOWN_ACCOUNT_CONFIGURATION: {
    status: 502,
    actor: 'operator',
    message: 'The payment flow maps to an account configuration VCC does not know. An operator must fix the payment flow map of this environment.',
  },
  VCC_PROVIDER_PERMISSION_DENIED: {
    status: 502,
    actor: 'PCI provider',
    message: "The payment provider's API user may not start payment sessions. The PCI provider must fix its permissions.",
  },
  VCC_TIMEOUT: {
    status: 504,
    actor: 'caller',
    message: 'The payment service did not answer in time and may have opened the session. Start a new payment with a new Idempotency-Key.',
  },
  VCC_UNAVAILABLE: {
    status: 502,
    actor: 'caller',
    message:
      'The payment service failed. Retrying with the same Idempotency-Key is safe: if VCC may already have opened the session, the retry repeats this error, and then a new payment needs a new key.',
  },
  // Only API Gateway answers these two, through the stack's gateway responses.
  BAD_REQUEST: {
    status: 400,
    actor: 'caller',
    message:
      'The API gateway refused the request before it reached the connector. Check the method, path, headers and body against the API section of the README.',
  },
  THROTTLED: { status: 429, actor: 'caller', message: 'Too many requests. Wait a few seconds and retry with the same Idempotency-Key.' },
  INTERNAL_ERROR: { status: 500, actor: 'operator', message: 'Something went wrong on our side. Quote the correlationId to an operator.' },
} as const satisfies Record<string, { status: number; actor: string; message: string }>;

export type ErrorCode = keyof typeof ERROR_CATALOGUE;

/**
 * The errors API Gateway answers itself, before or instead of a function: the stack's gateway
 * responses give each the connector's error shape (lib/constructs/gateway-error-responses.ts), and
 * the contract lists them for every route but `noSuchRoute`, which is the answer to a path that is no route.
 */
export const GATEWAY_ERRORS = {
  unauthorized: 'UNAUTHORIZED',
  accessDenied: 'FORBIDDEN',
  noSuchRoute: 'NOT_FOUND',
  requestTooLarge: 'PAYLOAD_TOO_LARGE',
  throttled: 'THROTTLED',
  otherRefusal: 'BAD_REQUEST',
  gatewayFailure: 'INTERNAL_ERROR',
} as const satisfies Record<string, ErrorCode>;
