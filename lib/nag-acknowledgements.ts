import { Validations } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { UserPool } from 'aws-cdk-lib/aws-cognito';
import type { Rule } from 'aws-cdk-lib/aws-events';
import type { IConstruct } from 'constructs';
import type { FunctionName } from '#app/contract/api-contract.ts';
import type { ConnectorAlarms } from './constructs/connector-alarms.ts';
import type { ConnectorFunction } from './constructs/connector-function.ts';
import { type CrmCallbackDelivery, DELIVERY_MAX_CONCURRENCY } from './constructs/crm-callback-delivery.ts';
import type { PaymentSessionsTable } from './constructs/payment-sessions-table.ts';
import type { VccCredentials } from './constructs/vcc-credentials.ts';

export interface AcknowledgedParts {
  userPool: UserPool;
  restApi: RestApi;
  functions: Partial<Record<FunctionName, ConnectorFunction>>;
  sessionsTable: PaymentSessionsTable;
  vccCredentials: VccCredentials;
  reconcileSchedule: Rule;
  alarms: ConnectorAlarms;
  crmCallback: CrmCallbackDelivery | undefined;
}

/**
 * One finding as each rule pack names it: the packs check the same thing under their own ids,
 * and a decision holds for all of them. AwsSolutions and Serverless are AWS's and serverless
 * practice; PCI.DSS.321 and NIST.800.53.R5 are what an assessor reads.
 */
const RULES = {
  functionDeadLetters: ['Serverless-LambdaDLQ', 'NIST.800.53.R5-LambdaDLQ'],
  functionOutsideVpc: ['PCI.DSS.321-LambdaInsideVPC', 'NIST.800.53.R5-LambdaInsideVPC'],
  functionSharedConcurrency: ['NIST.800.53.R5-LambdaConcurrency'],
  roleOwnPolicy: ['PCI.DSS.321-IAMNoInlinePolicy', 'NIST.800.53.R5-IAMNoInlinePolicy'],
  xrayWildcard: ['AwsSolutions-IAM5[Resource::*]'],
  secretManualRotation: ['AwsSolutions-SMG4', 'NIST.800.53.R5-SecretsManagerRotationEnabled'],
  stageWithoutWaf: ['AwsSolutions-APIG3', 'PCI.DSS.321-APIGWAssociatedWithWAF', 'NIST.800.53.R5-APIGWAssociatedWithWAF'],
  stageWithoutCache: ['PCI.DSS.321-APIGWCacheEnabledAndEncrypted', 'NIST.800.53.R5-APIGWCacheEnabledAndEncrypted'],
  stageWithoutClientCertificate: ['PCI.DSS.321-APIGWSSLEnabled', 'NIST.800.53.R5-APIGWSSLEnabled'],
  tableWithoutBackupPlan: ['NIST.800.53.R5-DynamoDBInBackupPlan'],
  backupServiceRolePolicy: ['AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSBackupServiceRolePolicyForBackup]'],
} as const;

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

/** Why a function draws on the account's shared pool instead of executions kept for it. */
const SHARED_CONCURRENCY: Partial<Record<FunctionName, string>> = Object.fromEntries([
  ...(['create-payment-session', 'get-payment-session', 'create-payment-link', 'reissue-payment-link', 'list-payments'] as const).map((name) => [
    name,
    "Behind the API stage, whose throttle (api.throttle in cdk.json) bounds how many run at once. Executions reserved for it would be taken from the pool the account's other workloads share, and receive-vcc-webhook and the reconciliation sweep have reservations of their own, so a burst here cannot starve them.",
  ]),
  [
    'deliver-crm-callback',
    `Capped at ${DELIVERY_MAX_CONCURRENCY} concurrent deliveries by its SQS event source's maximum concurrency, which, unlike reserved concurrency, never throttles a message into the dead-letter queue unsent.`,
  ],
]);

const OUTSIDE_VPC =
  'The function listens on no network: it is invoked by AWS, and calls only AWS public endpoints (DynamoDB, Secrets Manager, EventBridge, SQS, X-Ray) and the HTTPS APIs of VCC or the CRM, over TLS and authenticated. A VPC would add NAT gateways or interface endpoints, their cost and their failure modes, and no protection for card data, which never reaches the connector: VCC and its PCI provider collect it.';

const OWN_POLICY =
  "The role's only policy, written by the stack for this one function: the least-privilege statements its bind helpers add, each naming its resource. It changes only through a reviewed deployment, versioned with the code; a customer-managed policy would be attached to this one role, reused by nothing, and one more object to keep in step.";

/**
 * Every cdk-nag finding this design accepts, one by one, each on the one resource it is about,
 * with the reason an assessor reads in docs/operations.md. Anything not listed here fails synthesis.
 */
