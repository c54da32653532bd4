import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult, Context } from 'aws-lambda';
import { type ApiFunctionName, CORS, ROUTES } from '../../functions/app/contract/api-contract.ts';
import { ERROR_CATALOGUE, type ErrorCode } from '../../functions/app/contract/error-catalogue.ts';
import { PayloadTooLargeError, readBody } from '../http/http-io.ts';
import { type RunningServer, startHttpServer } from '../http/http-server.ts';
import { lambdaContext } from '../lambda/lambda-context.ts';
import { cognitoAuthorizer } from './cognito-authorizer.ts';
import { routeMatcher } from './route-matcher.ts';

export type ProxyHandler = (event: APIGatewayProxyEvent, context: Context) => Promise<APIGatewayProxyResult>;

export interface LocalGatewayOptions {
  port?: number;
  host?: string;
  issuerUrl: string;
  jwksUrl: string;
  allowedOrigins: readonly string[];
  handlers: Record<ApiFunctionName, ProxyHandler>;
  /** Local-only pages served beside the API, e.g. the demo CRM page and the widget's module; a string is HTML. */
  pages?: Record<string, string | { contentType: string; body: string }>;
  /** Local-only POST endpoints, e.g. running the reconciliation sweep now; no auth, like the pages. */
  controls?: Record<string, (req: IncomingMessage, res: ServerResponse) => Promise<void>>;
}

/** The host and port the client called, as API Gateway tells them: `domainName` and X-Forwarded-Port. */
function calledAt(req: IncomingMessage, fallbackHost: string): { domainName: string; port: string } {
  const port = String(req.socket.localPort ?? '');
  try {
    const called = new URL(`http://${req.headers.host ?? ''}`);
    return { domainName: called.hostname, port: called.port || port };
  } catch {
    return { domainName: fallbackHost, port };
  }
}

/** A request the gateway has not answered yet: what a test that waited in vain reports. */
export interface InFlightRequest {
  method: string;
  path: string;
  forMs: number;
}

export interface LocalGateway extends RunningServer {
  inFlight(): InFlightRequest[];
}

/** API Gateway's own payload limit; our functions enforce a much smaller one themselves. */
const GATEWAY_MAX_BODY_BYTES = 10 * 1024 * 1024;

/**
 * Serves the Lambda handlers on the API's routes the way API Gateway's REST API does: the same
 * proxy events, the Cognito authorizer's checks, CORS limited to the configured origins, and
 * the gateway's own errors in our error shape (as the stack's gateway responses do).
 */
export async function startLocalGateway(options: LocalGatewayOptions): Promise<LocalGateway> {
  const routes = routeMatcher(ROUTES);
  const authorize = cognitoAuthorizer(options);
  const inFlight = new Map<string, { method: string; path: string; since: number }>();

  const corsHeaders = (origin: string | undefined): Record<string, string> =>
    origin && options.allowedOrigins.includes(origin) ? { 'access-control-allow-origin': origin, vary: 'Origin' } : {};

  const gatewayError = (res: ServerResponse, code: ErrorCode, requestId: string, origin: string | undefined) => {
    const { status, message } = ERROR_CATALOGUE[code];
    res
      .writeHead(status, { 'content-type': 'application/json', ...corsHeaders(origin) })
      .end(JSON.stringify({ error: { code, message, correlationId: requestId } }));
  };

  const server = await startHttpServer(options.port ?? 0, options.host ?? '127.0.0.1', async (req, res) => {
    const requestId = randomUUID();
    const url = new URL(req.url ?? '/', 'http://local');
    const origin = req.headers.origin;
    const method = req.method ?? 'GET';
    inFlight.set(requestId, { method, path: url.pathname, since: Date.now() });
    res.once('close', () => inFlight.delete(requestId));

    const page = method === 'GET' ? options.pages?.[url.pathname] : undefined;
    if (page !== undefined) {
      const { contentType, body } = typeof page === 'string' ? { contentType: 'text/html; charset=utf-8', body: page } : page;
      res.writeHead(200, { 'content-type': contentType, 'cache-control': 'no-store' }).end(body);
      return;
    }
    const control = method === 'POST' ? options.controls?.[url.pathname] : undefined;
    if (control) return control(req, res);
    if (method === 'OPTIONS' && routes.hasPath(url.pathname)) {
      res
        .writeHead(204, {
          ...corsHeaders(origin),
          'access-control-allow-methods': CORS.allowedMethods.join(','),
          'access-control-allow-headers': CORS.allowedHeaders.join(','),
        })
        .end();
      return;
    }
    let matched: ReturnType<typeof routes.match>;
    try {
      matched = routes.match(method, url.pathname);
    } catch {
      return gatewayError(res, 'BAD_REQUEST', requestId, origin); // a malformed %-escape in the path
    }
    if (!matched) return gatewayError(res, 'NOT_FOUND', requestId, origin);

    const auth = await authorize(req.headers.authorization, matched.route.scopes);
    // Like API Gateway, the answer does not say which check failed.
    if (!auth.allowed) return gatewayError(res, 'UNAUTHORIZED', requestId, origin);

    let body: string;
    try {
      body = await readBody(req, GATEWAY_MAX_BODY_BYTES);
    } catch (error) {
      if (error instanceof PayloadTooLargeError) return gatewayError(res, 'PAYLOAD_TOO_LARGE', requestId, origin);
      throw error;
    }

    const called = calledAt(req, options.host ?? '127.0.0.1');
    const headers = {
      ...Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(',') : (v ?? '')])),
      // API Gateway sets these itself, whatever the client sent.
      'x-forwarded-proto': 'http',
      'x-forwarded-port': called.port,
    };
    const query = Object.fromEntries(url.searchParams);
    const event = {
      resource: matched.route.path,
      path: url.pathname,
      httpMethod: method,
      headers,
      multiValueHeaders: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, [v]])),
      queryStringParameters: Object.keys(query).length > 0 ? query : null,
      multiValueQueryStringParameters: null,
      pathParameters: Object.keys(matched.pathParameters).length > 0 ? matched.pathParameters : null,
      stageVariables: null,
      body: body.length > 0 ? body : null,
      isBase64Encoded: false,
      requestContext: {
        requestId,
        resourcePath: matched.route.path,
        httpMethod: method,
        // The path as the client sent it. No stage in it: the local stack is served like a custom
        // domain whose root maps to the stage, where API Gateway's default domain has `/<stage>`.
        path: url.pathname,
        stage: 'local',
        domainName: called.domainName,
        authorizer: { claims: auth.claims },
      },
    } as unknown as APIGatewayProxyEvent;

    const functionName = matched.route.functionName;
    const result = await options.handlers[functionName](event, lambdaContext(functionName, requestId));
    res.writeHead(result.statusCode, result.headers as Record<string, string>).end(result.body);
  });
  return {
    ...server,
    inFlight: () => [...inFlight.values()].map(({ method, path, since }) => ({ method, path, forMs: Date.now() - since })),
  };
}
