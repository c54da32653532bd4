import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cognitoAuthorizer } from '../../local/gateway/cognito-authorizer.ts';
import { type LocalOAuthIssuer, startLocalOAuthIssuer } from '../../local/oauth-issuer/local-oauth-issuer.ts';
import { clientCredentialsToken } from '../support/client-credentials.ts';

const CLIENT = { clientId: 'crm', clientSecret: 'crm-secret', scopes: ['payments/write'] };

describe("the local gateway's authorizer keeps a verified token, as API Gateway does, but never past its expiry", () => {
  let issuer: LocalOAuthIssuer;
  let clock: number;
  let authorize: ReturnType<typeof cognitoAuthorizer>;

  beforeAll(async () => {
    issuer = await startLocalOAuthIssuer({ clients: [CLIENT], tokenLifetimeSeconds: 60 });
  });
  afterAll(() => issuer.stop());

  const token = () => clientCredentialsToken(issuer.tokenUrl, CLIENT);

  const fresh = () => {
    clock = Date.now();
    authorize = cognitoAuthorizer({ issuerUrl: issuer.issuerUrl, jwksUrl: issuer.jwksUrl, now: () => clock });
  };

  it('allows a kept token again, and checks the scope of each route', async () => {
    fresh();
    const bearer = `Bearer ${await token()}`;
    expect(await authorize(bearer, ['payments/write'])).toMatchObject({ allowed: true, claims: { client_id: 'crm' } });
    expect(await authorize(bearer, ['payments/write'])).toMatchObject({ allowed: true });
    expect(await authorize(bearer, ['payments/read'])).toMatchObject({ allowed: false, reason: expect.stringContaining('scope') });
  });

  it('refuses a kept token once it has expired', async () => {
    fresh();
    const bearer = `Bearer ${await token()}`;
    expect(await authorize(bearer, ['payments/write'])).toMatchObject({ allowed: true });
    clock += 61_000;
    expect(await authorize(bearer, ['payments/write'])).toMatchObject({ allowed: false, reason: expect.stringContaining('"exp"') });
  });

  it('refuses a token whose signature was altered, even while the real one is kept', async () => {
    fresh();
    const real = await token();
    expect(await authorize(`Bearer ${real}`, ['payments/write'])).toMatchObject({ allowed: true });
    const altered = `${real.slice(0, -6)}${real.endsWith('AAAAAA') ? 'BBBBBB' : 'AAAAAA'}`;
    expect(await authorize(`Bearer ${altered}`, ['payments/write'])).toMatchObject({ allowed: false, reason: expect.stringContaining('token rejected') });
  });
});
