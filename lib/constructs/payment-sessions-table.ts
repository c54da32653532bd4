import { Duration } from 'aws-cdk-lib';
import { BackupPlan, BackupPlanRule, BackupResource, BackupVault } from 'aws-cdk-lib/aws-backup';
import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Schedule } from 'aws-cdk-lib/aws-events';
import { Construct } from 'constructs';
import { CRM_REFERENCE_INDEX, DUE_WORK_INDEX, TABLE_KEYS } from '#app/contract/api-contract.ts';
import type { EnvironmentConfig } from '../config/environment-config.ts';
import { isProtected, removalPolicyOf } from '../config/removal-policy.ts';

export interface PaymentSessionsTableProps {
  config: EnvironmentConfig;
}

/**
 * The single table of payment sessions and idempotency records. The first webhook or poll that
 * carries a payment result may be the only copy VCC ever gives us, hence PITR and retention, and
 * where configured (production always) a daily AWS Backup.
 */
export class PaymentSessionsTable extends Construct {
  readonly table: Table;
  readonly backupPlan: BackupPlan | undefined;

  constructor(scope: Construct, id: string, { config }: PaymentSessionsTableProps) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: TABLE_KEYS.partitionKey, type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      // The AWS managed key (aws/dynamodb) makes every decrypt auditable in CloudTrail with no key
      // policy to run and no kms grants for the functions. A customer-managed key pays off when
      // another team must control decryption or an environment must be crypto-shredded; no card
      // data is stored here, so neither applies.
      encryption: TableEncryption.AWS_MANAGED,
      deletionProtection: isProtected(config),
      removalPolicy: removalPolicyOf(config),
    });
    // Sparse: only items that owe the reconciliation sweep some work carry `dueWork`.
    this.table.addGlobalSecondaryIndex({
      indexName: DUE_WORK_INDEX.indexName,
      partitionKey: { name: DUE_WORK_INDEX.partitionKey, type: AttributeType.STRING },
      sortKey: { name: DUE_WORK_INDEX.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.INCLUDE,
      nonKeyAttributes: [...DUE_WORK_INDEX.projectedAttributes],
    });
    // Sparse: only sessions and links given a `crmReference` carry it. ALL, because a page of
    // GET /v1/payments answers whole sessions: any smaller projection would cost a GetItem per
    // item found, and a grant on the table besides the index for the function that lists them.
    this.table.addGlobalSecondaryIndex({
      indexName: CRM_REFERENCE_INDEX.indexName,
      partitionKey: { name: CRM_REFERENCE_INDEX.partitionKey, type: AttributeType.STRING },
      sortKey: { name: CRM_REFERENCE_INDEX.sortKey, type: AttributeType.STRING },
      projectionType: ProjectionType.ALL,
    });

    this.backupPlan = config.backup ? this.backUp(config, config.backup.retentionDays) : undefined;
  }

  /**
   * PITR restores any second of the last 35 days, but lives and dies with the table. Recovery
   * points in a vault of their own outlast that window and a deleted or corrupted table.
   */
  private backUp(config: EnvironmentConfig, retentionDays: number): BackupPlan {
    const backupVault = new BackupVault(this, 'BackupVault', { removalPolicy: removalPolicyOf(config) });
    const plan = new BackupPlan(this, 'BackupPlan', {
      backupVault,
      backupPlanRules: [
        new BackupPlanRule({ ruleName: 'Daily', scheduleExpression: Schedule.cron({ hour: '3', minute: '0' }), deleteAfter: Duration.days(retentionDays) }),
      ],
    });
    plan.addSelection('Table', { resources: [BackupResource.fromDynamoDbTable(this.table)] });
    return plan;
  }
}
