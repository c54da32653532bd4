import { z } from 'zod';
import { type OperationId, ROUTES, type RouteDefinition, SCOPES } from '../contract/api-contract.ts';
import { ERROR_CATALOGUE, type ErrorCode, GATEWAY_ERRORS } from '../contract/error-catalogue.ts';
import {
  answerSchemas,
  createdPaymentSessionSchema,
  errorAnswerSchemas,
  openedPaymentSchema,
  paymentsPageSchema,
  paymentWithHistorySchema,
  webhookReceiptSchema,
} from './api-answers.ts';
import { listPaymentsQuerySchema } from './list-payments-query.ts';
import { paymentLinkRequestSchema, reissuePaymentLinkRequestSchema } from './payment-link-request.ts';
import { paymentSessionRequestSchema } from './payment-session-request.ts';
import { routeErrors } from './route-errors.ts';

/**
 * The OpenAPI 3.0.3 contract, built from the route table, the request schemas the handlers
 * parse with and the answer schemas: `npm run openapi` writes it to docs/openapi.json. It keeps
 * to what Salesforce External Services imports (3.0, JSON bodies, Apex-safe operation ids,
 * named objects inside arrays); test/unit/openapi.test.ts checks those rules.
 */

type JsonSchema = Record<string, unknown>;

const SCHEMA_REF = (id: string) => `#/components/schemas/${id}`;
const ref = (schema: z.ZodType): JsonSchema => {
  const id = answerSchemas.get(schema)?.id;
  if (!id) throw new Error('an answer schema in the contract must be registered with an id');
  return { $ref: SCHEMA_REF(id) };
};

/** A request schema as OpenAPI 3.0 sees it: what the caller sends, before refinements and defaults. */
const requestJsonSchema = (schema: z.ZodType): JsonSchema => {
  const { $schema: _, ...json } = z.toJSONSchema(schema, { target: 'openapi-3.0', io: 'input', unrepresentable: 'any' }) as JsonSchema;
  return json;
};

// Refinements that read the environment's policy cannot be written in JSON Schema; these
// placeholders only satisfy the schema builders. docs/api.md lists what they check.
const ANY_POLICY = { paymentFlows: {}, defaultPaymentFlow: '', allowSkipCallTransfer: false };

const json = (schema: JsonSchema) => ({ 'application/json': { schema } });
const answer = (description: string, schema: z.ZodType, headers?: Record<string, unknown>) => ({
  description,
  ...(headers ? { headers } : {}),
  content: json(ref(schema)),
});

// External Services ignores answer headers: the body's location and replayed say the same.
const HEADERS = {
  location: { Location: { description: "The new payment's URL, as the body's location.", schema: { type: 'string' } } },
  replayed: {
    'Idempotent-Replayed': {
      description: "true: the answer repeats an earlier request with this Idempotency-Key, as the body's replayed.",
      schema: { type: 'string' },
    },
  },
};

const PARAMETERS = {
  IdempotencyKey: {
    name: 'Idempotency-Key',
    in: 'header',
    required: false,
    description: 'Makes a retry safe: the same key and body answer the same payment instead of opening a second one. 1 to 255 visible ASCII characters.',
    schema: { type: 'string', minLength: 1, maxLength: 255 },
  },
  CorrelationId: {
    name: 'X-Correlation-Id',
    in: 'header',
    required: false,
    description: "Ties this request to the caller's logs; the answer repeats it, or gives one of its own.",
    schema: { type: 'string' },
  },
  PaymentId: { name: 'id', in: 'path', required: true, description: 'The id the create call answered.', schema: { type: 'string' } },
};
const param = (name: keyof typeof PARAMETERS) => ({ $ref: `#/components/parameters/${name}` });

const queryParameters = (schema: z.ZodObject): JsonSchema[] => {
  const { properties, required = [] } = requestJsonSchema(schema) as { properties: Record<string, JsonSchema>; required?: string[] };
  return Object.entries(properties).map(([name, property]) => ({ name, in: 'query', required: required.includes(name), schema: property }));
};

interface Operation {
  summary: string;
  parameters: unknown[];
  requestBody?: JsonSchema;
  /** The answers when it succeeds, by status. */
  answers: Record<string, unknown>;
}

