import { readFileSync } from 'node:fs';
import SwaggerParser from '@apidevtools/swagger-parser';
import { createConfig, lint } from '@redocly/openapi-core';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { z } from 'zod';
import { ROUTES } from '#app/contract/api-contract.ts';
import { ERROR_CATALOGUE, type ErrorCode } from '#app/contract/error-catalogue.ts';
import type { openedPaymentSchema, paymentSchema, paymentsPageSchema, vccHistoryEntrySchema, webhookReceiptSchema } from '#app/http/api-answers.ts';
import { paymentFormSchema } from '#app/http/api-answers.ts';
import { type openedPaymentView, paymentFormFor, type paymentView, type vccHistoryView } from '#app/http/payment-view.ts';
import type { PaymentsList } from '#app/use-cases/list-payments.ts';
import type { WebhookReceipt } from '#app/use-cases/receive-vcc-webhook.ts';
import { OPENAPI_PATH, renderOpenApi } from '../../scripts/generate-openapi.ts';

type Json = Record<string, unknown>;
const committed = readFileSync(OPENAPI_PATH, 'utf8');
const contract = JSON.parse(committed) as Json & { paths: Record<string, Record<string, Json>>; components: Json };
const operations = Object.entries(contract.paths).flatMap(([path, methods]) =>
  Object.entries(methods).map(([method, operation]) => ({ route: `${method.toUpperCase()} ${path}`, operation })),
);

/** Apex's reserved words (Apex Developer Guide), which External Services cannot use as names. */
const APEX_RESERVED = new Set(
  `abstract activate and any array as asc autonomous begin bigdecimal blob boolean break bulk by byte case cast catch char class collect commit
  const continue currency date datetime decimal default delete desc do double else end enum exception exit export extends false final finally
  float for from global goto group having hint if implements import in inner insert instanceof int integer interface into join like limit
  list long loop map merge new not null nulls number object of on or outer override package parallel pragma private protected public retrieve
  return rollback select set short sobject sort static string super switch synchronized system testmethod then this throw time transaction
  trigger true try type undelete update upsert using virtual void webservice when where while after before count excludes first includes last
  order sharing with`.split(/\s+/),
);
/** Field names that are not Apex identifiers: the form fields VCC's provider form reads, as it spells them. */
const KNOWN_NON_IDENTIFIERS = ['X-BEARER-TOKEN', 'X-REFRESH-TOKEN'];

/** Every value in the contract, with the keys leading to it. */
function* walk(value: unknown, path: string[] = []): Generator<{ path: string[]; value: Json }> {
  if (typeof value !== 'object' || value === null) return;
  yield { path, value: value as Json };
  for (const [key, child] of Object.entries(value)) yield* walk(child, [...path, key]);
}
const schemaNodes = () => [...walk(contract)].filter(({ path }) => path.includes('schema') || path.includes('schemas'));

describe('docs/openapi.json', () => {
  it('is what npm run openapi writes from the route table and the schemas today (run it if this fails)', () => {
    expect(committed).toBe(renderOpenApi());
  });

  it("carries the package's version, so that a client sees the contract changed", () => {
    const { version } = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string };
    expect((contract.info as { version: string }).version).toBe(version);
  });

  it('is a valid OpenAPI 3.0.3 document', async () => {
    expect(contract.openapi).toBe('3.0.3');
    await expect(SwaggerParser.validate(structuredClone(contract) as never)).resolves.toBeDefined();
  });

  it('has one operation for every route of the route table, with its scopes under OAuth 2.0 client credentials', () => {
    expect(operations.map(({ route }) => route).sort()).toEqual(ROUTES.map(({ method, path }) => `${method} ${path}`).sort());
    for (const { method, path, scopes } of ROUTES) expect(contract.paths[path]?.[method.toLowerCase()]?.security).toEqual([{ oauth2: scopes }]);
    const scheme = (contract.components.securitySchemes as Record<string, Json>).oauth2 as { type: string; flows: Json };
    expect(scheme.type).toBe('oauth2');
    expect(Object.keys(scheme.flows)).toEqual(['clientCredentials']);
    const declared = Object.keys((scheme.flows.clientCredentials as { scopes: Json }).scopes);
    expect(declared).toEqual(expect.arrayContaining(ROUTES.flatMap(({ scopes }) => scopes)));
  });
});

