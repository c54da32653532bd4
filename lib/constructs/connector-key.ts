import { Aspects, type IAspect, Stack } from 'aws-cdk-lib';
import { PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Key } from 'aws-cdk-lib/aws-kms';
import { CfnLogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct, type IConstruct } from 'constructs';
import type { EnvironmentConfig } from '../config/environment-config.ts';
import { removalPolicyOf } from '../config/removal-policy.ts';

export interface ConnectorKeyProps {
  config: EnvironmentConfig;
}

/**
 * The environment's customer-managed KMS key, rotated yearly, for its log groups and the secrets
 * it creates: who may decrypt them is then the key policy's decision, every use is in CloudTrail,
 * and disabling the key makes an environment's logs and secrets unreadable at once. Secrets
 * referenced by name or ARN keep the key their owner chose.
 */
export class ConnectorKey extends Construct {
  readonly key: Key;

  constructor(scope: Construct, id: string, { config }: ConnectorKeyProps) {
    super(scope, id);
    const { account, region, partition } = Stack.of(this);

    this.key = new Key(this, 'Key', {
      description: `Encrypts the logs and secrets of the ${config.name} VCC payment connector`,
      enableKeyRotation: true,
      removalPolicy: removalPolicyOf(config),
    });
    // CloudWatch Logs calls KMS as itself, not as the caller: admit it for this account's log groups in this region only.
    this.key.addToResourcePolicy(
      new PolicyStatement({
        principals: [new ServicePrincipal(`logs.${region}.amazonaws.com`)],
        actions: ['kms:Encrypt*', 'kms:Decrypt*', 'kms:ReEncrypt*', 'kms:GenerateDataKey*', 'kms:Describe*'],
        resources: ['*'],
        conditions: { ArnLike: { 'kms:EncryptionContext:aws:logs:arn': `arn:${partition}:logs:${region}:${account}:log-group:*` } },
      }),
    );
  }

  /**
   * Encrypts every log group under `scope` that names no key of its own with this key: the
   * functions' and the API's access log alike, and any log group added later, without each
   * construct having to be handed the key.
   */
  encryptLogGroupsOf(scope: IConstruct): this {
    const keyArn = this.key.keyArn;
    const aspect: IAspect = {
      visit(node) {
        if (node instanceof CfnLogGroup && node.kmsKeyId === undefined) node.kmsKeyId = keyArn;
      },
    };
    Aspects.of(scope).add(aspect);
    return this;
  }
}
