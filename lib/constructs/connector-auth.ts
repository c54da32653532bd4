import { Duration } from 'aws-cdk-lib';
import {
  AccountRecovery,
  CfnUserPoolClient,
  FeaturePlan,
  OAuthScope,
  ResourceServerScope,
  UserPool,
  type UserPoolClient,
  type UserPoolDomain,
} from 'aws-cdk-lib/aws-cognito';
import { Construct } from 'constructs';
import { RESOURCE_SERVER_ID, SCOPES } from '#shared/api-contract.ts';
import type { EnvironmentConfig } from '../config/environment-config.ts';
import { isProtected, removalPolicyOf } from '../config/removal-policy.ts';

const SCOPE_DESCRIPTIONS: Record<keyof typeof SCOPES, string> = {
  sessionsWrite: 'Create payment sessions',
  sessionsRead: 'Read payment sessions and their results',
};

export interface ConnectorAuthProps {
  config: EnvironmentConfig;
}

/**
 * The OAuth 2.0 issuer for machine clients: a Cognito user pool with no users, a token endpoint
 * on a hosted domain, the API's scopes, and one app client for the CRM that gets tokens with
 * the client-credentials grant.
 */
export class ConnectorAuth extends Construct {
  readonly userPool: UserPool;
  readonly domain: UserPoolDomain;
  readonly crmClient: UserPoolClient;
  readonly tokenUrl: string;

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

    const scopes = (Object.keys(SCOPES) as (keyof typeof SCOPES)[]).map(
      (key) => new ResourceServerScope({ scopeName: SCOPES[key].slice(RESOURCE_SERVER_ID.length + 1), scopeDescription: SCOPE_DESCRIPTIONS[key] }),
    );
    const resourceServer = this.userPool.addResourceServer('PaymentConnectorApi', { identifier: RESOURCE_SERVER_ID, scopes });

    this.crmClient = this.userPool.addClient('CrmClient', {
      generateSecret: true,
      oAuth: {
        flows: { clientCredentials: true },
        scopes: scopes.map((scope) => OAuthScope.resourceServer(resourceServer, scope)),
      },
      accessTokenValidity: Duration.hours(1),
      enableTokenRevocation: true,
      preventUserExistenceErrors: true,
    });
    // Left unset, Cognito would also allow the SRP and custom user sign-in flows on this client.
    (this.crmClient.node.defaultChild as CfnUserPoolClient).explicitAuthFlows = ['ALLOW_REFRESH_TOKEN_AUTH'];
  }
}
