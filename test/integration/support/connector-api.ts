import { randomUUID } from 'node:crypto';
import { generateKeyPair, SignJWT } from 'jose';
import { expect } from 'vitest';
import { clientCredentialsToken } from '../../support/client-credentials.ts';
import { contractErrorCodes } from '../../support/contract-error-codes.ts';
import { integrationStack } from './integration-stack.ts';

const stack = () => integrationStack();

/** A bearer token from the local issuer, for a client of the local stack. */
export function tokenFor(client: 'crm' | 'crmReadOnly' | 'vccWebhook' = 'crm'): Promise<string> {
  return clientCredentialsToken(stack().tokenUrl, stack().credentials[client]);
}

/** A well-formed token with the right issuer and scope, signed by a key the issuer never published. */
export async function tokenFromAnotherIssuer(scope: string): Promise<string> {
  const { privateKey } = await generateKeyPair('RS256');
  return new SignJWT({ client_id: 'intruder', scope, token_use: 'access' })
    .setProtectedHeader({ alg: 'RS256', kid: 'other' })
    .setIssuer(stack().issuerUrl)
    .setExpirationTime('1h')
    .sign(privateKey);
}

/** A token signed by the local issuer with any claims: expired, under-scoped... */
export async function mintedToken(claims: { scopes: string[]; expiresInSeconds?: number }): Promise<string> {
  const response = await fetch(`${stack().issuerUrl}/_issuer/mint`, { method: 'POST', body: JSON.stringify(claims) });
  return ((await response.json()) as { access_token: string }).access_token;
}

export interface ApiAnswer {
  status: number;
  headers: Headers;
  body: any;
}

export interface CallOptions {
  token?: string | null;
  body?: unknown;
  rawBody?: string;
  headers?: Record<string, string>;
  /** Another gateway than the shared local stack's, e.g. one configured as production. */
  apiUrl?: string;
}

export async function callApi(method: string, path: string, options: CallOptions = {}): Promise<ApiAnswer> {
  const token = options.token === undefined ? await tokenFor() : options.token;
  const headers: Record<string, string> = { ...(token ? { authorization: `Bearer ${token}` } : {}), ...options.headers };
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    body = JSON.stringify(options.body);
    headers['content-type'] ??= 'application/json';
  }
  const response = await fetch(`${options.apiUrl ?? stack().apiUrl}${path}`, { method, headers, body });
  const text = await response.text();
  const answer = { status: response.status, headers: response.headers, body: text ? JSON.parse(text) : undefined };
  expectCodeInContract(method, path, answer);
  return answer;
}

/**
 * Every error any integration test gets is one the contract lists for that operation: the
 * contract narrows each operation's codes to what its route answers, and a CRM may rely on it.
 */
function expectCodeInContract(method: string, path: string, answer: ApiAnswer): void {
  const code = answer.status >= 400 ? answer.body?.error?.code : undefined;
  const listed = typeof code === 'string' ? contractErrorCodes(method, path) : undefined;
  if (listed) expect(listed, `${method} ${path} answered ${code}, which docs/openapi.json does not list for it`).toContain(code);
}

/** A unique agent per test: everything the test creates can be found by it. */
export const uniqueAgentId = () => `agent-${randomUUID()}`;

export const paymentRequest = (agentId: string, overrides: Record<string, unknown> = {}) => ({
  agentId,
  skipCallTransfer: true,
  crmReference: `case-${agentId}`,
  paymentData: { FirstName: 'John', Surname: 'Smith', Amount: '12.40', Currency: 'GBP', MerchantReferenceCode: 'INV-1001' },
  ...overrides,
});

export interface CreateOptions {
  idempotencyKey?: string;
  token?: string | null;
  apiUrl?: string;
  headers?: Record<string, string>;
}

export const createSession = (body: unknown, options: CreateOptions = {}) =>
  callApi('POST', '/v1/payment-sessions', {
    body,
    token: options.token,
    ...(options.apiUrl ? { apiUrl: options.apiUrl } : {}),
    headers: { ...options.headers, ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}) },
  });

export const getSession = (id: string, token?: string | null) => callApi('GET', `/v1/payment-sessions/${id}`, { token });

/** POSTs a webhook body as VCC does, with VCC's token unless the test gives another. */
export const sendWebhook = async (body: unknown, token?: string | null) =>
  callApi('POST', '/v1/webhooks/vcc', { body, token: token === undefined ? await tokenFor('vccWebhook') : token });

/** A payment link request: the customer is not on the call, so the link goes to their phone. */
export const linkRequest = (agentId: string, overrides: Record<string, unknown> = {}) => ({
  agentId,
  crmReference: `case-${agentId}`,
  paymentData: {
    FirstName: 'John',
    Surname: 'Smith',
    Amount: '12.40',
    Currency: 'GBP',
    MerchantReferenceCode: 'INV-1001',
    CustomerPhoneNumber: '+447700900123',
  },
  ...overrides,
});

const withKey = (options: CreateOptions) => ({
  token: options.token,
  headers: { ...options.headers, ...(options.idempotencyKey ? { 'idempotency-key': options.idempotencyKey } : {}) },
});

export const createLink = (body: unknown, options: CreateOptions = {}) => callApi('POST', '/v1/payment-links', { body, ...withKey(options) });

export const getLink = (id: string, token?: string | null) => callApi('GET', `/v1/payment-links/${id}`, { token });

export const reissueLink = (id: string, body: unknown = { paymentData: { CustomerPhoneNumber: '+447700900999' } }, options: CreateOptions = {}) =>
  callApi('POST', `/v1/payment-links/${id}/reissue`, { body, ...withKey(options) });

/** GETs a URL the API answered, e.g. a payment's `location`, as a client that follows it does. */
export const follow = (url: string, token?: string | null) => callApi('GET', url, { token, apiUrl: '' });

export const listPayments = (query: Record<string, string>, token?: string | null) => callApi('GET', `/v1/payments?${new URLSearchParams(query)}`, { token });
