import { type IConstruct } from 'constructs';
import { Validations } from 'aws-cdk-lib';
import type { RestApi } from 'aws-cdk-lib/aws-apigateway';
import type { UserPool } from 'aws-cdk-lib/aws-cognito';
import type { ConnectorFunction } from './constructs/connector-function.ts';
import type { VccCredentials } from './constructs/vcc-credentials.ts';

export interface AcknowledgedParts {
  userPool: UserPool;
  restApi: RestApi;
  functions: ConnectorFunction[];
  vccCredentials: VccCredentials;
}

/**
 * Every cdk-nag finding this design accepts, one by one, each on the one resource it is about.
 * Anything not listed here fails synthesis.
 */
export function acknowledgeNagFindings({ userPool, restApi, functions, vccCredentials }: AcknowledgedParts): void {
  acknowledge(userPool, 'AwsSolutions-COG2', 'The pool has no human users: only the CRM app client, which authenticates with the client-credentials grant, where MFA does not apply.');
  acknowledge(userPool, 'AwsSolutions-COG8', 'The Plus plan adds threat protection for user sign-in; nobody signs in to this pool, clients only exchange their id and secret for tokens.');

  acknowledge(restApi, 'AwsSolutions-APIG2', 'Bodies and path parameters are validated by the functions with zod so every refusal carries a stable error code; gateway validation would answer with a generic message first.');
  acknowledge(restApi.deploymentStage, 'AwsSolutions-APIG3', 'Every method requires a Cognito access token with a route scope and the stage is throttled; a WAFv2 web ACL is an account-level choice the operator can associate with the stage without changing this stack.');

  const vccSecret = vccCredentials.createdSecret;
  if (vccSecret) {
    acknowledge(vccSecret, 'AwsSolutions-SMG4', 'The VCC API credentials are issued by the VCC administrator and cannot be rotated through an API: the operator rotates them in VCC and updates the secret.');
  }

  for (const { function: fn, role } of functions) {
    acknowledge(role.node.findChild('DefaultPolicy'), 'AwsSolutions-IAM5[Resource::*]', 'X-Ray PutTraceSegments and PutTelemetryRecords do not support resource-level permissions; every other statement names its resource.');
    acknowledge(fn, 'Serverless-LambdaDLQ', 'Invoked synchronously by API Gateway: the caller gets the error, there is no event to dead-letter.');
  }
}

/** Acknowledges on the CloudFormation resource itself where there is one, so the reason covers nothing else. */
function acknowledge(construct: IConstruct, id: string, reason: string): void {
  Validations.of(construct.node.defaultChild ?? construct).acknowledge({ id, reason });
}
