import { ArnFormat, SecretValue, Stack } from 'aws-cdk-lib';
import { type ISecret, Secret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environment-config.ts';
import { removalPolicyOf } from '../config/removal-policy.ts';

export interface VccCredentialsProps {
  config: EnvironmentConfig;
}

/**
 * The VCC API client id and secret, as JSON `{"clientId": "...", "clientSecret": "..."}` in
 * Secrets Manager: created here with empty values for the operator to fill in, or an existing
 * secret referenced by name or ARN (e.g. one credential set shared by two environments).
 */
export class VccCredentials extends Construct {
  readonly secret: ISecret;
  /** Created by this stack, so the stack owns its lifecycle (and its rotation finding). */
  readonly createdSecret: Secret | undefined;
  /** What the functions pass to GetSecretValue. */
  readonly secretId: string;
  /** The ARN an IAM statement must name to allow reading this secret, and nothing else. */
  readonly policyResourceArn: string;

  constructor(scope: Construct, id: string, { config }: VccCredentialsProps) {
    super(scope, id);
    const setup = config.vcc.credentialsSecret;

    if ('create' in setup) {
      this.createdSecret = new Secret(this, 'Secret', {
        description: `VCC Payment API client credentials for the ${config.name} connector: fill in clientId and clientSecret`,
        // CloudFormation only writes this value when the property changes, so a redeploy keeps
        // what the operator filled in.
        secretStringValue: SecretValue.unsafePlainText(JSON.stringify({ clientId: '', clientSecret: '' })),
        removalPolicy: removalPolicyOf(config),
      });
      this.secret = this.createdSecret;
      this.secretId = this.secret.secretArn;
      this.policyResourceArn = this.secret.secretArn;
    } else if ('name' in setup) {
      this.createdSecret = undefined;
      this.secret = Secret.fromSecretNameV2(this, 'Secret', setup.name);
      this.secretId = setup.name;
      // Secrets Manager appends a random six-character suffix to every secret's ARN.
      this.policyResourceArn = Stack.of(this).formatArn({
        service: 'secretsmanager',
        resource: 'secret',
        resourceName: `${setup.name}-??????`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      });
    } else {
      this.createdSecret = undefined;
      this.secret = Secret.fromSecretCompleteArn(this, 'Secret', setup.arn);
      this.secretId = setup.arn;
      this.policyResourceArn = setup.arn;
    }
  }
}
