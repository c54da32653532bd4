import { ResponseType, type RestApiBase } from 'aws-cdk-lib/aws-apigateway';
import { ERROR_CATALOGUE, type ErrorCode, GATEWAY_ERRORS } from '#app/contract/error-catalogue.ts';

interface GatewayResponse {
  type: ResponseType;
  /** Left out to keep the status API Gateway chose (the DEFAULT_* types cover many). */
  status?: string;
  code: ErrorCode;
}

const GATEWAY_RESPONSES: readonly GatewayResponse[] = [
  { type: ResponseType.UNAUTHORIZED, status: '401', code: GATEWAY_ERRORS.unauthorized },
  { type: ResponseType.ACCESS_DENIED, status: '403', code: GATEWAY_ERRORS.accessDenied },
  // API Gateway answers an unknown route with 403 "Missing Authentication Token"; no route of
  // ours uses IAM authorization, so this response only ever means "no such route".
  { type: ResponseType.MISSING_AUTHENTICATION_TOKEN, status: '404', code: GATEWAY_ERRORS.noSuchRoute },
  { type: ResponseType.REQUEST_TOO_LARGE, status: '413', code: GATEWAY_ERRORS.requestTooLarge },
  { type: ResponseType.THROTTLED, status: '429', code: GATEWAY_ERRORS.throttled },
  // Keeps the status API Gateway chose: DEFAULT_4XX covers many.
  { type: ResponseType.DEFAULT_4XX, code: GATEWAY_ERRORS.otherRefusal },
  { type: ResponseType.DEFAULT_5XX, code: GATEWAY_ERRORS.gatewayFailure },
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
  for (const { type, status, code } of GATEWAY_RESPONSES) {
    api.addGatewayResponse(`Gateway-${type.responseType}`, {
      type,
      statusCode: status,
      responseHeaders,
      templates: { 'application/json': errorBody(code, ERROR_CATALOGUE[code].message) },
    });
  }
}
