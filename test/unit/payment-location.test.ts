import type { APIGatewayProxyEvent, Context } from 'aws-lambda';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { ROUTES } from '#app/contract/api-contract.ts';
import { apiHandler } from '#app/http/api-handler.ts';
import { paymentLinkAnswer, paymentSessionAnswer } from '#app/http/opened-payment-answers.ts';
import type { Payment } from '#app/model/payment.ts';
import { routeMatcher } from '../../local/gateway/route-matcher.ts';
import { creatingPayment } from '../support/payment-fixture.ts';

const DEFAULT_DOMAIN = 'abc123defg.execute-api.eu-west-2.amazonaws.com';
const CUSTOM_DOMAIN = 'payments.example.com';

/** Where a client reaches the API, and what API Gateway then puts in the proxy event. */
interface Entry {
  domainName?: string;
  /** What precedes the route in the URL: the stage on the default domain, a base path mapping on a custom one. */
  prefix: string;
  /** On a custom domain, `event.path` holds the base path as well; on the default domain it lacks the stage. */
  pathHoldsPrefix: boolean;
  headers?: Record<string, string>;
}

const behindStage: Entry = {
  domainName: DEFAULT_DOMAIN,
  prefix: '/sandbox',
  pathHoldsPrefix: false,
  headers: { Host: DEFAULT_DOMAIN, 'X-Forwarded-Proto': 'https', 'X-Forwarded-Port': '443' },
};
const behindBasePath: Entry = {
  domainName: CUSTOM_DOMAIN,
  prefix: '/card-payments',
  pathHoldsPrefix: true,
  headers: { Host: CUSTOM_DOMAIN, 'X-Forwarded-Proto': 'https', 'X-Forwarded-Port': '443' },
};

/** A proxy event shaped as API Gateway's REST API sends it to the route's function. */
function eventFor(entry: Entry, method: 'POST', resource: string, pathParameters: Record<string, string> = {}): APIGatewayProxyEvent {
  const routePath = resource.replace(/\{(\w+)\}/g, (_, name: string) => pathParameters[name] ?? '');
  return {
    httpMethod: method,
    resource,
    path: entry.pathHoldsPrefix ? `${entry.prefix}${routePath}` : routePath,
    headers: entry.headers ?? {},
    multiValueHeaders: {},
    pathParameters: Object.keys(pathParameters).length > 0 ? pathParameters : null,
    queryStringParameters: null,
    multiValueQueryStringParameters: null,
    stageVariables: null,
    body: '{}',
    isBase64Encoded: false,
    requestContext: {
      requestId: 'c6af9ac6-7b61-11e6-9a41-93e812345678',
      resourcePath: resource,
      httpMethod: method,
      path: `${entry.prefix}${routePath}`,
      stage: entry.prefix === '/sandbox' ? 'sandbox' : 'production',
      ...(entry.domainName ? { domainName: entry.domainName } : {}),
      authorizer: { claims: { client_id: 'crm' } },
    } as unknown as APIGatewayProxyEvent['requestContext'],
  };
}

