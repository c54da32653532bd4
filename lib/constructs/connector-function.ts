import { Duration, Stack } from 'aws-cdk-lib';
import type { ITable } from 'aws-cdk-lib/aws-dynamodb';
import type { IEventBus } from 'aws-cdk-lib/aws-events';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { ApplicationLogLevel, Architecture, Function as LambdaFunction, LoggingFormat, Tracing } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { FUNCTION_ENV } from '#app/config/function-environment.ts';
import { CRM_REFERENCE_INDEX, DUE_WORK_INDEX, type FunctionName, OBSERVABILITY } from '#app/contract/api-contract.ts';
import type { EnvironmentConfig } from '../config/environment-config.ts';
import { reservedConcurrencyOf } from '../config/function-concurrency.ts';
import { functionEnvironmentFor, functionSettingsFor, type ResourceEnvironmentName } from '../config/function-environment.ts';
import { functionTimeoutSeconds, vccCallingTimeoutSeconds } from '../config/function-timeouts.ts';
import { removalPolicyOf } from '../config/removal-policy.ts';
import type { ConfiguredSecret } from './configured-secret.ts';
import { FUNCTION_RUNTIME, functionCode } from './function-bundles.ts';
import type { VccCredentials } from './vcc-credentials.ts';

const TABLE_ACTIONS = {
  /** No item call: the function reads only through an index binding, whose items are whole. */
  indexOnly: [],
  read: ['dynamodb:GetItem'],
  /**
   * Reads and updates items: moves sessions forward and appends to VCC session histories (an
   * update creates a history not seen before); never replaces or deletes an item.
   */
  readUpdate: ['dynamodb:GetItem', 'dynamodb:UpdateItem'],
  readWrite: ['dynamodb:GetItem', 'dynamodb:PutItem', 'dynamodb:UpdateItem', 'dynamodb:DeleteItem'],
} as const;

export type SessionTableAccess = keyof typeof TABLE_ACTIONS;

/** The timeout of a function behind the API that calls VCC: see `vccCallingTimeoutSeconds`. */
export const functionTimeout = (config: EnvironmentConfig): Duration => Duration.seconds(vccCallingTimeoutSeconds(config.vcc.timeoutMs));

export interface ConnectorFunctionProps {
  /** The folder under functions/ that holds the handler. */
  name: FunctionName;
  description: string;
  config: EnvironmentConfig;
  /** Extra variables; merged with the construct's own, and refused if they would replace one. */
  environment?: Record<string, string>;
}

/**
 * Every Lambda function of the connector, with its defaults in one place: runtime, bundling,
 * tracing, its own log group and a role that starts with nothing but writing to that log group.
 * The `bind*` helpers set an environment variable and the matching IAM grant together.
 */
export class ConnectorFunction extends Construct {
  readonly function: LambdaFunction;
  readonly role: Role;
  readonly logGroup: LogGroup;
  private readonly boundResources = new Set<string>();
  private sessionTable: ITable | undefined;

  constructor(scope: Construct, id: string, props: ConnectorFunctionProps) {
    super(scope, id);
    const { config } = props;

    this.logGroup = new LogGroup(this, 'LogGroup', {
      retention: config.logRetentionDays,
      removalPolicy: removalPolicyOf(config),
    });
    // A role of its own instead of AWSLambdaBasicExecutionRole, which may write to any log group.
    this.role = new Role(this, 'Role', {
      assumedBy: new ServicePrincipal('lambda.amazonaws.com'),
      description: `Runs the ${props.name} function of the ${config.name} payment connector`,
    });
    this.logGroup.grantWrite(this.role);

    const ownEnvironment = {
      POWERTOOLS_SERVICE_NAME: OBSERVABILITY.serviceName,
      POWERTOOLS_METRICS_NAMESPACE: OBSERVABILITY.metricsNamespace,
      NODE_OPTIONS: '--enable-source-maps',
      ...functionEnvironmentFor(config),
      ...functionSettingsFor(props.name, config),
    };
    // Every name of the contract: settings come from the configuration, resources from bind*.
    const reserved = new Set<string>([...Object.keys(ownEnvironment), ...Object.values(FUNCTION_ENV)]);
    for (const key of Object.keys(props.environment ?? {})) {
      if (reserved.has(key)) throw new Error(`${this.node.path}: ${key} is set by ConnectorFunction itself; remove it from props.environment`);
    }

    this.function = new LambdaFunction(this, 'Function', {
      description: props.description,
      code: functionCode(props.name),
      handler: 'index.handler',
      runtime: FUNCTION_RUNTIME,
      architecture: Architecture.ARM_64,
      memorySize: 512,
      // Per function, from the one place the local stack also reads it.
      timeout: Duration.seconds(functionTimeoutSeconds(props.name, config.vcc.timeoutMs)),
      reservedConcurrentExecutions: reservedConcurrencyOf(props.name, config),
      tracing: Tracing.ACTIVE,
      role: this.role,
      logGroup: this.logGroup,
      loggingFormat: LoggingFormat.JSON,
      applicationLogLevelV2: ApplicationLogLevel.INFO,
      environment: { ...ownEnvironment, ...props.environment },
    });
  }

