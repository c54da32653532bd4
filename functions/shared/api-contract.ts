/**
 * What the API exposes and who may call it: routes, the OAuth scopes that guard them and the
 * table's key attributes. The CDK stack and the local gateway both build from this list, so
 * local authorization is the same as API Gateway's.
 */
export const RESOURCE_SERVER_ID = 'payment-connector';

export const SCOPES = {
  sessionsWrite: `${RESOURCE_SERVER_ID}/sessions.write`,
  sessionsRead: `${RESOURCE_SERVER_ID}/sessions.read`,
} as const;

export type FunctionName = 'create-payment-session' | 'get-payment-session';

export interface RouteDefinition {
  method: 'GET' | 'POST';
  /** API Gateway path syntax: `{id}` is a path parameter. */
  path: string;
  functionName: FunctionName;
  scopes: string[];
}

export const ROUTES: readonly RouteDefinition[] = [
  { method: 'POST', path: '/v1/payment-sessions', functionName: 'create-payment-session', scopes: [SCOPES.sessionsWrite] },
  { method: 'GET', path: '/v1/payment-sessions/{id}', functionName: 'get-payment-session', scopes: [SCOPES.sessionsRead] },
];

/** The single DynamoDB table: string partition key `pk`, TTL attribute `ttl` (epoch seconds). */
export const TABLE_KEYS = { partitionKey: 'pk', ttlAttribute: 'ttl' } as const;

/** Largest request body we accept; payment data is a few hundred bytes. */
export const MAX_BODY_BYTES = 16 * 1024;

/** CORS, the same at API Gateway's preflight, in the functions' answers and in the local gateway. */
export const CORS = {
  allowedMethods: ['GET', 'POST', 'OPTIONS'],
  allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'X-Correlation-Id'],
  /** Answer headers a browser CRM may read. */
  exposedHeaders: ['Location', 'Idempotent-Replayed', 'X-Correlation-Id'],
} as const;

/** How the functions name themselves in logs and metrics (Powertools settings). */
export const OBSERVABILITY = { serviceName: 'vcc-payment-connector', metricsNamespace: 'VccPaymentConnector' } as const;
