import { Duration, Stack } from 'aws-cdk-lib';
import type { Stage } from 'aws-cdk-lib/aws-apigateway';
import { Alarm, ComparisonOperator, type IMetric, TreatMissingData } from 'aws-cdk-lib/aws-cloudwatch';
import { SnsAction } from 'aws-cdk-lib/aws-cloudwatch-actions';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { type Subscription, Topic } from 'aws-cdk-lib/aws-sns';
import { EmailSubscription } from 'aws-cdk-lib/aws-sns-subscriptions';
import { Construct } from 'constructs';
import { RECONCILIATION } from '#app/contract/api-contract.ts';
import type { EnvironmentConfig } from '../config/environment-config.ts';
import { removalPolicyOf } from '../config/removal-policy.ts';
import {
  apiServerErrors,
  ConnectorMetrics,
  type CrmCallbackMetricsSource,
  crmCallbackRuleFailures,
  deadLetterDepth,
  METRIC_PERIOD,
  webhookRefusals,
} from './connector-metrics.ts';

/** Each alarm's runbook is its section of the operations guide; a test keeps the two in step. */
const runbookOf = (alarmId: string): string => `docs/operations.md#alarm-${alarmId.toLowerCase()}`;

export interface ConnectorAlarmsProps {
  config: EnvironmentConfig;
  apiStage: Stage;
  reconcileFunction: IFunction;
  /** Present when the environment delivers outcomes to a CRM callback. */
  crmCallback?: CrmCallbackMetricsSource;
}

interface AlarmSpec {
  metric: IMetric;
  threshold: number;
  comparisonOperator?: ComparisonOperator;
  evaluationPeriods?: number;
  datapointsToAlarm?: number;
  treatMissingData?: TreatMissingData;
  description: string;
}

/**
 * What an operator must hear about, on one SNS topic per environment. Each alarm's description
 * says what it means and what to do, and ends with where its runbook is. The topic is encrypted
 * with a key of its own: CloudWatch cannot publish to a topic under the AWS managed key
 * (aws/sns), whose policy cannot admit it.
 */
export class ConnectorAlarms extends Construct {
  readonly topic: Topic;
  readonly emailSubscription: Subscription | undefined;
  readonly alarms: Record<string, Alarm> = {};

