import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { eventBridgeOutcomePublisher } from '../adapters/eventbridge-outcome-publisher.ts';
import { requireSetting } from '../config/function-environment.ts';
import { awsClient, logger } from '../observability/powertools.ts';
import type { StatusReportDeps } from '../use-cases/vcc-status-reports.ts';
import { resultReadingsOf } from '../vcc/vcc-status-change.ts';
import { config, paymentStore, vccEventLog } from './stores.ts';

/**
 * Everything that takes in VCC's status reports: the same store, history and outcome bus for all.
 * Only functions that may move a payment get the bus; a reader of the store alone does not.
 */
const eventBridge = awsClient(new EventBridgeClient({}));

export const statusReports: StatusReportDeps = {
  store: paymentStore,
  eventLog: vccEventLog,
  resultReadings: resultReadingsOf(config.resultReadings),
  publisher: eventBridgeOutcomePublisher(eventBridge, requireSetting(config, 'outcomeEventBusName')),
  environmentName: config.environmentName,
  onLeftForSweep: (error, id, step) => logger.error(`could not ${step} now; left for the reconciliation sweep`, { id, step, error: error as Error }),
};