const context = { functionName: 'test', awsRequestId: 'r', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;
const invoke = (event: APIGatewayProxyEvent, answer: Parameters<typeof apiHandler>[0]) => apiHandler(answer, { allowedOrigins: [] })(event, context);

const routes = routeMatcher(ROUTES);

/** What a client following `url` reaches: it must be this domain and prefix, then a GET route of the route table. */
function resolve(url: string, { domainName, prefix }: Entry) {
  const { protocol, host, pathname } = new URL(url);
  expect(`${protocol}//${host}`).toBe(`https://${domainName}`);
  expect(pathname.startsWith(`${prefix}/`)).toBe(true);
  const matched = routes.match('GET', pathname.slice(prefix.length));
  return matched && { route: matched.route.path, id: matched.pathParameters.id };
}

const payment = (kind: Payment['kind']) => creatingPayment({ kind, state: 'pending', sessionGuid: 'g-1', iframeUrl: 'https://pay.example/form' });
const agentAccess = { agentAccessToken: 'bearer', agentRefreshToken: 'refresh' };

beforeEach(() => {
  // Powertools writes its metrics and logs to stdout; they are not what this test reads.
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  return () => vi.restoreAllMocks();
});

describe('the location of a new payment, in the Location header and the body', () => {
  it.each([
    ['behind the default domain, with the stage in the path', behindStage],
    ['behind a custom domain, with its base path mapping', behindBasePath],
  ])('for an agent-assist session %s, is an absolute URL that resolves to reading it', async (_, entry) => {
    const session = payment('agent-assist');
    const answer = await invoke(eventFor(entry, 'POST', '/v1/payment-sessions'), async (request) =>
      paymentSessionAnswer(request, { replayed: false, session, agentAccess, recorded: true }),
    );
    const body = JSON.parse(answer.body);
    expect(answer.statusCode).toBe(201);
    expect(answer.headers?.location).toBe(`https://${entry.domainName}${entry.prefix}/v1/payment-sessions/${session.id}`);
    expect(body).toMatchObject({ id: session.id, location: answer.headers?.location, replayed: false });
    expect(resolve(body.location, entry)).toEqual({ route: '/v1/payment-sessions/{id}', id: session.id });
  });

  it.each([
    ['behind the default domain, with the stage in the path', behindStage],
    ['behind a custom domain, with its base path mapping', behindBasePath],
  ])('for a reissued payment link %s, resolves to reading the new link', async (_, entry) => {
    const link = payment('payment-link');
    const old = '5b0e3a8c-0d43-4c55-9f0a-6a3c6a2f1f0e';
    const answer = await invoke(eventFor(entry, 'POST', '/v1/payment-links/{id}/reissue', { id: old }), async (request) =>
      paymentLinkAnswer(request, { replayed: false, link, recorded: true }),
    );
    const body = JSON.parse(answer.body);
    expect(answer.headers?.location).toBe(body.location);
    expect(resolve(body.location, entry)).toEqual({ route: '/v1/payment-links/{id}', id: link.id });
  });

  it('for a replay, is in the body, which says it is one, as Idempotent-Replayed does', async () => {
    const link = payment('payment-link');
    const answer = await invoke(eventFor(behindStage, 'POST', '/v1/payment-links'), async (request) => paymentLinkAnswer(request, { replayed: true, link }));
    const body = JSON.parse(answer.body);
    expect(answer.statusCode).toBe(200);
    expect(answer.headers?.['idempotent-replayed']).toBe('true');
    expect(body).toMatchObject({ id: link.id, replayed: true });
    expect(resolve(body.location, behindStage)).toEqual({ route: '/v1/payment-links/{id}', id: link.id });
  });

  it('keeps the scheme and port a gateway other than API Gateway says it was called on', async () => {
    const local: Entry = { domainName: '127.0.0.1', prefix: '', pathHoldsPrefix: false, headers: { 'X-Forwarded-Proto': 'http', 'X-Forwarded-Port': '4010' } };
    const session = payment('agent-assist');
    const answer = await invoke(eventFor(local, 'POST', '/v1/payment-sessions'), async (request) =>
      paymentSessionAnswer(request, { replayed: false, session, agentAccess, recorded: true }),
    );
    expect(answer.headers?.location).toBe(`http://127.0.0.1:4010/v1/payment-sessions/${session.id}`);
  });

  it('falls back to the Host header, and to the stage on the default domain, when the event lacks domainName and the path as sent', async () => {
    const event = eventFor({ prefix: '', pathHoldsPrefix: false, headers: { Host: DEFAULT_DOMAIN } }, 'POST', '/v1/payment-sessions');
    event.requestContext = { ...event.requestContext, path: undefined, stage: 'sandbox' } as unknown as APIGatewayProxyEvent['requestContext'];
    const session = payment('agent-assist');
    const answer = await invoke(event, async (request) => paymentSessionAnswer(request, { replayed: false, session, agentAccess, recorded: true }));
    expect(resolve(String(answer.headers?.location), behindStage)).toEqual({ route: '/v1/payment-sessions/{id}', id: session.id });
  });

  it('is a path when the request tells no host, or one that is not a host name', async () => {
    for (const headers of [{}, { Host: 'evil.example/phish?' }] as Record<string, string>[]) {
      const session = payment('agent-assist');
      const answer = await invoke(eventFor({ prefix: '', pathHoldsPrefix: false, headers }, 'POST', '/v1/payment-sessions'), async (request) =>
        paymentSessionAnswer(request, { replayed: false, session, agentAccess, recorded: true }),
      );
      expect(JSON.parse(answer.body).location).toBe(`/v1/payment-sessions/${session.id}`);
    }
  });
});
