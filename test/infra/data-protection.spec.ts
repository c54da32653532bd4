import type { CfnElement } from 'aws-cdk-lib';
import { beforeAll, describe, expect, it } from 'vitest';
import type { FunctionName } from '#app/contract/api-contract.ts';
import { cdkJsonStacks, type SynthesizedEnvironment } from './support/synthesize.ts';

const ENVIRONMENTS = ['sandbox', 'production'] as const;

let synthesized: Record<string, SynthesizedEnvironment>;
beforeAll(() => {
  synthesized = cdkJsonStacks();
});

const idOf = ({ stack }: SynthesizedEnvironment, construct: { node: { defaultChild?: unknown } }): string =>
  stack.getLogicalId(construct.node.defaultChild as CfnElement);

const keyArnOf = (environment: SynthesizedEnvironment) => ({ 'Fn::GetAtt': [idOf(environment, environment.stack.encryptionKey), 'Arn'] });

const resourcesOf = ({ template }: SynthesizedEnvironment, type: string): Record<string, any>[] => Object.values(template.findResources(type));

describe('the encryption key of each environment', () => {
  it.each(ENVIRONMENTS)('in %s is customer-managed and rotated', (name) => {
    const environment = synthesized[name]!;
    const key = environment.template.toJSON().Resources[idOf(environment, environment.stack.encryptionKey)];

    expect(key.Type).toBe('AWS::KMS::Key');
    expect(key.Properties.EnableKeyRotation).toBe(true);
  });

  it.each(ENVIRONMENTS)("in %s lets CloudWatch Logs of the stack's region use it, for this account's log groups only", (name) => {
    const environment = synthesized[name]!;
    const key = environment.template.toJSON().Resources[idOf(environment, environment.stack.encryptionKey)];

    expect(key.Properties.KeyPolicy.Statement).toContainEqual({
      Effect: 'Allow',
      Principal: { Service: 'logs.eu-west-2.amazonaws.com' },
      Action: ['kms:Decrypt*', 'kms:Describe*', 'kms:Encrypt*', 'kms:GenerateDataKey*', 'kms:ReEncrypt*'],
      Resource: '*',
      Condition: {
        ArnLike: { 'kms:EncryptionContext:aws:logs:arn': { 'Fn::Join': ['', ['arn:aws:logs:eu-west-2:', { Ref: 'AWS::AccountId' }, ':log-group:*']] } },
      },
    });
  });

  it('lets Secrets Manager use it where the stack creates secrets: in the sandbox, not in production', () => {
    const throughSecretsManager = (environment: SynthesizedEnvironment) =>
      environment.template
        .toJSON()
        .Resources[idOf(environment, environment.stack.encryptionKey)].Properties.KeyPolicy.Statement.filter(
          (statement: { Condition?: Record<string, Record<string, unknown>> }) =>
            statement.Condition?.StringEquals?.['kms:ViaService'] === 'secretsmanager.eu-west-2.amazonaws.com',
        );

    expect(throughSecretsManager(synthesized.sandbox!)).toHaveLength(1);
    expect(throughSecretsManager(synthesized.production!)).toEqual([]);
  });

  it('is kept with the logs it encrypts when production is deleted, and goes with the sandbox', () => {
    const deletionPolicy = (environment: SynthesizedEnvironment) =>
      environment.template.toJSON().Resources[idOf(environment, environment.stack.encryptionKey)].DeletionPolicy;

    expect(deletionPolicy(synthesized.production!)).toBe('Retain');
    expect(deletionPolicy(synthesized.sandbox!)).toBe('Delete');
  });
});

describe('encryption with the key', () => {
  it.each(ENVIRONMENTS)("in %s covers every log group: the functions', the API's access log and its execution log", (name) => {
    const environment = synthesized[name]!;
    const logGroups = resourcesOf(environment, 'AWS::Logs::LogGroup');

    expect(logGroups.length).toBe(Object.keys(environment.stack.functions).length + 2);
    expect(logGroups.map((logGroup) => logGroup.Properties.KmsKeyId)).toEqual(logGroups.map(() => keyArnOf(environment)));
  });

  it('covers the secrets the sandbox creates', () => {
    const environment = synthesized.sandbox!;
    const secrets = resourcesOf(environment, 'AWS::SecretsManager::Secret');

    expect(secrets.map((secret) => secret.Properties.KmsKeyId)).toEqual([keyArnOf(environment), keyArnOf(environment)]);
  });

  it('leaves the secrets production names to the key their owner chose: the stack creates none', () => {
    expect(resourcesOf(synthesized.production!, 'AWS::SecretsManager::Secret')).toEqual([]);
  });
});

describe('reserved concurrency', () => {
  const reservedConcurrencyIn = (environment: SynthesizedEnvironment): Partial<Record<FunctionName, number>> =>
    Object.fromEntries(
      (Object.entries(environment.stack.functions) as [FunctionName, { function: { node: { defaultChild?: unknown } } }][])
        .map(([name, fn]) => [name, environment.template.toJSON().Resources[idOf(environment, fn.function)].Properties.ReservedConcurrentExecutions])
        .filter(([, reserved]) => reserved !== undefined),
    );

  it.each(ENVIRONMENTS)("in %s keeps the environment's webhookReservedConcurrency for the webhook receiver, and two for the sweep", (name) => {
    const environment = synthesized[name]!;

    expect(reservedConcurrencyIn(environment)).toEqual({
      'receive-vcc-webhook': environment.stack.config.webhookReservedConcurrency,
      'reconcile-payment-sessions': 2,
    });
  });

  it('is 5 in the sandbox and 20 in production', () => {
    expect(synthesized.sandbox!.stack.config.webhookReservedConcurrency).toBe(5);
    expect(synthesized.production!.stack.config.webhookReservedConcurrency).toBe(20);
  });
});

describe('backups of the payment sessions table', () => {
  it.each(ENVIRONMENTS)('in %s include point-in-time recovery', (name) => {
    const [table] = resourcesOf(synthesized[name]!, 'AWS::DynamoDB::Table');

    expect(table!.Properties.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
  });

  it('in production include a daily AWS Backup of the table alone, kept backup.retentionDays, in a retained vault', () => {
    const environment = synthesized.production!;
    const [plan] = resourcesOf(environment, 'AWS::Backup::BackupPlan');
    const [selection] = resourcesOf(environment, 'AWS::Backup::BackupSelection');
    const [vault] = resourcesOf(environment, 'AWS::Backup::BackupVault');

    expect(plan!.Properties.BackupPlan.BackupPlanRule).toEqual([
      expect.objectContaining({ RuleName: 'Daily', ScheduleExpression: 'cron(0 3 * * ? *)', Lifecycle: { DeleteAfterDays: 90 } }),
    ]);
    expect(environment.stack.config.backup).toEqual({ retentionDays: 90 });
    expect(selection!.Properties.BackupSelection.Resources).toEqual([{ 'Fn::GetAtt': [idOf(environment, environment.stack.sessionsTable.table), 'Arn'] }]);
    expect(vault!.DeletionPolicy).toBe('Retain');
  });

  it('in the sandbox are point-in-time recovery only', () => {
    const { template } = synthesized.sandbox!;

    expect(Object.keys({ ...template.findResources('AWS::Backup::BackupPlan'), ...template.findResources('AWS::Backup::BackupVault') })).toEqual([]);
  });
});
