import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ChangeMessageVisibilityCommand, SQSClient } from '@aws-sdk/client-sqs';
import middy from '@middy/core';
import type { SQSBatchResponse, SQSEvent, SQSRecord } from 'aws-lambda';
import { retryDelaySeconds, sendToCrm } from '#app/adapters/crm-callback.ts';
import { crmSigningSecret } from '#app/adapters/crm-signing-secret.ts';
import { requireSetting } from '#app/config/function-environment.ts';
import { CUSTOM_METRICS } from '#app/contract/api-contract.ts';
import type { OutcomeEvent } from '#app/model/outcome-event.ts';
import { awsClient, logger, metrics } from '#app/observability/powertools.ts';
import { config } from '#app/wiring/function-config.ts';

const url = requireSetting(config, 'crmCallbackUrl');
const queueUrl = requireSetting(config, 'crmCallbackQueueUrl');
const signingSecret = crmSigningSecret(awsClient(new SecretsManagerClient({})), requireSetting(config, 'crmCallbackSecretId'));
const sqs = awsClient(new SQSClient({}));

/** Each SQS message is an outcome event as EventBridge's rule put it there: the event is its `detail`. */
async function deliver(record: SQSRecord): Promise<boolean> {
  const attempts = Number(record.attributes.ApproximateReceiveCount);
  let eventId: string | undefined;
  try {
    const event = (JSON.parse(record.body) as { detail: OutcomeEvent }).detail;
    eventId = event.id;
    await sendToCrm(event, { url, signingSecret: () => signingSecret.get() });
    logger.info('outcome delivered to the CRM', { eventId, attempts });
    metrics.addMetric(CUSTOM_METRICS.crmCallbackDelivered, MetricUnit.Count, 1);
    return true;
  } catch (error) {
    // The queue's own visibility timeout would retry at a fixed pace; this spaces retries out.
    const retryInSeconds = retryDelaySeconds(attempts);
    logger.warn('CRM callback failed; the queue retries it', { eventId, attempts, retryInSeconds, reason: (error as Error).message });
    // Counts attempts, not events: the queue retries a failed one, and parks it in the dead-letter queue after the last.
    metrics.addMetric(CUSTOM_METRICS.crmCallbackFailed, MetricUnit.Count, 1);
    await sqs
      .send(new ChangeMessageVisibilityCommand({ QueueUrl: queueUrl, ReceiptHandle: record.receiptHandle, VisibilityTimeout: retryInSeconds }))
      .catch((visibilityError: unknown) => logger.warn('could not delay the retry', { eventId, error: visibilityError as Error }));
    return false;
  }
}

/** Consumes the CRM callback queue; a failed message returns to it, and after the last attempt goes to its dead-letter queue. */
export const handler = middy(async (event: SQSEvent): Promise<SQSBatchResponse> => {
  const batchItemFailures: SQSBatchResponse['batchItemFailures'] = [];
  for (const record of event.Records) {
    if (!(await deliver(record))) batchItemFailures.push({ itemIdentifier: record.messageId });
  }
  return { batchItemFailures };
})
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .use(logMetrics(metrics));
