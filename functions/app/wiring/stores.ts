import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { dynamoDbPaymentStore } from '../adapters/dynamodb/dynamodb-payment-store.ts';
import { dynamoDbVccEventLog } from '../adapters/dynamodb/dynamodb-vcc-event-log.ts';
import { requireSetting } from '../config/function-environment.ts';
import { awsClient } from '../observability/powertools.ts';
import { config } from './function-config.ts';

/**
 * What the functions that keep payments share, built once per container at cold start:
 * validated configuration (read in function-config.ts) and the store. Taking in VCC's status
 * reports (which publishes outcomes) is wired in status-reports.ts and the VCC client in
 * vcc-client.ts, for the functions that need them.
 * Endpoints come from the standard AWS SDK settings (e.g. AWS_ENDPOINT_URL_DYNAMODB), which is
 * how the local stack plugs in.
 */
export { config };

const tableName = requireSetting(config, 'tableName');

const dynamoDb = awsClient(new DynamoDBClient({}));

export const paymentStore = dynamoDbPaymentStore(dynamoDb, tableName);
export const vccEventLog = dynamoDbVccEventLog(dynamoDb, tableName);