  /** Names the payment sessions table to the function and allows exactly the item calls it needs. */
  bindSessionTable(table: ITable, access: SessionTableAccess): this {
    this.setResourceEnvironment(FUNCTION_ENV.tableName, table.tableName);
    const actions: readonly string[] = TABLE_ACTIONS[access];
    if (actions.length > 0) this.role.addToPrincipalPolicy(new PolicyStatement({ actions: [...actions], resources: [table.tableArn] }));
    this.sessionTable = table;
    return this;
  }

  /**
   * Allows Query on the bound table's due-work index and no other index. The index holds keys
   * only, so each item found is then read with the GetItem the table binding grants.
   */
  bindDueWorkIndex(): this {
    return this.allowIndexQuery(DUE_WORK_INDEX.indexName);
  }

  /**
   * Allows Query on the bound table's crm-reference index and no other index. The index
   * projects every attribute, so listing a CRM record's payments needs no item read.
   */
  bindCrmReferenceIndex(): this {
    return this.allowIndexQuery(CRM_REFERENCE_INDEX.indexName);
  }

  /** Names the VCC credentials secret to the function and allows reading that secret only. */
  bindVccCredentials(credentials: VccCredentials): this {
    this.setResourceEnvironment(FUNCTION_ENV.vccCredentialsSecretId, credentials.secretId);
    this.allowSecretRead(credentials);
    return this;
  }

  /** Names the outcome event bus to the function and allows putting events on that bus only. */
  bindOutcomeBus(bus: IEventBus): this {
    this.setResourceEnvironment(FUNCTION_ENV.outcomeEventBusName, bus.eventBusName);
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['events:PutEvents'], resources: [bus.eventBusArn] }));
    return this;
  }

  /**
   * Names the CRM callback queue and signing secret to the function; allows consuming that queue,
   * including ChangeMessageVisibility for the handler's backoff, and reading that secret only.
   */
  bindCrmCallback(queue: IQueue, signingSecret: ConfiguredSecret): this {
    this.setResourceEnvironment(FUNCTION_ENV.crmCallbackQueueUrl, queue.queueUrl);
    this.setResourceEnvironment(FUNCTION_ENV.crmCallbackSecretId, signingSecret.secretId);
    queue.grantConsumeMessages(this.role);
    this.allowSecretRead(signingSecret);
    return this;
  }

  private allowIndexQuery(indexName: string): this {
    const table = this.sessionTable;
    if (!table) throw new Error(`${this.node.path}: bind the session table before its ${indexName} index`);
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${table.tableArn}/index/${indexName}`] }));
    return this;
  }

  private allowSecretRead(secret: ConfiguredSecret): void {
    this.role.addToPrincipalPolicy(new PolicyStatement({ actions: ['secretsmanager:GetSecretValue'], resources: [secret.policyResourceArn] }));
    // Secrets Manager decrypts with the caller's permission, and only its own calls may use it.
    if (secret.encryptionKey) {
      this.role.addToPrincipalPolicy(
        new PolicyStatement({
          actions: ['kms:Decrypt'],
          resources: [secret.encryptionKey.keyArn],
          conditions: { StringEquals: { 'kms:ViaService': `secretsmanager.${Stack.of(this).region}.amazonaws.com` } },
        }),
      );
    }
  }

  // A second binding would silently repoint the function while keeping the first grant.
  private setResourceEnvironment(key: ResourceEnvironmentName, value: string): void {
    if (this.boundResources.has(key)) throw new Error(`${this.node.path}: ${key} is already bound`);
    this.boundResources.add(key);
    this.function.addEnvironment(key, value);
  }
}
