import { Duration } from 'aws-cdk-lib';
import { type Archive, EventBus } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { OBSERVABILITY, OUTCOME_EVENTS } from '#app/contract/api-contract.ts';
import type { EnvironmentConfig } from '../config/environment-config.ts';

/**
 * How long the archive keeps outcome events for replay. Production: 13 months, so a consumer
 * (or the CRM's record of payments) can be rebuilt over a full financial year plus a month for
 * its close, well past the usual 120-day card dispute window. Sandbox: long enough to replay a
 * test cycle, short enough that test outcomes do not pile up. Events carry no card data.
 */
export const archiveRetentionFor = (config: EnvironmentConfig): Duration => Duration.days(config.kind === 'production' ? 395 : 30);

export interface OutcomeEventBusProps {
  config: EnvironmentConfig;
}

/**
 * The environment's EventBridge bus for payment outcomes: the connector puts a
 * `payment.session.completed` event when a session reaches a terminal state, and anything that
 * needs outcomes (the CRM callback, another team's rule) subscribes to it. Every connector
 * event is archived so a consumer that missed some can have them replayed.
 */
export class OutcomeEventBus extends Construct {
  readonly bus: EventBus;
  readonly archive: Archive;

  constructor(scope: Construct, id: string, { config }: OutcomeEventBusProps) {
    super(scope, id);
    // One name per environment, so two environments can share an account and region.
    this.bus = new EventBus(this, 'Bus', {
      eventBusName: `${OBSERVABILITY.serviceName}-${config.name}-outcomes`,
      description: `Payment outcomes of the ${config.name} VCC payment connector`,
    });
    this.archive = this.bus.archive('Archive', {
      description: `Every ${OUTCOME_EVENTS.source} event of the ${config.name} environment, for replay`,
      eventPattern: { source: [OUTCOME_EVENTS.source] },
      retention: archiveRetentionFor(config),
    });
  }
}