describe('docs/openapi.json keeps to what Salesforce External Services imports', () => {
  it('gives every operation a unique operationId that is a camelCase Apex identifier and no reserved word', () => {
    const ids = operations.map(({ operation }) => operation.operationId as string);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ids) {
      expect(id).toMatch(/^[a-z][a-zA-Z0-9]*$/);
      expect(APEX_RESERVED.has(id.toLowerCase())).toBe(false);
    }
  });

  it('names no property or query parameter with an Apex reserved word, nor with what is not an identifier but the form fields VCC names', () => {
    const names = new Set<string>();
    for (const { value } of schemaNodes()) for (const name of Object.keys((value.properties as Json | undefined) ?? {})) names.add(name);
    for (const { value } of walk(contract.paths)) if (value.in === 'query') names.add(value.name as string);
    expect(names.size).toBeGreaterThan(40);
    expect([...names].filter((name) => APEX_RESERVED.has(name.toLowerCase()))).toEqual([]);
    expect([...names].filter((name) => !/^[a-zA-Z][a-zA-Z0-9]*$/.test(name)).sort()).toEqual(KNOWN_NON_IDENTIFIERS);
  });

  it('sends and answers application/json only', () => {
    const contents = [...walk(contract.paths)].filter(({ path }) => path.at(-1) === 'content').map(({ value }) => Object.keys(value));
    expect(contents.length).toBeGreaterThan(operations.length);
    for (const types of contents) expect(types).toEqual(['application/json']);
  });

  it('keeps every description under 1,333 characters', () => {
    for (const { value } of walk(contract)) if (typeof value.description === 'string') expect(value.description.length).toBeLessThan(1333);
  });

  it('has no nested anonymous arrays: the items of an array are a named schema or a scalar', () => {
    for (const { value } of schemaNodes()) {
      if (value.type !== 'array') continue;
      const items = value.items as Json;
      expect(items.$ref !== undefined || !['array', 'object'].includes(items.type as string)).toBe(true);
    }
  });

  it("describes each operation's error answers by status, with the codes its route can answer as an enum, each in its catalogue status", () => {
    const schemas = contract.components.schemas as Record<string, { properties: { error: { properties: { code: { enum: string[] } } } } }>;
    for (const { route, operation } of operations) {
      const responses = operation.responses as Record<string, { description: string; content: { 'application/json': { schema: { $ref: string } } } }>;
      const errors = Object.entries(responses).filter(([status]) => Number(status) >= 400);
      const refs = new Set(errors.map(([, response]) => response.content['application/json'].schema.$ref));
      expect([...refs], route).toHaveLength(1);
      const codes = schemas[[...refs][0]!.split('/').at(-1)!]!.properties.error.properties.code.enum;
      for (const code of codes) {
        const status = String(ERROR_CATALOGUE[code as ErrorCode].status);
        expect(responses[status]?.description, `${route} ${code}`).toContain(code);
      }
      // API Gateway's own failures keep the status it chose: 502 (a function failed) and 504 (timed out).
      const statuses = new Set([...codes.map((code) => String(ERROR_CATALOGUE[code as ErrorCode].status)), '502', '504']);
      expect(errors.map(([status]) => status).sort(), route).toEqual([...statuses].sort());
      for (const status of ['502', '504']) expect(responses[status]?.description, `${route} ${status}`).toContain('INTERNAL_ERROR');
    }
  });

  it('lists for an operation only the codes its route can answer, not the whole catalogue', () => {
    const codesOf = (operationId: string) => {
      const { operation } = operations.find(({ operation }) => operation.operationId === operationId)!;
      const responses = operation.responses as Record<string, { content: { 'application/json': { schema: { $ref: string } } } }>;
      const ref = responses['500']!.content['application/json'].schema.$ref;
      return (contract.components.schemas as Record<string, { properties: { error: { properties: { code: { enum: string[] } } } } }>)[ref.split('/').at(-1)!]!
        .properties.error.properties.code.enum;
    };
    // Read from the store only: VCC's failures are not a reader's, nor is the other kind's not found.
    expect(codesOf('getPaymentSession')).toEqual(expect.arrayContaining(['SESSION_NOT_FOUND', 'INVALID_SESSION_ID', 'UNAUTHORIZED']));
    expect(codesOf('getPaymentSession')).not.toContain('LINK_NOT_FOUND');
    expect(codesOf('getPaymentSession').filter((code) => code.startsWith('VCC_'))).toEqual([]);
    expect(codesOf('createPaymentLink')).toContain('INVALID_PHONE_NUMBER');
    expect(codesOf('createPaymentLink')).not.toContain('SKIP_CALL_TRANSFER_NOT_ALLOWED');
    expect(codesOf('createPaymentSession')).toContain('SKIP_CALL_TRANSFER_NOT_ALLOWED');
    expect(codesOf('reissuePaymentLink')).toEqual(expect.arrayContaining(['LINK_ALREADY_PAID', 'LINK_STILL_PAYABLE', 'VCC_TIMEOUT']));
    // VCC's report is read whatever its media type, and only stored, never checked for cards.
    expect(codesOf('receiveVccWebhook')).not.toContain('UNSUPPORTED_MEDIA_TYPE');
    expect(codesOf('receiveVccWebhook')).not.toContain('CARD_NUMBER_REFUSED');
    // Only a path that is no route is NOT_FOUND.
    for (const { operation } of operations) expect(codesOf(operation.operationId as string)).not.toContain('NOT_FOUND');
  });

  it('says in the body what its headers say, which External Services ignores: Location as location, Idempotent-Replayed as replayed', () => {
    const schemas = contract.components.schemas as Record<string, { properties: Record<string, Json> }>;
    let described = 0;
    for (const { operation } of operations) {
      const responses = operation.responses as Record<string, { headers?: Json; content: { 'application/json': { schema: { $ref: string } } } }>;
      for (const [status, response] of Object.entries(responses)) {
        const headers = Object.keys(response.headers ?? {});
        const body = schemas[response.content['application/json'].schema.$ref.split('/').at(-1) as string];
        if (headers.includes('Location')) {
          expect(status).toBe('201');
          expect(body?.properties.location).toMatchObject({ type: 'string' });
          described += 1;
        }
        if (headers.includes('Idempotent-Replayed')) {
          expect([status, responses['201'] !== undefined]).toEqual(['200', true]);
          expect(body?.properties.replayed).toMatchObject({ type: 'boolean' });
          expect(schemas[responses['201']!.content['application/json'].schema.$ref.split('/').at(-1) as string]?.properties.replayed).toBeDefined();
        }
      }
    }
    expect(described).toBe(3);
  });
});

