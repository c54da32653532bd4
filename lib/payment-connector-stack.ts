import { CfnOutput, Duration, Stack, type StackProps, Tags } from 'aws-cdk-lib';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import type { Key } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import { type FunctionName, RECONCILIATION, SCOPES } from '#app/contract/api-contract.ts';
import type { EnvironmentConfig } from './config/environment-config.ts';
import { isProtected } from './config/removal-policy.ts';
import { resourceTagsFor } from './config/resource-tags.ts';
import { ConnectorAlarms } from './constructs/connector-alarms.ts';
import { ConnectorAuth } from './constructs/connector-auth.ts';
import { ConnectorDashboard } from './constructs/connector-dashboard.ts';
import { ConnectorFunction } from './constructs/connector-function.ts';
import { ConnectorKey } from './constructs/connector-key.ts';
import { CrmCallbackDelivery } from './constructs/crm-callback-delivery.ts';
import { OutcomeEventBus } from './constructs/outcome-event-bus.ts';
import { PaymentApi } from './constructs/payment-api.ts';
import { PaymentSessionsTable } from './constructs/payment-sessions-table.ts';
import { VccCredentials } from './constructs/vcc-credentials.ts';
import { acknowledgeNagFindings } from './nag-acknowledgements.ts';

export interface PaymentConnectorStackProps extends StackProps {
  config: EnvironmentConfig;
}

/** The functions every environment has, and the CRM callback's when one is configured. */
export type ConnectorFunctions = Record<Exclude<FunctionName, 'deliver-crm-callback'>, ConnectorFunction> &
  Partial<Record<'deliver-crm-callback', ConnectorFunction>>;

/**
 * One environment of the connector: its API, token issuer, functions, table, VCC credentials,
 * outcome event bus, the reconciliation schedule, the optional CRM callback, and alarms.
 */
export class PaymentConnectorStack extends Stack {
  readonly config: EnvironmentConfig;
  /** Encrypts the stack's log groups and the secrets it creates. */
  readonly encryptionKey: Key;
  readonly sessionsTable: PaymentSessionsTable;
  readonly outcomeBus: OutcomeEventBus;
  readonly crmCallback: CrmCallbackDelivery | undefined;
  readonly alarms: ConnectorAlarms;
  readonly functions: ConnectorFunctions;

