import { z } from 'zod';
import { ConnectorError, isConnectorError } from '../../contract/connector-error.ts';
import type { VccCreatedDigitalSession, VccPaymentClient } from '../../ports/vcc-payment-client.ts';
import { classifyVccError } from './vcc-error-classifier.ts';
import { parseJson, type VccHttpResponse, vccFetch } from './vcc-http.ts';
import type { VccTokenProvider } from './vcc-token-provider.ts';

const createdSessionSchema = z.looseObject({
  sessionGuid: z.string().min(1),
  agentAccessToken: z.string().min(1),
  agentRefreshToken: z.string().min(1),
  iframeUrl: z.url(),
  providerSessionGuid: z.string().min(1),
});

/**
 * VCC does not document its answer to a digital session. Its identifiers are expected as for
 * agent assist; the link and its expiry are taken from the first of these names that holds one
 * (the first names are what VCC's own pages call them), and everything else is tolerated.
 */
const LINK_FIELDS = ['digitalUrl', 'paymentLink', 'paymentUrl', 'link', 'url'] as const;
const EXPIRY_FIELDS = ['expiresOn', 'expiryDate', 'expiresAt', 'linkExpiresOn', 'validUntil'] as const;

const createdDigitalSessionSchema = z.looseObject({
  sessionGuid: z.string().min(1),
  providerSessionGuid: z.string().min(1).nullish(),
});

function firstOf(body: Record<string, unknown>, names: readonly string[], accept: (value: string) => string | null): string | null {
  for (const name of names) {
    const value = body[name];
    const accepted = typeof value === 'string' ? accept(value) : null;
    if (accepted) return accepted;
  }
  return null;
}

const webUrl = (value: string) => (/^https?:\/\/\S+$/i.test(value) ? value : null);
const isoTime = (value: string) => {
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
};

export function digitalSessionFrom(body: z.output<typeof createdDigitalSessionSchema>): VccCreatedDigitalSession {
  return {
    sessionGuid: body.sessionGuid,
    providerSessionGuid: body.providerSessionGuid ?? null,
    paymentLink: firstOf(body, LINK_FIELDS, webUrl),
    expiresAt: firstOf(body, EXPIRY_FIELDS, isoTime),
  };
}

/** VCC's status body (also its webhook body): unknown fields and states are kept. */
export const vccSessionStatusSchema = z.looseObject({
  sessionGuid: z.string().min(1),
  sessionState: z.string().min(1),
  lastUpdatedOn: z.string().min(1).nullish(),
  createdOn: z.string().nullish(),
  callGuid: z.string().nullish(),
  providerSessionGuid: z.string().nullish(),
  paymentResultData: z.record(z.string(), z.unknown()).nullish(),
});

export interface VccPaymentClientOptions {
  baseUrl: string;
  tokens: VccTokenProvider;
  timeoutMs: number;
}

/** A failure while getting a token: the Payment API call was never sent. */
function failedBeforeSending(error: unknown): never {
  throw isConnectorError(error)
    ? new ConnectorError(error.code, { message: error.message, operatorHint: error.operatorHint, cause: error, vccCertainlyDidNotAct: true })
    : new ConnectorError('INTERNAL_ERROR', { operatorHint: `before calling VCC: ${String(error)}`, cause: error, vccCertainlyDidNotAct: true });
}

export function vccPaymentClient({ baseUrl, tokens, timeoutMs }: VccPaymentClientOptions): VccPaymentClient {
  /** A 401 means VCC did not act on the request, so one retry with a new token is always safe. */
  const call = async (path: string, init: RequestInit, operation: string): Promise<VccHttpResponse> => {
    for (let attempt = 1; ; attempt += 1) {
      const token = await tokens.token().catch(failedBeforeSending);
      const headers = { ...init.headers, authorization: `Bearer ${token}`, accept: 'application/json' };
      const response = await vccFetch(`${baseUrl}${path}`, { ...init, headers }, timeoutMs, operation);
      if (response.status !== 401 || attempt === 2) return response;
      tokens.invalidate(token);
    }
  };

  const parse = <S extends z.ZodType>(schema: S, response: VccHttpResponse, operation: string): z.output<S> => {
    const parsed = schema.safeParse(parseJson(response, operation));
    if (!parsed.success) {
      throw new ConnectorError('VCC_UNAVAILABLE', {
        operatorHint: `VCC ${operation} answered with an unexpected shape: ${parsed.error.issues.map((i) => i.path.join('.')).join(', ')}`,
      });
    }
    return parsed.data;
  };

  // Never retried on timeout or 5xx: VCC has no idempotency key, a retry could open a second session.
  const create = async <S extends z.ZodType>(path: string, body: object, schema: S): Promise<z.output<S>> => {
    const operation = `POST ${path}`;
    const response = await call(
      path,
      {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      },
      operation,
    );
    if (response.status !== 200 && response.status !== 201) throw classifyVccError(response.status, response.text, operation);
    return parse(schema, response, operation);
  };

  return {
    createAgentAssistSession: (body) => create('/v1/session', body, createdSessionSchema),

    createDigitalSession: async (body) => digitalSessionFrom(await create('/v1/digitalsession', body, createdDigitalSessionSchema)),

    // Not retried: a caller whose read fails gets the stored session and may ask again, and a
    // retry after a timeout would outlast the function's own timeout.
    async getSession(sessionGuid) {
      const operation = 'GET /v1/session';
      const response = await call(`/v1/session/${encodeURIComponent(sessionGuid)}`, { method: 'GET' }, operation);
      if (response.status === 404) return undefined;
      if (response.status !== 200) throw classifyVccError(response.status, response.text, operation);
      return parse(vccSessionStatusSchema, response, operation);
    },
  };
}
