import { Duration } from 'aws-cdk-lib';
import { type IEventBus, Rule } from 'aws-cdk-lib/aws-events';
import { SqsQueue } from 'aws-cdk-lib/aws-events-targets';
import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { EventSourceMapping } from 'aws-cdk-lib/aws-lambda';
import { Queue, QueueEncryption } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { CRM_DELIVERY, OUTCOME_EVENTS } from '#app/contract/api-contract.ts';
import type { CrmCallbackConfig, EnvironmentConfig } from '../config/environment-config.ts';
import { DELIVERY_VISIBILITY_TIMEOUT_SECONDS } from '../config/function-timeouts.ts';
import { ConfiguredSecret } from './configured-secret.ts';
import { ConnectorFunction } from './connector-function.ts';

/**
 * The most deliveries in flight at once. Unbounded, a backlog (after a CRM outage, or a redrive
 * of the dead-letter queue) would scale the poller towards the account's limit: the CRM would
 * get a flood and the API functions a starved pool. Capped at the event source rather than by
 * reserved concurrency, because a message Lambda throttles counts as a receive and could reach
 * the dead-letter queue without ever being sent.
 */
export const DELIVERY_MAX_CONCURRENCY = 5;

export interface CrmCallbackDeliveryProps {
  config: EnvironmentConfig;
  callback: CrmCallbackConfig;
  bus: IEventBus;
  /** Encrypts the signing secret when the stack creates it. */
  encryptionKey: IKey;
}

/**
 * Delivers every outcome event of the bus to the CRM's callback URL, signed with Standard
 * Webhooks: a rule sends the events to a queue, the delivery function posts each one and backs
 * off by changing the message's visibility, and after CRM_DELIVERY.maxReceiveCount attempts the
 * message moves to the dead-letter queue, from which the operator redrives it. Events the rule
 * cannot even send to the queue land in the same dead-letter queue.
 */
export class CrmCallbackDelivery extends Construct {
  readonly signingSecret: ConfiguredSecret;
  readonly queue: Queue;
  readonly deadLetterQueue: Queue;
  readonly rule: Rule;
  readonly function: ConnectorFunction;
  readonly eventSourceMapping: EventSourceMapping;

  constructor(scope: Construct, id: string, { config, callback, bus, encryptionKey }: CrmCallbackDeliveryProps) {
    super(scope, id);

    this.signingSecret = new ConfiguredSecret(this, 'SigningSecret', {
      config,
      source: callback.signingSecret,
      description: `Standard Webhooks signing secret of the ${config.name} connector's CRM callbacks: give it to the CRM with the whsec_ prefix`,
      // 32 letters and digits are valid base64 of 24 bytes; the functions add the whsec_ prefix.
      initialValue: {
        generate: { secretStringTemplate: '{}', generateStringKey: 'signingSecret', excludePunctuation: true, passwordLength: 32 },
      },
      encryptionKey,
    });

    // For a standard queue a message's retention counts from its first enqueue, also in the
    // dead-letter queue: the longest retention gives the operator the most time to redrive.
    this.deadLetterQueue = new Queue(this, 'DeadLetterQueue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    this.queue = new Queue(this, 'Queue', {
      encryption: QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
      visibilityTimeout: Duration.seconds(DELIVERY_VISIBILITY_TIMEOUT_SECONDS),
      deadLetterQueue: { queue: this.deadLetterQueue, maxReceiveCount: CRM_DELIVERY.maxReceiveCount },
    });

    this.rule = new Rule(this, 'Rule', {
      description: `Sends every payment outcome of the ${config.name} connector to the CRM callback queue`,
      eventBus: bus,
      eventPattern: { source: [OUTCOME_EVENTS.source] },
      // EventBridge's longest retry; what still fails goes to the dead-letter queue.
      targets: [new SqsQueue(this.queue, { deadLetterQueue: this.deadLetterQueue, retryAttempts: 185, maxEventAge: Duration.hours(24) })],
    });

    this.function = new ConnectorFunction(this, 'DeliverCrmCallback', {
      name: 'deliver-crm-callback',
      description: 'Posts payment outcome events to the CRM callback URL, signed',
      config,
    }).bindCrmCallback(this.queue, this.signingSecret);
    // One message per invocation, so one slow or failing CRM call holds back no other event.
    // The mapping itself rather than SqsEventSource, whose own grant would repeat bindCrmCallback's.
    this.eventSourceMapping = this.function.function.addEventSourceMapping('CrmCallbackQueue', {
      eventSourceArn: this.queue.queueArn,
      batchSize: 1,
      reportBatchItemFailures: true,
      maxConcurrency: DELIVERY_MAX_CONCURRENCY,
    });
  }
}
