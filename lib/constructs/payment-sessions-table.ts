import { AttributeType, BillingMode, ProjectionType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import { CRM_REFERENCE_INDEX, DUE_WORK_INDEX, TABLE_KEYS } from '#app/contract/api-contract.ts';
import type { EnvironmentConfig } from '../config/environment-config.ts';
import { isProtected, removalPolicyOf } from '../config/removal-policy.ts';

export interface PaymentSessionsTableProps {
  config: EnvironmentConfig;
}

/**
 * The single table of payment sessions and idempotency records. The first webhook or poll that
 * carries a payment result may be the only copy VCC ever gives us, hence PITR and retention.
 */
export class PaymentSessionsTable extends Construct {
  readonly table: Table;

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
  }
}
