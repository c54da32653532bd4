import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import { Construct } from 'constructs';
import type { FunctionName } from '#shared/api-contract.ts';
import type { EnvironmentConfig } from './config/environment-config.ts';
import { ConnectorAuth } from './constructs/connector-auth.ts';
import { ConnectorFunction } from './constructs/connector-function.ts';
import { PaymentApi } from './constructs/payment-api.ts';
import { PaymentSessionsTable } from './constructs/payment-sessions-table.ts';
import { VccCredentials } from './constructs/vcc-credentials.ts';
import { acknowledgeNagFindings } from './nag-acknowledgements.ts';

export interface PaymentConnectorStackProps extends StackProps {
  config: EnvironmentConfig;
}

/** One environment of the connector: its API, token issuer, functions, table and VCC credentials. */
export class PaymentConnectorStack extends Stack {
  readonly config: EnvironmentConfig;
  readonly sessionsTable: PaymentSessionsTable;
  readonly functions: Record<FunctionName, ConnectorFunction>;

  constructor(scope: Construct, id: string, props: PaymentConnectorStackProps) {
    super(scope, id, props);
    const { config } = props;
    this.config = config;

    const sessions = new PaymentSessionsTable(this, 'PaymentSessions', { config });
    const vccCredentials = new VccCredentials(this, 'VccCredentials', { config });
    const auth = new ConnectorAuth(this, 'Auth', { config });

    const createPaymentSession = new ConnectorFunction(this, 'CreatePaymentSession', {
      name: 'create-payment-session',
      description: 'Starts a VCC payment session for the CRM',
      config,
    })
      .bindSessionTable(sessions.table, 'readWrite')
      .bindVccCredentials(vccCredentials);
    // readUpdate: a poll records what it learns from VCC, which may be the only copy of a result.
    const getPaymentSession = new ConnectorFunction(this, 'GetPaymentSession', {
      name: 'get-payment-session',
      description: 'Reads a payment session, refreshing its state from VCC',
      config,
    })
      .bindSessionTable(sessions.table, 'readUpdate')
      .bindVccCredentials(vccCredentials);
    this.sessionsTable = sessions;
    this.functions = { 'create-payment-session': createPaymentSession, 'get-payment-session': getPaymentSession };

    const api = new PaymentApi(this, 'PaymentApi', {
      config,
      userPool: auth.userPool,
      functions: { 'create-payment-session': createPaymentSession.function, 'get-payment-session': getPaymentSession.function },
    });

    new CfnOutput(this, 'ApiUrl', { value: api.restApi.url, description: 'Base URL of the payment connector API' });
    new CfnOutput(this, 'TokenUrl', { value: auth.tokenUrl, description: 'OAuth 2.0 token endpoint for the CRM (client credentials)' });
    new CfnOutput(this, 'CrmClientId', { value: auth.crmClient.userPoolClientId, description: 'App client id of the CRM; its secret is in the Cognito console' });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId, description: 'Cognito user pool that issues the CRM tokens' });
    new CfnOutput(this, 'VccCredentialsSecretArn', { value: vccCredentials.secret.secretArn, description: 'Secret holding the VCC API clientId and clientSecret' });
    new CfnOutput(this, 'SessionsTableName', { value: sessions.table.tableName, description: 'DynamoDB table of payment sessions' });

    acknowledgeNagFindings({ userPool: auth.userPool, restApi: api.restApi, functions: Object.values(this.functions), vccCredentials });
  }
}
