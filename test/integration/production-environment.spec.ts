import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startLocalGateway } from '../../local/gateway/local-gateway.ts';
import type { RunningServer } from '../../local/http/http-server.ts';
import { environmentFromCdkJson, importHandlers, localFunctionEnvironment } from '../../local/local-stack.ts';
import { findCardLikeValues } from '../support/log-audit.ts';
import { createSession, paymentRequest, uniqueAgentId } from './support/connector-api.ts';
import { integrationStack } from './support/integration-stack.ts';
import { storedItemsMentioning } from './support/session-table.ts';
import { injectFault } from './support/vcc-simulator-control.ts';

/**
 * The handlers as the production stack configures them, behind their own gateway, on the shared
 * local DynamoDB, VCC simulator and issuer: imported afresh, beside the shared stack's sandbox ones,
 * so that they read the production configuration at their own cold start. What they log is
 * captured here, so the test can check what never reaches the logs.
 */
const stack = integrationStack();
const production = environmentFromCdkJson('production');
let gateway: RunningServer;
let logs = '';
const streams = [process.stdout, process.stderr];
const originalWrites = streams.map((stream) => stream.write.bind(stream));
const originalEnv = { ...process.env };

beforeAll(async () => {
  Object.assign(process.env, localFunctionEnvironment(production, { ...stack, logLevel: 'DEBUG' }));
  vi.resetModules();
  streams.forEach((stream, i) => {
    stream.write = ((chunk: string | Uint8Array, ...rest: never[]) => {
      logs += String(chunk);
      return originalWrites[i]!(chunk, ...rest);
    }) as typeof stream.write;
  });
  gateway = await startLocalGateway({
    issuerUrl: stack.issuerUrl,
    jwksUrl: stack.jwksUrl,
    allowedOrigins: production.api.allowedOrigins,
    handlers: await importHandlers(),
  });
  // The specs after this one import our modules afresh, not these production-configured ones.
  vi.resetModules();
});

afterAll(async () => {
  streams.forEach((stream, i) => {
    stream.write = originalWrites[i]!;
  });
  // The specs after this one share the process: they get it back as they would have found it.
  process.env = originalEnv;
  await gateway.stop();
});

const inProduction = (body: unknown, headers: Record<string, string> = {}) => createSession(body, { apiUrl: gateway.url, headers });

describe('in production', () => {
  it('refuses skipCallTransfer, a testing-only switch, and stores nothing', async () => {
    const agentId = uniqueAgentId();
    const answer = await inProduction(paymentRequest(agentId, { skipCallTransfer: true }));
    expect([answer.status, answer.body.error.code]).toEqual([400, 'SKIP_CALL_TRANSFER_NOT_ALLOWED']);
    expect(await storedItemsMentioning(agentId)).toEqual([]);
  });

  it("maps the payment flow to production's account configuration", async () => {
    const answer = await inProduction(paymentRequest(uniqueAgentId(), { skipCallTransfer: undefined }));
    expect(answer.status).toBe(201);
    const [session] = await storedItemsMentioning(`SESSION#${answer.body.id}`);
    expect(session?.accountConfigurationId).toBe(production.vcc.paymentFlows[production.vcc.defaultPaymentFlow]);
  });
});

describe('what is never logged', () => {
  it("logs neither the agent tokens nor the card holder's details of a created session", async () => {
    const answer = await inProduction(paymentRequest(uniqueAgentId(), { skipCallTransfer: undefined }));
    expect(answer.status).toBe(201);
    // The logs are captured: the checks below could fail.
    expect(logs).toContain('"function_name":"create-payment-session"');
    for (const secret of [answer.body.agentAccessToken, answer.body.agentRefreshToken, 'Smith', stack.credentials.vcc.clientSecret]) {
      expect(logs).not.toContain(secret);
    }
  });

  it("logs neither card-holder details nor VCC's raw answer when VCC fails", async () => {
    const agentId = uniqueAgentId();
    await injectFault(agentId, 'server_error');
    const answer = await inProduction(paymentRequest(agentId, { skipCallTransfer: undefined }));
    expect(answer.body.error.code).toBe('VCC_UNAVAILABLE');
    expect(logs).toContain('"errorCode":"VCC_UNAVAILABLE"');
    expect(logs).toContain('<21 characters of text>');
    expect(logs).not.toMatch(/Smith|Internal Server Error/);
  });

  it('does not take a correlation id that looks like a card number into its logs', async () => {
    const answer = await inProduction(paymentRequest(uniqueAgentId(), { skipCallTransfer: undefined }), { 'x-correlation-id': '4111-1111-1111-1111' });
    expect(findCardLikeValues(answer.headers.get('x-correlation-id') ?? '')).toEqual([]);
    expect(findCardLikeValues(logs)).toEqual([]);
  });

  it('logs where a refused card number was, never the number', async () => {
    const answer = await inProduction(paymentRequest(uniqueAgentId(), { paymentData: { Amount: '1.00', Currency: 'GBP', Notes: '4111 1111 1111 1111' } }));
    expect(answer.body.error.code).toBe('CARD_NUMBER_REFUSED');
    expect(logs).toContain('CARD_NUMBER_REFUSED');
    expect(findCardLikeValues(logs)).toEqual([]);
  });
});
