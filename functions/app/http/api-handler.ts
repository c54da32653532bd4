import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';
import middy from '@middy/core';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { CORS, CUSTOM_METRICS } from '../contract/api-contract.ts';
import { ConnectorError, isConnectorError } from '../contract/connector-error.ts';
import { logger, metrics, tracer } from '../observability/powertools.ts';
import { looksLikeCardNumber, redactCardNumbers } from '../privacy/card-number-guard.ts';
import { apiBaseUrl } from './api-base-url.ts';
import type { ApiRequest, ApiResponse } from './api-request.ts';

const CORRELATION_ID = /^[A-Za-z0-9._-]{8,128}$/;

function lowerCaseHeaders(headers: APIGatewayProxyEvent['headers']): Record<string, string> {
  const result: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {})) if (value !== undefined) result[name.toLowerCase()] = value;
  return result;
}

function toApiRequest(event: APIGatewayProxyEvent, context: Context): ApiRequest {
  const headers = lowerCaseHeaders(event.headers);
  const offered = headers['x-correlation-id'];
  const claims = (event.requestContext.authorizer?.claims ?? {}) as Record<string, string>;
  return {
    method: event.httpMethod,
    path: event.path,
    resource: event.resource,
    baseUrl: apiBaseUrl(event, headers),
    pathParameters: (event.pathParameters ?? {}) as Record<string, string>,
    query: (event.queryStringParameters ?? {}) as Record<string, string>,
    headers,
    rawBody: event.body === null ? undefined : event.isBase64Encoded ? Buffer.from(event.body, 'base64').toString('utf8') : event.body,
    // An offered id goes into every log line, so it must not be able to carry a card number.
    correlationId: offered && CORRELATION_ID.test(offered) && !looksLikeCardNumber(offered) ? offered : event.requestContext.requestId,
    remainingTimeMs: () => context.getRemainingTimeInMillis(),
    caller: { clientId: claims.client_id ?? 'unknown' },
  };
}

function errorResponse(error: unknown, correlationId: string): ApiResponse {
  if (isConnectorError(error)) {
    const log = error.status >= 500 ? logger.error.bind(logger) : logger.warn.bind(logger);
    log('request refused', { errorCode: error.code, status: error.status, actor: error.actor, operatorHint: error.operatorHint, details: error.details });
    if (error.code.startsWith('VCC_')) {
      const metric = metrics.singleMetric();
      metric.addDimension('errorCode', error.code);
      metric.addMetric(CUSTOM_METRICS.vccError, MetricUnit.Count, 1);
    }
    const details = error.details.length > 0 ? { details: error.details } : {};
    return { status: error.status, body: { error: { code: error.code, message: error.message, ...details, correlationId } } };
  }
  // By name and message only: an error's other fields (an SDK's request, a cause) may hold request content.
  const { name, message } = error instanceof Error ? error : { name: `a thrown ${typeof error}`, message: '' };
  logger.error('unexpected error', { errorName: name, errorMessage: redactCardNumbers(String(message)) });
  const internal = new ConnectorError('INTERNAL_ERROR');
  return { status: internal.status, body: { error: { code: internal.code, message: internal.message, correlationId } } };
}

export interface ApiHandlerOptions {
  allowedOrigins: readonly string[];
}

/**
 * Wraps a route's core, `(request) => response`, into a Lambda handler for API Gateway's proxy
 * integration: one place for correlation ids, error mapping, CORS and Powertools.
 */
export function apiHandler(core: (request: ApiRequest) => Promise<ApiResponse>, { allowedOrigins }: ApiHandlerOptions) {
  const respond = async (event: APIGatewayProxyEvent, context: Context): Promise<APIGatewayProxyResult> => {
    const request = toApiRequest(event, context);
    logger.appendKeys({ correlationId: request.correlationId, route: `${request.method} ${event.resource}`, clientId: request.caller.clientId });
    let response: ApiResponse;
    try {
      response = await core(request);
    } catch (error) {
      response = errorResponse(error, request.correlationId);
    }
    const origin = request.headers.origin;
    const cors: Record<string, string> =
      origin && allowedOrigins.includes(origin)
        ? { 'access-control-allow-origin': origin, 'access-control-expose-headers': CORS.exposedHeaders.join(', '), vary: 'Origin' }
        : {};
    return {
      statusCode: response.status,
      headers: {
        'content-type': 'application/json',
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-correlation-id': request.correlationId,
        ...cors,
        ...response.headers,
      },
      body: JSON.stringify(response.body),
    };
  };

  return middy<APIGatewayProxyEvent, APIGatewayProxyResult, Error, Context>()
    .use([injectLambdaContext(logger, { resetKeys: true }), ...(tracer ? [captureLambdaHandler(tracer, { captureResponse: false })] : []), logMetrics(metrics)])
    .handler(respond);
}
