import { Duration } from 'aws-cdk-lib';
import {
  AccountRecovery,
  type CfnUserPoolClient,
  FeaturePlan,
  OAuthScope,
  ResourceServerScope,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { RESOURCE_SERVER_ID, SCOPES } from '#app/contract/api-contract.ts';
import type { EnvironmentConfig } from '../config/environment-config.ts';
import { isProtected, removalPolicyOf } from '../config/removal-policy.ts';

type ScopeKey = keyof typeof SCOPES;

const SCOPE_DESCRIPTIONS: Record<ScopeKey, string> = {
  sessionsWrite: 'Create payment sessions',
  sessionsRead: 'Read payment sessions and their results',
  webhooksWrite: 'Post VCC payment session webhooks',
};

export interface ConnectorAuthProps {
  config: EnvironmentConfig;
}

/**
 * The OAuth 2.0 issuer for machine clients: a Cognito user pool with no users, a token endpoint
 * on a hosted domain, the API's scopes, and two app clients that get tokens with the
 * client-credentials grant: the CRM's, and VCC's for posting webhooks. Neither gets the other's scopes.
 */
export class ConnectorAuth extends Construct {
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;
  readonly crmClient: UserPoolClient;
  readonly vccWebhookClient: UserPoolClient;
  readonly tokenUrl: string;
  private readonly scopes: Record<ScopeKey, OAuthScope>;

  constructor(scope: Construct, id: string, { config }: ConnectorAuthProps) {
    super(scope, id);

    this.userPool = new UserPool(this, 'UserPool', {
      selfSignUpEnabled: false,
      accountRecovery: AccountRecovery.NONE,
      // Client-credentials tokens work on every plan; the paid plans only add user sign-in features.
      featurePlan: FeaturePlan.LITE,
      // There are no users; a strict policy still stops a password user being added casually.
      passwordPolicy: { minLength: 14, requireLowercase: true, requireUppercase: true, requireDigits: true, requireSymbols: true },
      deletionProtection: isProtected(config),
      removalPolicy: removalPolicyOf(config),
    });

    this.domain = this.userPool.addDomain('TokenDomain', { cognitoDomain: { domainPrefix: config.auth.domainPrefix } });
    this.tokenUrl = `${this.domain.baseUrl()}/oauth2/token`;

    const keys = Object.keys(SCOPES) as ScopeKey[];
    const serverScopes = keys.map(
      (key) => new ResourceServerScope({ scopeName: SCOPES[key].slice(RESOURCE_SERVER_ID.length + 1), scopeDescription: SCOPE_DESCRIPTIONS[key] }),
    );
    const resourceServer = this.userPool.addResourceServer('PaymentConnectorApi', { identifier: RESOURCE_SERVER_ID, scopes: serverScopes });
    this.scopes = Object.fromEntries(keys.map((key, index) => [key, OAuthScope.resourceServer(resourceServer, serverScopes[index]!)])) as Record<
      ScopeKey,
      OAuthScope
    >;

    this.crmClient = this.addMachineClient('CrmClient', ['sessionsWrite', 'sessionsRead']);
    // VCC gets its tokens here (the auth URI and credentials given to Vonage) and may only post webhooks.
    this.vccWebhookClient = this.addMachineClient('VccWebhookClient', ['webhooksWrite']);
  }

  /** A confidential client with the client-credentials grant only, limited to the given scopes. */
  private addMachineClient(id: string, scopes: ScopeKey[]): UserPoolClient {
    const client = this.userPool.addClient(id, {
      generateSecret: true,
      oAuth: { flows: { clientCredentials: true }, scopes: scopes.map((key) => this.scopes[key]) },
      accessTokenValidity: Duration.hours(1),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
    // Left unset, Cognito would also allow the SRP and custom user sign-in flows on this client.
    (client.node.defaultChild as CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
    return client;
  }
}