export function acknowledgeNagFindings(parts: AcknowledgedParts): void {
  const { userPool, restApi, functions, sessionsTable, vccCredentials, reconcileSchedule, alarms, crmCallback } = parts;
  acknowledge(
    userPool,
    ['AwsSolutions-COG2'],
    'The pool has no human users: only the CRM and VCC app clients, which authenticate with the client-credentials grant, where MFA does not apply.',
  );
  acknowledge(
    userPool,
    ['AwsSolutions-COG8'],
    'The Plus plan adds threat protection for user sign-in; nobody signs in to this pool, clients only exchange their id and secret for tokens.',
  );

  acknowledge(
    restApi,
    ['AwsSolutions-APIG2'],
    'Bodies, path and query parameters are validated by the functions with zod so every refusal carries a stable error code; gateway validation would answer with a generic message first.',
  );
  const stage = restApi.deploymentStage;
  acknowledge(
    stage,
    RULES.stageWithoutWaf,
    'Every method requires a Cognito access token with a route scope, the stage is throttled, and no request carries card data. A WAFv2 web ACL is an account-level choice (often made in Firewall Manager) the operator can associate with the stage without changing this stack.',
  );
  acknowledge(
    stage,
    RULES.stageWithoutCache,
    "Caching is off on purpose, so there is no cache to encrypt: every read must show a payment's current state, and a cached answer could show a settled payment as pending.",
  );
  acknowledge(
    stage,
    RULES.stageWithoutClientCertificate,
    "A client certificate lets an HTTP backend tell that a request came from API Gateway. Every integration here is a Lambda proxy integration, which API Gateway calls through Lambda's signed Invoke API, allowed by each function's resource policy for this API alone.",
  );

  if (sessionsTable.backupPlan) {
    acknowledge(
      sessionsTable.backupPlan.node.findChild('Table').node.findChild('Role'),
      RULES.backupServiceRolePolicy,
      "AWSBackupServiceRolePolicyForBackup is the service-role policy AWS Backup documents for this role, kept in step with the service by AWS; only backup.amazonaws.com can assume the role, and the plan's selection names the sessions table alone.",
    );
  } else {
    acknowledge(
      sessionsTable.table,
      RULES.tableWithoutBackupPlan,
      'An environment without backup in cdk.json (a sandbox: production must set it) holds test payments only; point-in-time recovery keeps any second of the last 35 days for a rehearsal, and a backup vault would outlive the sandbox it was for.',
    );
  }

  const vccSecret = vccCredentials.createdSecret;
  if (vccSecret) {
    acknowledge(
      vccSecret,
      RULES.secretManualRotation,
      'The VCC API credentials are issued by the VCC administrator and cannot be rotated through an API: the operator rotates them in VCC and updates the secret.',
    );
  }

  for (const [name, { function: fn, role }] of Object.entries(functions) as [FunctionName, ConnectorFunction][]) {
    const policy = role.node.findChild('DefaultPolicy');
    acknowledge(
      policy,
      RULES.xrayWildcard,
      'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions; every other statement names its resource.',
    );
    acknowledge(policy, RULES.roleOwnPolicy, OWN_POLICY);
    acknowledge(fn, RULES.functionDeadLetters, NO_FUNCTION_DLQ[name]);
    acknowledge(fn, RULES.functionOutsideVpc, OUTSIDE_VPC);
    const sharedConcurrency = SHARED_CONCURRENCY[name];
    if (sharedConcurrency) acknowledge(fn, RULES.functionSharedConcurrency, sharedConcurrency);
  }

  const reconcile = functions['reconcile-payment-sessions'];
  if (reconcile) {
    acknowledge(
      reconcile.function.node.findChild('EventInvokeConfig'),
      ['Serverless-LambdaAsyncFailureDestination'],
      'A failed sweep is deliberately dropped, not retried or kept: the next scheduled sweep finds the same work due, and the ReconcileErrors alarm reports the failure.',
    );
  }
  acknowledge(
    reconcileSchedule,
    ['Serverless-EventBusDLQ'],
    'A schedule tick that cannot be delivered is worth nothing later: the next tick does the same work, and the ReconcileNotRunning alarm reports a sweep that stops running.',
  );

  if (alarms.emailSubscription) {
    acknowledge(
      alarms.emailSubscription,
      ['Serverless-SNSRedrivePolicy'],
      "An alarm email SNS cannot deliver is not worth queueing: the alarm's state and history stay in CloudWatch, which is the record the on-call reads.",
    );
  }

  if (crmCallback) {
    acknowledge(
      crmCallback.deadLetterQueue,
      ['Serverless-SQSRedrivePolicy'],
      'This is the dead-letter queue of the CRM callback queue and of its EventBridge rule: a dead-letter queue of its own would only move the same messages further from the operator.',
    );
    acknowledge(
      crmCallback.eventSourceMapping,
      ['Serverless-LambdaEventSourceMappingDestination'],
      "An SQS event source cannot have an on-failure destination; the queue's redrive policy moves a message to the dead-letter queue after CRM_DELIVERY.maxReceiveCount attempts.",
    );
    const signingSecret = crmCallback.signingSecret.createdSecret;
    if (signingSecret) {
      acknowledge(
        signingSecret,
        RULES.secretManualRotation,
        'The signing secret is shared with the CRM, which must accept the new value before we sign with it: the operator rotates it with the CRM team rather than a rotation function.',
      );
    }
  }
}

/** Acknowledges on the CloudFormation resource itself where there is one, so the reason covers nothing else. */
function acknowledge(construct: IConstruct, ids: readonly string[], reason: string): void {
  const validations = Validations.of(construct.node.defaultChild ?? construct);
  for (const id of ids) validations.acknowledge({ id, reason });
}
