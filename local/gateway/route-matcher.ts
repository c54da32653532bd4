import type { RouteDefinition } from '../../functions/app/contract/api-contract.ts';

export interface MatchedRoute {
  route: RouteDefinition;
  pathParameters: Record<string, string>;
}

const patternOf = (path: string) => new RegExp(`^${path.replace(/\{(\w+)\}/g, (_, name: string) => `(?<${name}>[^/]+)`)}$`);

/** Matches `/v1/payment-sessions/abc` to `/v1/payment-sessions/{id}`, as API Gateway does. */
export function routeMatcher(routes: readonly RouteDefinition[]) {
  const compiled = routes.map((route) => ({ route, pattern: patternOf(route.path) }));
  return {
    match(method: string, path: string): MatchedRoute | undefined {
      for (const { route, pattern } of compiled) {
        const match = route.method === method ? pattern.exec(path) : null;
        if (match) {
          const pathParameters = Object.fromEntries(Object.entries(match.groups ?? {}).map(([k, v]) => [k, decodeURIComponent(v)]));
          return { route, pathParameters };
        }
      }
      return undefined;
    },
    /** Whether any route has this path, whatever its method (for CORS preflight). */
    hasPath(path: string): boolean {
      return compiled.some(({ pattern }) => pattern.test(path));
    },
  };
}