  constructor(scope: Construct, id: string, props: ConnectorAlarmsProps) {
    super(scope, id);
    const { config } = props;
    const { account, region, partition } = Stack.of(this);

    const key = new Key(this, 'TopicKey', {
      description: `Encrypts the alarm topic of the ${config.name} VCC payment connector`,
      enableKeyRotation: true,
      removalPolicy: removalPolicyOf(config),
    });
    key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
        resources: ['*'],
      }),
    );
    this.topic = new Topic(this, 'Topic', {
      displayName: `VCC payment connector (${config.name}) alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    // A topic policy replaces SNS's default one, so CloudWatch must be admitted: this account's alarms only.
    this.topic.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal('cloudwatch.amazonaws.com')],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: {
          ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${region}:${account}:alarm:*` },
          StringEquals: { 'aws:SourceAccount': account },
        },
      }),
    );
    this.emailSubscription = config.alarms?.email ? this.topic.addSubscription(new EmailSubscription(config.alarms.email)) : undefined;

    const metrics = new ConnectorMetrics(config.name);
    this.add('UnresolvedSessions', {
      metric: metrics.unresolvedSessions(),
      threshold: 0,
      evaluationPeriods: 2,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      description:
        `Payment sessions are still not final ${RECONCILIATION.unresolvedAfterMinutes} minutes after they should have ended, ` +
        'so their outcome may never reach the CRM. Look up the sessions the reconcile-payment-sessions function logs as unresolved, ' +
        'check their state in the VCC console, and check that the VCC credentials secret and the VCC API are working.',
    });
    this.add('UnmatchedPaymentResults', {
      metric: metrics.unmatchedPaymentResults(),
      threshold: 0,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      description:
        'VCC sent a payment result for a VCC session that no payment of this connector is joined to, and the sweep could not match it ' +
        'safely (VCC opened a session or link after our timeout, and the customer paid). The CRM has not been told. ' +
        'Look up the sessionGuids the reconcile-payment-sessions function logs as unmatched, list them with `npm run ops -- unmatched-results`, ' +
        'and attach each to its payment with `npm run ops -- attach-vcc-session` (docs/reliability.md).',
    });
    this.add('WebhookRefused', {
      metric: webhookRefusals(props.apiStage),
      threshold: 0,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      description:
        'A VCC webhook was answered with a 4xx and not stored; VCC retries it for 12 hours and then deletes the result. ' +
        'Read the API access log for /v1/webhooks/vcc (status, errorType): the token authorizer refuses a token that is missing, expired or ' +
        "without the webhooks.write scope, and the stage's throttle answers 429. Otherwise read the receive-vcc-webhook function's log for the " +
        'error code (a body that is not a JSON object, has no sessionGuid or is over 128 KiB), and fix it with Vonage or in the connector.',
    });
    this.add('ReconcileErrors', {
      metric: props.reconcileFunction.metricErrors({ period: METRIC_PERIOD, statistic: 'Sum' }),
      threshold: 0,
      description:
        'The reconciliation sweep failed: sessions whose webhook was lost are not being recovered and owed outcomes are not being published. ' +
        "Read the reconcile-payment-sessions function's log for the error (VCC credentials, VCC API, DynamoDB or EventBridge access) and fix it; " +
        'the next sweep picks up all the work still due.',
    });
    // The unresolved-sessions alarm treats missing data as fine, so a sweep that stopped would silence it.
    const sweepPeriod = Duration.minutes(Math.max(METRIC_PERIOD.toMinutes(), RECONCILIATION.scheduleMinutes));
    this.add('ReconcileNotRunning', {
      metric: props.reconcileFunction.metricInvocations({ period: sweepPeriod, statistic: 'Sum' }),
      threshold: 1,
      comparisonOperator: ComparisonOperator.LESS_THAN_THRESHOLD,
      evaluationPeriods: 3,
      treatMissingData: TreatMissingData.BREACHING,
      description:
        `The reconciliation sweep has not run for ${3 * sweepPeriod.toMinutes()} minutes, so lost webhooks are not recovered and the ` +
        'unresolved-sessions alarm cannot fire either. Check that the ReconcileSchedule rule is enabled and that the function is not throttled.',
    });
    this.add('Api5xx', {
      metric: apiServerErrors(props.apiStage),
      threshold: 0,
      evaluationPeriods: 3,
      datapointsToAlarm: 2,
      description:
        'The API keeps answering 5xx. VCC retries a webhook it could not deliver for 12 hours, then deletes the payment result data, ' +
        "so webhooks are not being stored and the CRM gets errors. Read the API access log and the functions' logs for the cause " +
        '(DynamoDB, VCC, a bad deployment) and fix it within those 12 hours.',
    });

    if (props.crmCallback) {
      const { deadLetterQueue, rule, busName } = props.crmCallback;
      this.add('CrmCallbackDeadLetters', {
        metric: deadLetterDepth(deadLetterQueue),
        threshold: 0,
        description:
          'Payment outcomes could not be delivered to the CRM callback and are in its dead-letter queue. Read the deliver-crm-callback ' +
          "function's log for why (CRM down, URL wrong, signature refused), fix it, then move the messages back with " +
          'aws sqs start-message-move-task --source-arn <CrmCallbackDeadLetterQueueArn> --destination-arn <CrmCallbackQueueArn>.',
      });
      this.add('CrmCallbackRuleFailures', {
        metric: crmCallbackRuleFailures(busName, rule),
        threshold: 0,
        description:
          'EventBridge could not send payment outcome events to the CRM callback queue, nor always to its dead-letter queue, so the CRM ' +
          'will not hear of them. Check the queue policies and that the queues exist, then replay the events from the outcome bus archive ' +
          'for the time of the failures.',
      });
    }
  }

  private add(id: string, { description, ...spec }: AlarmSpec): void {
    const alarm = new Alarm(this, id, {
      evaluationPeriods: 1,
      comparisonOperator: ComparisonOperator.GREATER_THAN_THRESHOLD,
      treatMissingData: TreatMissingData.NOT_BREACHING,
      ...spec,
      alarmDescription: `${description} Runbook: ${runbookOf(id)}`,
    });
    alarm.addAlarmAction(new SnsAction(this.topic));
    alarm.addOkAction(new SnsAction(this.topic));
    this.alarms[id] = alarm;
  }
}
