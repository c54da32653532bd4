import { readFileSync } from 'node:fs';

interface Contract {
  paths: Record<string, Record<string, { responses: Record<string, { content?: { 'application/json': { schema: { $ref?: string } } } }> }>>;
  components: { schemas: Record<string, { properties?: { error?: { properties: { code: { enum: string[] } } } } }> };
}

const contract = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8')) as Contract;

/** The error codes of an operation's 4xx and 5xx answers, from the schemas they refer to. */
function errorCodesOf(operation: Contract['paths'][string][string]): string[] {
  const refs = Object.entries(operation.responses)
    .filter(([status]) => Number(status) >= 400)
    .map(([, response]) => response.content?.['application/json'].schema.$ref ?? '');
  return [...new Set(refs.flatMap((ref) => contract.components.schemas[ref.split('/').at(-1)!]?.properties?.error?.properties.code.enum ?? []))];
}

/** `/v1/payment-links/{id}` matches `/v1/payment-links/<anything but a slash>`, as the gateway matches it. */
const operations = Object.entries(contract.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({
    method: method.toUpperCase(),
    pattern: new RegExp(`^${path.replace(/\{\w+\}/g, '[^/]+')}$`),
    errorCodes: errorCodesOf(operation),
  })),
);

/**
 * The error codes the published contract (docs/openapi.json) says the operation at `method` and
 * `url` answers; undefined when no operation is there (the gateway's NOT_FOUND, a bad path).
 */
export function contractErrorCodes(method: string, url: string): string[] | undefined {
  let pathname: string;
  try {
    pathname = new URL(url, 'http://any').pathname;
  } catch {
    return undefined;
  }
  return operations.find((candidate) => candidate.method === method && candidate.pattern.test(pathname))?.errorCodes;
}
