/**
 * What the API exposes and who may call it: routes, the OAuth scopes that guard them and the
 * table's key attributes. The CDK stack and the local gateway both build from this list, so
 * local authorization is the same as API Gateway's.
 */
export const RESOURCE_SERVER_ID = 'payment-connector';

export const SCOPES = {
  sessionsWrite: `${RESOURCE_SERVER_ID}/sessions.write`,
  sessionsRead: `${RESOURCE_SERVER_ID}/sessions.read`,
  /** VCC's only scope: it may post webhooks and nothing else; the CRM never gets it. */
  webhooksWrite: `${RESOURCE_SERVER_ID}/webhooks.write`,
} as const;

/** Every Lambda function; each is a folder under functions/ with a handler.ts. */
export type FunctionName =
  | 'create-payment-session'
  | 'get-payment-session'
  | 'create-payment-link'
  | 'reissue-payment-link'
  | 'list-payments'
  | 'receive-vcc-webhook'
  | 'reconcile-payment-sessions'
  | 'deliver-crm-callback';

/** Functions behind an API route; the others run on a schedule or a queue. */
export type ApiFunctionName = Exclude<FunctionName, 'reconcile-payment-sessions' | 'deliver-crm-callback'>;

/** Each route's name in the OpenAPI contract, and so in the Apex classes External Services generates from it. */
export type OperationId =
  | 'createPaymentSession'
  | 'getPaymentSession'
  | 'createPaymentLink'
  | 'getPaymentLink'
  | 'reissuePaymentLink'
  | 'listPayments'
  | 'receiveVccWebhook';

export interface RouteDefinition {
  operationId: OperationId;
  method: 'GET' | 'POST';
  /** API Gateway path syntax: `{id}` is a path parameter. */
  path: string;
  functionName: ApiFunctionName;
  scopes: string[];
}

export const ROUTES: readonly RouteDefinition[] = [
  { operationId: 'createPaymentSession', method: 'POST', path: '/v1/payment-sessions', functionName: 'create-payment-session', scopes: [SCOPES.sessionsWrite] },
  { operationId: 'getPaymentSession', method: 'GET', path: '/v1/payment-sessions/{id}', functionName: 'get-payment-session', scopes: [SCOPES.sessionsRead] },
  { operationId: 'createPaymentLink', method: 'POST', path: '/v1/payment-links', functionName: 'create-payment-link', scopes: [SCOPES.sessionsWrite] },
  // One reader for both kinds: a link is a payment session whose form the customer opens.
  { operationId: 'getPaymentLink', method: 'GET', path: '/v1/payment-links/{id}', functionName: 'get-payment-session', scopes: [SCOPES.sessionsRead] },
  {
    operationId: 'reissuePaymentLink',
    method: 'POST',
    path: '/v1/payment-links/{id}/reissue',
    functionName: 'reissue-payment-link',
    scopes: [SCOPES.sessionsWrite],
  },
  { operationId: 'listPayments', method: 'GET', path: '/v1/payments', functionName: 'list-payments', scopes: [SCOPES.sessionsRead] },
  { operationId: 'receiveVccWebhook', method: 'POST', path: '/v1/webhooks/vcc', functionName: 'receive-vcc-webhook', scopes: [SCOPES.webhooksWrite] },
];

/** The single DynamoDB table: string partition key `pk`, TTL attribute `ttl` (epoch seconds). */
export const TABLE_KEYS = { partitionKey: 'pk', ttlAttribute: 'ttl' } as const;

/**
 * A sparse index of work the reconciliation sweep owes a session: `dueWork` is RECONCILE while
 * the session may still change and PUBLISH while its outcome is not yet on the event bus; the
 * attribute is removed when nothing is owed. It carries only `expiresAt` besides the keys, to
 * count overdue sessions; the sweep reads each item it works on consistently.
 */
export const DUE_WORK_INDEX = { indexName: 'due-work', partitionKey: 'dueWork', sortKey: 'dueAt', projectedAttributes: ['expiresAt'] } as const;

