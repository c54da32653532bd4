import { ResponseType, type RestApiBase } from 'aws-cdk-lib/aws-apigateway';
import { ERROR_CATALOGUE, type ErrorCode } from '#app/contract/error-catalogue.ts';

interface GatewayError {
  type: ResponseType;
  /** Left out to keep the status API Gateway chose (the DEFAULT_* types cover many). */
  status?: string;
  code: ErrorCode;
  message: string;
}

const GATEWAY_ERRORS: readonly GatewayError[] = [
  { type: ResponseType.UNAUTHORIZED, status: '401', code: 'UNAUTHORIZED', message: ERROR_CATALOGUE.UNAUTHORIZED.message },
  { type: ResponseType.ACCESS_DENIED, status: '403', code: 'FORBIDDEN', message: ERROR_CATALOGUE.FORBIDDEN.message },
  // API Gateway answers an unknown route with 403 "Missing Authentication Token"; no route of
  // ours uses IAM authorization, so this response only ever means "no such route".
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, status: '404', code: 'NOT_FOUND', message: ERROR_CATALOGUE.NOT_FOUND.message },
  { type: ResponseType.REQUEST_TOO_LARGE, status: '413', code: 'PAYLOAD_TOO_LARGE', message: ERROR_CATALOGUE.PAYLOAD_TOO_LARGE.message },
  { type: ResponseType.THROTTLED, status: '429', code: 'THROTTLED', message: ERROR_CATALOGUE.THROTTLED.message },
  // Keeps the status API Gateway chose: DEFAULT_4XX covers many.
  { type: ResponseType.DEFAULT_4XX, code: 'BAD_REQUEST', message: ERROR_CATALOGUE.BAD_REQUEST.message },
  { type: ResponseType.DEFAULT_5XX, code: 'INTERNAL_ERROR', message: ERROR_CATALOGUE.INTERNAL_ERROR.message },
];

/** The body every error of the API has, whether a function or the gateway produced it. */
const errorBody = (code: string, message: string): string => JSON.stringify({ error: { code, message, correlationId: '$context.requestId' } });

/**
 * Gives errors that API Gateway produces itself (authorizer, throttling, unknown route, Lambda
 * failure) the connector's error shape. A gateway response cannot choose among several origins
 * per request, so the CORS header is set only when exactly one origin is allowed.
 */
export function addGatewayErrorResponses(api: RestApiBase, allowedOrigins: readonly string[]): void {
  const [onlyOrigin] = allowedOrigins.length === 1 ? allowedOrigins : [];
  const responseHeaders = onlyOrigin ? { 'Access-Control-Allow-Origin': `'${onlyOrigin}'`, Vary: "'Origin'" } : undefined;
  for (const { type, status, code, message } of GATEWAY_ERRORS) {
    api.addGatewayResponse(`Gateway-${type.responseType}`, {
      type,
      statusCode: status,
      responseHeaders,
      templates: { 'application/json': errorBody(code, message) },
    });
  }
}