  constructor(scope: Construct, id: string, props: PaymentConnectorStackProps) {
    const { config } = props;
    const tags = resourceTagsFor(config);
    // Stack tags tag the stack itself (@aws-cdk/core:explicitStackTags keeps Tags.of off it). A stack
    // whose data we retain is also protected from `cdk destroy` and a deleted stack.
    super(scope, id, { ...props, tags: { ...tags, ...props.tags }, terminationProtection: isProtected(config) });
    // In the template too, so a review of it shows them and every taggable resource has them whether
    // or not CloudFormation propagates the stack's tags to its type.
    for (const [key, value] of Object.entries(tags)) Tags.of(this).add(key, value);
    this.config = config;

    const { key } = new ConnectorKey(this, 'EncryptionKey', { config }).encryptLogGroupsOf(this);
    this.encryptionKey = key;
    const sessions = new PaymentSessionsTable(this, 'PaymentSessions', { config });
    const vccCredentials = new VccCredentials(this, 'VccCredentials', { config, encryptionKey: key });
    const auth = new ConnectorAuth(this, 'Auth', { config });
    const outcomes = new OutcomeEventBus(this, 'OutcomeEvents', { config });
    const { table } = sessions;
    const { bus } = outcomes;

    // Every function that may move a payment to a final state also publishes its outcome.
    const createPaymentSession = new ConnectorFunction(this, 'CreatePaymentSession', {
      name: 'create-payment-session',
      description: 'Opens an agent-assist session at VCC for the CRM',
      config,
    })
      .bindSessionTable(table, 'readWrite')
      .bindVccCredentials(vccCredentials)
      .bindOutcomeBus(bus);
    // readUpdate: a poll records what it learns from VCC, which may be the only copy of a result.
    const getPaymentSession = new ConnectorFunction(this, 'GetPaymentSession', {
      name: 'get-payment-session',
      description: 'Reads a payment, refreshing its state from VCC',
      config,
    })
      .bindSessionTable(table, 'readUpdate')
      .bindVccCredentials(vccCredentials)
      .bindOutcomeBus(bus);
    // Like an agent-assist session: a webhook may outrun the create call, and its status report may end the link at once.
    const createPaymentLink = new ConnectorFunction(this, 'CreatePaymentLink', {
      name: 'create-payment-link',
      description: 'Opens a VCC digital session and answers the link the CRM sends its customer',
      config,
    })
      .bindSessionTable(table, 'readWrite')
      .bindVccCredentials(vccCredentials)
      .bindOutcomeBus(bus);
    // readWrite: it claims and releases an idempotency key and inserts the new link besides the
    // conditional updates; it asks VCC whether the old link is over, which may expire it and publish.
    const reissuePaymentLink = new ConnectorFunction(this, 'ReissuePaymentLink', {
      name: 'reissue-payment-link',
      description: 'Replaces a payment link the customer can no longer pay with a fresh one',
      config,
    })
      .bindSessionTable(table, 'readWrite')
      .bindVccCredentials(vccCredentials)
      .bindOutcomeBus(bus);
    // Read only, through the index alone: it never calls VCC and never changes a payment.
    const listPayments = new ConnectorFunction(this, 'ListPayments', {
      name: 'list-payments',
      description: 'Lists the payments of one CRM record, agent-assist sessions and links, newest first',
      config,
    })
      .bindSessionTable(table, 'indexOnly')
      .bindCrmReferenceIndex();
    // No VCC credentials: the receiver never calls VCC. A status report for a VCC session no payment is joined to yet is kept.
    const receiveVccWebhook = new ConnectorFunction(this, 'ReceiveVccWebhook', {
      name: 'receive-vcc-webhook',
      description: 'Stores the status reports VCC posts to the webhook',
      config,
    })
      .bindSessionTable(table, 'readUpdate')
      .bindOutcomeBus(bus);
    const reconcilePaymentSessions = new ConnectorFunction(this, 'ReconcilePaymentSessions', {
      name: 'reconcile-payment-sessions',
      description: 'Asks VCC about payments whose status report is overdue and publishes owed outcomes',
      config,
    })
      .bindSessionTable(table, 'readUpdate')
      .bindDueWorkIndex()
      .bindVccCredentials(vccCredentials)
      .bindOutcomeBus(bus);
    // A failed sweep is not retried: the next one, a schedule interval later, finds the same work due.
    // A tick throttled by the sweep's reserved concurrency would be retried for up to six hours, and
    // run late with its old `time`: it is dropped once the next tick is due.
    reconcilePaymentSessions.function.configureAsyncInvoke({ retryAttempts: 0, maxEventAge: Duration.minutes(RECONCILIATION.scheduleMinutes) });
    // A scheduled rule's event carries `time`, which the sweep takes as its clock.
    const reconcileSchedule = new Rule(this, 'ReconcileSchedule', {
      description: `Runs the ${config.name} payment session reconciliation sweep`,
      schedule: Schedule.rate(Duration.minutes(RECONCILIATION.scheduleMinutes)),
      targets: [new LambdaFunction(reconcilePaymentSessions.function)],
    });

    this.crmCallback = config.crmCallback
      ? new CrmCallbackDelivery(this, 'CrmCallback', { config, callback: config.crmCallback, bus, encryptionKey: key })
      : undefined;

    this.sessionsTable = sessions;
    this.outcomeBus = outcomes;
    this.functions = {
      'create-payment-session': createPaymentSession,
      'get-payment-session': getPaymentSession,
      'create-payment-link': createPaymentLink,
      'reissue-payment-link': reissuePaymentLink,
      'list-payments': listPayments,
      'receive-vcc-webhook': receiveVccWebhook,
      'reconcile-payment-sessions': reconcilePaymentSessions,
      ...(this.crmCallback ? { 'deliver-crm-callback': this.crmCallback.function } : {}),
    };

    const api = new PaymentApi(this, 'PaymentApi', {
      config,
      userPool: auth.userPool,
      functions: {
        'create-payment-session': createPaymentSession.function,
        'get-payment-session': getPaymentSession.function,
        'create-payment-link': createPaymentLink.function,
        'reissue-payment-link': reissuePaymentLink.function,
        'list-payments': listPayments.function,
        'receive-vcc-webhook': receiveVccWebhook.function,
      },
    });

    const crmCallbackToWatch = this.crmCallback && {
      deadLetterQueue: this.crmCallback.deadLetterQueue,
      rule: this.crmCallback.rule,
      busName: bus.eventBusName,
    };
    this.alarms = new ConnectorAlarms(this, 'Alarms', {
      config,
      apiStage: api.restApi.deploymentStage,
      reconcileFunction: reconcilePaymentSessions.function,
      crmCallback: crmCallbackToWatch,
    });
    const dashboard = new ConnectorDashboard(this, 'Dashboard', {
      config,
      apiStage: api.restApi.deploymentStage,
      functions: this.functions,
      alarms: this.alarms,
      crmCallback: crmCallbackToWatch,
    });

    new CfnOutput(this, 'ApiUrl', { value: api.restApi.url, description: 'Base URL of the payment connector API' });
    new CfnOutput(this, 'TokenUrl', {
      value: auth.tokenUrl,
      description: 'OAuth 2.0 token endpoint (client credentials) for the CRM, and the auth URI to give Vonage for webhooks',
    });
    new CfnOutput(this, 'CrmClientId', {
      value: auth.crmClient.userPoolClientId,
      description: 'App client id of the CRM; its secret is in the Cognito console',
    });
    new CfnOutput(this, 'VccWebhookUrl', { value: api.urlOf('receive-vcc-webhook'), description: 'The webhook URL to give Vonage for this environment' });
    new CfnOutput(this, 'VccWebhookClientId', {
      value: auth.vccWebhookClient.userPoolClientId,
      description: 'App client id to give Vonage for webhook tokens; its secret is in the Cognito console',
    });
    new CfnOutput(this, 'VccWebhookScope', { value: SCOPES.webhooksWrite, description: 'The scope VCC must request with its webhook token' });
    new CfnOutput(this, 'UserPoolId', { value: auth.userPool.userPoolId, description: 'Cognito user pool that issues the CRM and VCC tokens' });
    new CfnOutput(this, 'VccCredentialsSecretArn', {
      value: vccCredentials.secret.secretArn,
      description: 'Secret holding the VCC API clientId and clientSecret',
    });
    new CfnOutput(this, 'SessionsTableName', { value: table.tableName, description: 'DynamoDB table of payment sessions' });
    new CfnOutput(this, 'OutcomeEventBusName', {
      value: bus.eventBusName,
      description: 'EventBridge bus of payment outcome events; its archive allows replay',
    });
    new CfnOutput(this, 'DashboardUrl', { value: dashboard.url, description: "The environment's CloudWatch dashboard" });
    new CfnOutput(this, 'AlarmTopicArn', { value: this.alarms.topic.topicArn, description: 'SNS topic of the connector alarms: subscribe the on-call here' });
    if (this.crmCallback) {
      const { queue, deadLetterQueue, signingSecret } = this.crmCallback;
      new CfnOutput(this, 'CrmCallbackQueueUrl', { value: queue.queueUrl, description: 'Queue of outcome events waiting for delivery to the CRM callback' });
      new CfnOutput(this, 'CrmCallbackQueueArn', { value: queue.queueArn, description: 'The --destination-arn when redriving the dead-letter queue' });
      new CfnOutput(this, 'CrmCallbackDeadLetterQueueArn', {
        value: deadLetterQueue.queueArn,
        description: 'Undelivered CRM callbacks: redrive with aws sqs start-message-move-task --source-arn <this> --destination-arn <CrmCallbackQueueArn>',
      });
      new CfnOutput(this, 'CrmCallbackSigningSecretArn', {
        value: signingSecret.secret.secretArn,
        description: 'Standard Webhooks signing secret of the CRM callbacks; give the CRM its value with the whsec_ prefix',
      });
    }

    acknowledgeNagFindings({
      userPool: auth.userPool,
      restApi: api.restApi,
      functions: this.functions,
      sessionsTable: sessions,
      vccCredentials,
      reconcileSchedule,
      alarms: this.alarms,
      crmCallback: this.crmCallback,
    });
  }
}