describe('the answer schemas', () => {
  it('fit what the views answer (checked by the compiler)', () => {
    expectTypeOf<ReturnType<typeof paymentView>>().toExtend<z.output<typeof paymentSchema>>();
    expectTypeOf<ReturnType<typeof openedPaymentView>>().toExtend<z.output<typeof openedPaymentSchema>>();
    expectTypeOf<ReturnType<typeof vccHistoryView>[number]>().toExtend<z.output<typeof vccHistoryEntrySchema>>();
    expectTypeOf<Pick<PaymentsList, 'nextCursor'>>().toExtend<Pick<z.output<typeof paymentsPageSchema>, 'nextCursor'>>();
    expectTypeOf<WebhookReceipt & { received: true }>().toExtend<z.output<typeof webhookReceiptSchema>>();
  });

  it('fit the payment form an agent-assist session answers', () => {
    const form = paymentFormFor('https://pci.example.com/form', { agentAccessToken: 'a', agentRefreshToken: 'r' });
    expect(paymentFormSchema.parse(form)).toEqual(form);
  });
});

describe('the contract, linted by Redocly', () => {
  it('has no error under the recommended rules', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    const problems = await lint({ ref: OPENAPI_PATH, config });
    const errors = problems
      .filter((problem) => problem.severity === 'error')
      .map((problem) => `${problem.ruleId}: ${problem.message} at ${problem.location[0]?.pointer}`);
    expect(errors).toEqual([]);
  }, 60_000);
});
