import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { EventBridgeClient } from '@aws-sdk/client-eventbridge';
import { loadFunctionConfig, requireSetting } from './config/function-environment.ts';
import { logger, tracer } from './observability/powertools.ts';
import { eventBridgeOutcomePublisher } from './outcomes/outcome-publisher.ts';
import { dynamoDbPaymentSessionStore } from './stores/dynamodb-payment-session-store.ts';
import { dynamoDbVccEventLog } from './stores/dynamodb-vcc-event-log.ts';
import type { VccNewsDeps } from './vcc-events/vcc-news.ts';

/**
 * What the functions that keep payment sessions share, built once per container at cold start:
 * validated configuration and AWS clients (the VCC client is in vcc-runtime.ts, for the
 * functions that call VCC). Endpoints come from the standard AWS SDK settings (e.g.
 * AWS_ENDPOINT_URL_DYNAMODB), which is how the local stack plugs in.
 */
export const config = loadFunctionConfig();
const tableName = requireSetting(config, 'tableName');

const dynamoDb = tracer.captureAWSv3Client(new DynamoDBClient({}));
const eventBridge = tracer.captureAWSv3Client(new EventBridgeClient({}));

export const paymentSessionStore = dynamoDbPaymentSessionStore(dynamoDb, tableName);
export const vccEventLog = dynamoDbVccEventLog(dynamoDb, tableName);

/** Everything that takes in news from VCC: the same store, history and outcome bus for all. */
export const vccNews: VccNewsDeps = {
  store: paymentSessionStore,
  eventLog: vccEventLog,
  publisher: eventBridgeOutcomePublisher(eventBridge, requireSetting(config, 'outcomeEventBusName')),
  environmentName: config.environmentName,
  onLeftForSweep: (error, id, step) => logger.error(`could not ${step} now; left for the reconciliation sweep`, { id, step, error: error as Error }),
};
