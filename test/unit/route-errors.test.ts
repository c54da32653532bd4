import { readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ROUTES } from '#app/contract/api-contract.ts';
import { ERROR_CATALOGUE, GATEWAY_ERRORS } from '#app/contract/error-catalogue.ts';
import { routeErrors } from '#app/http/route-errors.ts';
import { LISTING_CURSOR_ERRORS } from '#app/ports/payment-store.ts';
import { VCC_CALL_ERRORS } from '#app/ports/vcc-payment-client.ts';

/**
 * The contract's codes per route come from lists that each step of a route declares beside the
 * code that refuses (functions/app/http/route-errors.ts). These tests keep the lists true: a
 * code a step names is in its list, so a new refusal cannot miss the contract.
 */
const REPO = fileURLToPath(new URL('../..', import.meta.url));
const CODES = new Set(Object.keys(ERROR_CATALOGUE));
/** An adapter's codes are its port's: the use cases see VCC and the store through them. */
const PORT_ERRORS: Record<string, readonly string[]> = {
  'functions/app/adapters/vcc/': VCC_CALL_ERRORS,
  'functions/app/adapters/dynamodb/': LISTING_CURSOR_ERRORS,
};
/** Every route's contract has these already: API Gateway answers them, and INTERNAL_ERROR is also a handler's failure. */
const ON_EVERY_ROUTE = new Set<string>(Object.values(GATEWAY_ERRORS));
const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?from\s+'([^']+)'/g;

function resolveImport(from: string, specifier: string): string | undefined {
  if (specifier.startsWith('#app/')) return join(REPO, 'functions/app', specifier.slice('#app/'.length));
  if (specifier.startsWith('.')) return join(dirname(from), specifier);
  return undefined;
}

/** The application's files a route's handler reaches, through any number of imports. */
function reachedFrom(handler: string): Set<string> {
  const reached = new Set<string>();
  const visit = (file: string) => {
    if (reached.has(file)) return;
    reached.add(file);
    for (const [, specifier] of readFileSync(file, 'utf8').matchAll(IMPORT)) {
      const target = resolveImport(file, specifier!);
      if (target) visit(target);
    }
  };
  visit(join(REPO, 'functions', handler, 'handler.ts'));
  return reached;
}

/** The catalogue codes a file names in quotes. */
const codesNamedIn = (file: string) =>
  [...readFileSync(file, 'utf8').matchAll(/'([A-Z][A-Z_]+)'/g)].map((match) => match[1]!).filter((code) => CODES.has(code));

/** Every catalogue code among a module's exported values, however nested. */
function codesDeclaredBy(module: Record<string, unknown>): Set<string> {
  const declared = new Set<string>();
  const collect = (value: unknown): void => {
    if (typeof value === 'string' && CODES.has(value)) declared.add(value);
    else if (Array.isArray(value)) value.forEach(collect);
    else if (typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype) Object.values(value).forEach(collect);
  };
  Object.values(module).forEach(collect);
  return declared;
}

const apiFiles = [...new Set(ROUTES.map(({ functionName }) => functionName))]
  .flatMap((handler) => [...reachedFrom(handler)])
  .filter((file, index, all) => all.indexOf(file) === index)
  .filter((file) => !relative(REPO, file).startsWith('functions/app/contract/'))
  .filter((file) => codesNamedIn(file).length > 0);

describe("the error codes of the API's routes", () => {
  it('are named only in steps that declare them', () => {
    expect(apiFiles.map((file) => relative(REPO, file))).toEqual(
      expect.arrayContaining([
        'functions/app/http/json-body.ts',
        'functions/app/adapters/vcc/vcc-http.ts',
        'functions/app/adapters/dynamodb/listing-cursor.ts',
      ]),
    );
  });

  it.each(apiFiles.map((file) => [relative(REPO, file), file]))('%s lists every code it names', async (_, file) => {
    const port = Object.keys(PORT_ERRORS).find((folder) => relative(REPO, file).startsWith(folder));
    const declared = port ? new Set<string>(PORT_ERRORS[port]) : codesDeclaredBy(await import(pathToFileURL(file).href));
    expect(codesNamedIn(file).filter((code) => !declared.has(code) && !ON_EVERY_ROUTE.has(code))).toEqual([]);
  });

  it("are each at least one route's, apart from the gateway's answer to a path that is no route", () => {
    const answered = new Set<string>(ROUTES.flatMap(({ operationId }) => routeErrors(operationId)));
    expect([...CODES].filter((code) => !answered.has(code))).toEqual(['NOT_FOUND']);
  });
});