/** A payment's id, of either kind: a UUID the connector chose. Anything else names no payment. */
export const PAYMENT_ID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every payment attempt (sessions and links) of one CRM record, newest first: a sparse index, as
 * only sessions given a `crmReference` have the attribute. It projects every attribute, so a page
 * of the listing is one Query.
 */
export const CRM_REFERENCE_INDEX = { indexName: 'crm-reference', partitionKey: 'crmReference', sortKey: 'createdAt' } as const;

/** Pages of `GET /v1/payments`. */
export const PAYMENTS_PAGE = { defaultSize: 20, maxSize: 100 } as const;

/** Outcome events on the environment's EventBridge bus; the README documents their schema. */
export const OUTCOME_EVENTS = {
  source: 'vcc-payment-connector',
  detailTypes: {
    sessionCompleted: 'payment.session.completed',
    linkCompleted: 'payment.link.completed',
    linkExpired: 'payment.link.expired',
  },
} as const;

/** Delivery of outcome events to the CRM's signed callback: an SQS queue with a dead-letter queue. */
export const CRM_DELIVERY = {
  /** Attempts before a message moves to the dead-letter queue. */
  maxReceiveCount: 8,
  /** Retry n waits base * 2^(n-1) seconds, capped: 30 s, 1 min, 2 min ... 15 min. */
  backoffBaseSeconds: 30,
  backoffMaxSeconds: 900,
  /** How long one POST to the CRM may take. */
  requestTimeoutMs: 10_000,
} as const;

/** The reconciliation sweep: how often it runs, and when a payment counts as unresolved. */
export const RECONCILIATION = {
  scheduleMinutes: 1,
  /** Sessions still not terminal this long after their expected end count as unresolved. */
  unresolvedAfterMinutes: 15,
} as const;

/** Largest request body we accept; payment data is a few hundred bytes. */
export const MAX_BODY_BYTES = 16 * 1024;
/**
 * VCC's webhook echoes the payment data and adds the gateway's fields: a few KiB. Refusing one
 * loses its outcome, so the room is generous, yet a body kept with every card-like run replaced
 * (each may grow by half) still fits one DynamoDB item of 400 KB.
 */
export const MAX_WEBHOOK_BODY_BYTES = 128 * 1024;

/** CORS, the same at API Gateway's preflight, in the functions' answers and in the local gateway. */
export const CORS = {
  allowedMethods: ['GET', 'POST', 'OPTIONS'],
  allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Correlation-Id'],
  /** Answer headers a browser CRM may read. */
  exposedHeaders: ['Location', 'Idempotent-Replayed', 'X-Correlation-Id'],
} as const;

/** How the functions name themselves in logs and metrics (Powertools settings). */
export const OBSERVABILITY = { serviceName: 'vcc-payment-connector', metricsNamespace: 'VccPaymentConnector' } as const;

/**
 * The metrics the functions publish (each with the environment as a dimension), by the names the
 * stack's alarms and dashboard read them under: written once, here, for both sides.
 */
export const CUSTOM_METRICS = {
  paymentSessionCreated: 'PaymentSessionCreated',
  paymentLinkCreated: 'PaymentLinkCreated',
  /** By `errorCode`, the catalogue's VCC_* codes only. */
  vccError: 'VccError',
  /** A webhook we refused (4xx) is one VCC retries for 12 hours and then drops, result and all. */
  webhookRefused: 'VccWebhookRefused',
  /** Payments still not final `RECONCILIATION.unresolvedAfterMinutes` after their expected end. */
  unresolvedPayments: 'UnresolvedPaymentSessions',
  /** Payment results VCC sent for a VCC session no payment of ours is joined to. */
  unmatchedPaymentResults: 'UnmatchedPaymentResults',
  crmCallbackDelivered: 'CrmCallbackDelivered',
  /** One per failed attempt: retried, or dead-lettered after the last. */
  crmCallbackFailed: 'CrmCallbackFailed',
} as const;

export type CustomMetricName = (typeof CUSTOM_METRICS)[keyof typeof CUSTOM_METRICS];
