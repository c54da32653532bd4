import type { APIGatewayProxyEvent } from 'aws-lambda';

const DEFAULT_PORTS: Record<string, string> = { https: '443', http: '80' };
/** A host name or address, with a port when it came from a Host header; anything else is not echoed. */
const HOST = /^([A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*|\[[0-9A-Fa-f:.]+\])(:\d{1,5})?$/;
/** API Gateway's own domain, where the stage is the first segment of every path. */
const DEFAULT_DOMAIN = /\.execute-api\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

const segmentsOf = (path: string): string[] => path.split('/').filter(Boolean);

/**
 * What the client put before the route's path: the stage on API Gateway's default domain
 * (`/sandbox`), a custom domain's base path mapping (`/payments`), or nothing. API Gateway's
 * `requestContext.path` is the path as the client sent it, and the route's own path is its last
 * segments, as many as the resource template has; `event.path` cannot tell, as it holds the base
 * path on a custom domain but not the stage on the default one.
 */
function pathPrefix({ requestContext, resource }: APIGatewayProxyEvent, domain: string | undefined): string {
  const sent = requestContext.path;
  if (!sent) return domain && DEFAULT_DOMAIN.test(domain) && requestContext.stage ? `/${requestContext.stage}` : '';
  const segments = segmentsOf(sent);
  const prefix = segments.slice(0, Math.max(0, segments.length - segmentsOf(resource).length));
  return prefix.map((segment) => `/${segment}`).join('');
}

/** Scheme, host and port the client called; API Gateway sets X-Forwarded-Proto and -Port itself. */
function originOf(domain: string | undefined, headers: Record<string, string>): string {
  if (!domain || !HOST.test(domain)) return '';
  const scheme = headers['x-forwarded-proto'] === 'http' ? 'http' : 'https';
  const port = headers['x-forwarded-port'];
  const explicitPort = port && /^\d{1,5}$/.test(port) && port !== DEFAULT_PORTS[scheme] && !/:\d+$/.test(domain) ? `:${port}` : '';
  return `${scheme}://${domain}${explicitPort}`;
}

/**
 * The URL the API was called at, up to where the route's path begins, e.g.
 * `https://abc123.execute-api.eu-west-2.amazonaws.com/sandbox`: a location built on it resolves
 * behind a stage or a custom domain alike, where the route table's paths alone would drop the
 * stage. From `requestContext.domainName`, else the Host header; without either it is only the
 * prefix, and a location is then a path.
 */
export function apiBaseUrl(event: APIGatewayProxyEvent, headers: Record<string, string>): string {
  const domain = event.requestContext.domainName ?? headers.host;
  return `${originOf(domain, headers)}${pathPrefix(event, domain)}`;
}