const OPENING = [param('IdempotencyKey'), param('CorrelationId')];
const body = (schema: JsonSchema, description: string) => ({ required: true, description, content: json(schema) });

/** Each route of the route table, as an operation. */
const OPERATIONS: Record<OperationId, Operation> = {
  createPaymentSession: {
    summary: 'Open an agent-assist session: the agent opens the PCI provider form during the call.',
    parameters: OPENING,
    requestBody: body(requestJsonSchema(paymentSessionRequestSchema(ANY_POLICY)), 'The payment, and the agent who takes it.'),
    answers: {
      201: answer('Opened. The agent tokens and the form are handed out this once.', createdPaymentSessionSchema, HEADERS.location),
      200: answer('A replay of an earlier request with this Idempotency-Key: the payment, without the tokens.', openedPaymentSchema, HEADERS.replayed),
    },
  },
  getPaymentSession: {
    summary: 'Read an agent-assist session and its VCC history, refreshed from VCC while pending.',
    parameters: [param('PaymentId'), param('CorrelationId')],
    answers: { 200: answer('The session.', paymentWithHistorySchema) },
  },
  createPaymentLink: {
    summary: 'Send the customer a payment link by SMS to paymentData.CustomerPhoneNumber.',
    parameters: OPENING,
    requestBody: body(requestJsonSchema(paymentLinkRequestSchema(ANY_POLICY)), "The payment, and the customer's mobile number."),
    answers: {
      201: answer('Sent.', openedPaymentSchema, HEADERS.location),
      200: answer('A replay of an earlier request with this Idempotency-Key.', openedPaymentSchema, HEADERS.replayed),
    },
  },
  getPaymentLink: {
    summary: 'Read a payment link and its VCC history, refreshed from VCC while pending.',
    parameters: [param('PaymentId'), param('CorrelationId')],
    answers: { 200: answer('The link.', paymentWithHistorySchema) },
  },
  reissuePaymentLink: {
    summary: 'Send a fresh link for the same payment, once the old one has expired unpaid.',
    parameters: [param('PaymentId'), ...OPENING],
    requestBody: body(requestJsonSchema(reissuePaymentLinkRequestSchema), "The customer's mobile number again; amount and currency come from the old link."),
    answers: {
      201: answer('Sent.', openedPaymentSchema, HEADERS.location),
      200: answer('A replay of an earlier request with this Idempotency-Key.', openedPaymentSchema, HEADERS.replayed),
    },
  },
  listPayments: {
    summary: "List one CRM record's payment sessions and links, newest first.",
    parameters: [...queryParameters(listPaymentsQuerySchema), param('CorrelationId')],
    answers: { 200: answer('A page of payments.', paymentsPageSchema) },
  },
  receiveVccWebhook: {
    summary: "VCC's status report of a session. For VCC only: a CRM is never given its scope.",
    parameters: [],
    requestBody: body({ type: 'object', additionalProperties: true }, "VCC's webhook body, as VCC sends it."),
    answers: { 200: answer('Stored. VCC retries any other answer.', webhookReceiptSchema) },
  },
};

/**
 * API Gateway answers its own failures with the status it chose, in our error shape: 502 when a
 * function fails or answers what it cannot read, 504 when a function outlives the integration's timeout.
 */
const GATEWAY_FAILURE_STATUSES = [502, 504];

/** The route's error answers by status, each naming the codes it can carry; their schema lists all of them. */
function errorAnswers(operationId: OperationId): Record<string, unknown> {
  const codesByStatus = new Map<number, ErrorCode[]>();
  const add = (status: number, code: ErrorCode) => codesByStatus.set(status, [...new Set([...(codesByStatus.get(status) ?? []), code])]);
  for (const code of routeErrors(operationId)) add(ERROR_CATALOGUE[code].status, code);
  for (const status of GATEWAY_FAILURE_STATUSES) add(status, GATEWAY_ERRORS.gatewayFailure);
  return Object.fromEntries(
    [...codesByStatus]
      .sort(([a], [b]) => a - b)
      .map(([status, codes]) => [status, answer(`Refused: ${codes.join(', ')}. See docs/errors.md.`, errorAnswerSchemas[operationId])]),
  );
}

