import { Validations } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { UserPool } from 'aws-cdk-lib/aws-cognito';
import type { Rule } from 'aws-cdk-lib/aws-events';
import type { IConstruct } from 'constructs';
import type { FunctionName } from '#app/contract/api-contract.ts';
import type { ConnectorAlarms } from './constructs/connector-alarms.ts';
import type { ConnectorFunction } from './constructs/connector-function.ts';
import type { CrmCallbackDelivery } from './constructs/crm-callback-delivery.ts';
import type { VccCredentials } from './constructs/vcc-credentials.ts';

export interface AcknowledgedParts {
  userPool: UserPool;
  restApi: RestApi;
  functions: Partial<Record<FunctionName, ConnectorFunction>>;
  vccCredentials: VccCredentials;
  reconcileSchedule: Rule;
  alarms: ConnectorAlarms;
  crmCallback: CrmCallbackDelivery | undefined;
}

/** Why each function has no dead-letter target of its own. */
const NO_FUNCTION_DLQ: Record<FunctionName, string> = {
  'create-payment-session': 'Invoked synchronously by API Gateway: the caller gets the error, there is no event to dead-letter.',
  'get-payment-session': 'Invoked synchronously by API Gateway: the caller gets the error, there is no event to dead-letter.',
  'create-payment-link':
    'Invoked synchronously by API Gateway: the CRM gets the error and may retry, safely with the same Idempotency-Key; there is no event to dead-letter.',
  'reissue-payment-link':
    'Invoked synchronously by API Gateway: the CRM gets the error and may retry, safely with the same Idempotency-Key; there is no event to dead-letter.',
  'list-payments':
    'Invoked synchronously by API Gateway for a read that changes nothing: the caller gets the error and asks again, there is no event to dead-letter.',
  'receive-vcc-webhook': 'Invoked synchronously by API Gateway: VCC gets the error and retries the webhook for 12 hours, there is no event to dead-letter.',
  'reconcile-payment-sessions': 'A scheduled sweep: its event holds nothing but the time, and the next scheduled sweep finds the same work due in the table.',
  'deliver-crm-callback': "Fed by an SQS event source: a message that keeps failing moves to the CRM callback queue's own dead-letter queue.",
};

/**
 * Every cdk-nag finding this design accepts, one by one, each on the one resource it is about.
 * Anything not listed here fails synthesis.
 */
export function acknowledgeNagFindings(parts: AcknowledgedParts): void {
  const { userPool, restApi, functions, vccCredentials, reconcileSchedule, alarms, crmCallback } = parts;
  acknowledge(
    userPool,
    'AwsSolutions-COG2',
    'The pool has no human users: only the CRM and VCC app clients, which authenticate with the client-credentials grant, where MFA does not apply.',
  );
  acknowledge(
    userPool,
    'AwsSolutions-COG8',
    'The Plus plan adds threat protection for user sign-in; nobody signs in to this pool, clients only exchange their id and secret for tokens.',
  );

  acknowledge(
    restApi,
    'AwsSolutions-APIG2',
    'Bodies, path and query parameters are validated by the functions with zod so every refusal carries a stable error code; gateway validation would answer with a generic message first.',
  );
  acknowledge(
    restApi.deploymentStage,
    'AwsSolutions-APIG3',
    'Every method requires a Cognito access token with a route scope and the stage is throttled; a WAFv2 web ACL is an account-level choice the operator can associate with the stage without changing this stack.',
  );

  const vccSecret = vccCredentials.createdSecret;
  if (vccSecret) {
    acknowledge(
      vccSecret,
      'AwsSolutions-SMG4',
      'The VCC API credentials are issued by the VCC administrator and cannot be rotated through an API: the operator rotates them in VCC and updates the secret.',
    );
  }

  for (const [name, { function: fn, role }] of Object.entries(functions) as [FunctionName, ConnectorFunction][]) {
    acknowledge(
      role.node.findChild('DefaultPolicy'),
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions; every other statement names its resource.',
    );
    acknowledge(fn, 'Serverless-LambdaDLQ', NO_FUNCTION_DLQ[name]);
  }

  const reconcile = functions['reconcile-payment-sessions'];
  if (reconcile) {
    acknowledge(
      reconcile.function.node.findChild('EventInvokeConfig'),
      'Serverless-LambdaAsyncFailureDestination',
      'A failed sweep is deliberately dropped, not retried or kept: the next scheduled sweep finds the same work due, and the ReconcileErrors alarm reports the failure.',
    );
  }
  acknowledge(
    reconcileSchedule,
    'Serverless-EventBusDLQ',
    'A schedule tick that cannot be delivered is worth nothing later: the next tick does the same work, and the ReconcileNotRunning alarm reports a sweep that stops running.',
  );

  if (alarms.emailSubscription) {
    acknowledge(
      alarms.emailSubscription,
      'Serverless-SNSRedrivePolicy',
      "An alarm email SNS cannot deliver is not worth queueing: the alarm's state and history stay in CloudWatch, which is the record the on-call reads.",
    );
  }

  if (crmCallback) {
    acknowledge(
      crmCallback.deadLetterQueue,
      'Serverless-SQSRedrivePolicy',
      'This is the dead-letter queue of the CRM callback queue and of its EventBridge rule: a dead-letter queue of its own would only move the same messages further from the operator.',
    );
    acknowledge(
      crmCallback.eventSourceMapping,
      'Serverless-LambdaEventSourceMappingDestination',
      "An SQS event source cannot have an on-failure destination; the queue's redrive policy moves a message to the dead-letter queue after CRM_DELIVERY.maxReceiveCount attempts.",
    );
    const signingSecret = crmCallback.signingSecret.createdSecret;
    if (signingSecret) {
      acknowledge(
        signingSecret,
        'AwsSolutions-SMG4',
        'The signing secret is shared with the CRM, which must accept the new value before we sign with it: the operator rotates it with the CRM team rather than a rotation function.',
      );
    }
  }
}

/** Acknowledges on the CloudFormation resource itself where there is one, so the reason covers nothing else. */
function acknowledge(construct: IConstruct, id: string, reason: string): void {
  Validations.of(construct.node.defaultChild ?? construct).acknowledge({ id, reason });
}