function operationOf(route: RouteDefinition) {
  const { answers, requestBody, ...rest } = OPERATIONS[route.operationId];
  return {
    operationId: route.operationId,
    ...rest,
    ...(requestBody ? { requestBody } : {}),
    security: [{ oauth2: route.scopes }],
    responses: { ...answers, ...errorAnswers(route.operationId) },
  };
}

function paths(): Record<string, Record<string, unknown>> {
  const byPath: Record<string, Record<string, unknown>> = {};
  for (const route of ROUTES) byPath[route.path] = { ...byPath[route.path], [route.method.toLowerCase()]: operationOf(route) };
  return byPath;
}

function componentSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(answerSchemas, { target: 'openapi-3.0', uri: SCHEMA_REF, metadata: answerSchemas });
  const nullableRefs = new Set<string>();
  const components = Object.fromEntries(
    Object.entries(schemas).map(([id, schema]) => {
      // $id is JSON Schema's, not OpenAPI 3.0's.
      const { $schema: _, $id: _id, ...rest } = schema as JsonSchema;
      return [id, withNullableRefs(rest, nullableRefs)];
    }),
  );
  for (const ref of nullableRefs) {
    const name = ref.split('/').at(-1)!;
    components[name] = { ...(components[name] as JsonSchema), nullable: true };
  }
  return components;
}

/**
 * zod writes a nullable reference as `nullable` beside `allOf: [$ref]`, which OpenAPI 3.0 tools
 * read differently (a validator applies the reference to null too). Such a reference becomes a
 * plain `$ref` to a component marked nullable; each of these components is only ever nullable.
 */
function withNullableRefs(schema: unknown, nullableRefs: Set<string>): unknown {
  if (Array.isArray(schema)) return schema.map((item) => withNullableRefs(item, nullableRefs));
  if (typeof schema !== 'object' || schema === null) return schema;
  const result = Object.fromEntries(Object.entries(schema).map(([key, value]) => [key, withNullableRefs(value, nullableRefs)])) as JsonSchema;
  const allOf = result.allOf as JsonSchema[] | undefined;
  if (result.nullable === true && allOf?.length === 1 && typeof allOf[0]?.$ref === 'string') {
    nullableRefs.add(allOf[0].$ref);
    const { nullable: _, allOf: __, ...rest } = result;
    return { ...rest, $ref: allOf[0].$ref };
  }
  return result;
}

export function openApiDocument() {
  return {
    openapi: '3.0.3',
    info: {
      title: 'VCC payment connector',
      // package.json's version (test/unit/openapi.test.ts keeps the two in step): what a client reads to see the contract changed.
      version: '0.2.0',
      description: 'Take card payments from a CRM through the Vonage Contact Center Payment API, without touching card data. See docs/api.md.',
    },
    // Each environment's URL is the stack output ApiUrl; the local stack's is the one a newcomer runs.
    servers: [
      { url: 'http://127.0.0.1:4010', description: 'npm start (the local stack)' },
      {
        url: 'https://{apiId}.execute-api.{region}.amazonaws.com/{stage}',
        description: 'a deployed environment: its ApiUrl output',
        variables: { apiId: { default: 'api-id' }, region: { default: 'eu-west-2' }, stage: { default: 'sandbox' } },
      },
    ],
    paths: paths(),
    components: {
      schemas: componentSchemas(),
      parameters: PARAMETERS,
      securitySchemes: {
        oauth2: {
          type: 'oauth2',
          description: "The environment's token endpoint is the stack output TokenUrl; the URL here is a placeholder.",
          flows: {
            clientCredentials: {
              tokenUrl: 'https://payment-connector.example.com/oauth2/token',
              scopes: {
                [SCOPES.sessionsWrite]: 'Open payment sessions and links.',
                [SCOPES.sessionsRead]: 'Read payment sessions, links and lists.',
                [SCOPES.webhooksWrite]: 'Post VCC webhooks (VCC only).',
              },
            },
          },
        },
      },
    },
  };
}
