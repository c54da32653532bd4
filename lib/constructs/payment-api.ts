import { Duration, Stack } from 'aws-cdk-lib';
import {
  AccessLogField,
  AccessLogFormat,
  AuthorizationType,
  CognitoUserPoolsAuthorizer,
  type CorsOptions,
  EndpointType,
  LambdaIntegration,
  LogGroupLogDestination,
  MethodLoggingLevel,
  RestApi,
} from 'aws-cdk-lib/aws-apigateway';
import type { IUserPool } from 'aws-cdk-lib/aws-cognito';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup } from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import { type ApiFunctionName, CORS, ROUTES } from '#app/contract/api-contract.ts';
import type { EnvironmentConfig } from '../config/environment-config.ts';
import { removalPolicyOf } from '../config/removal-policy.ts';
import { addGatewayErrorResponses } from './gateway-error-responses.ts';

// Every field is quoted so the line stays valid JSON when API Gateway fills in "-" for a blank.
const accessLogFormat = AccessLogFormat.custom(
  JSON.stringify({
    requestId: AccessLogField.contextRequestId(),
    requestTime: AccessLogField.contextRequestTime(),
    httpMethod: AccessLogField.contextHttpMethod(),
    resourcePath: AccessLogField.contextResourcePath(),
    status: AccessLogField.contextStatus(),
    responseLatency: AccessLogField.contextResponseLatency(),
    integrationStatus: AccessLogField.contextIntegrationStatus(),
    integrationLatency: AccessLogField.contextIntegrationLatency(),
    errorType: AccessLogField.contextErrorResponseType(),
    clientId: AccessLogField.contextAuthorizerClaims('client_id'),
    sourceIp: AccessLogField.contextIdentitySourceIp(),
    userAgent: AccessLogField.contextIdentityUserAgent(),
    xrayTraceId: AccessLogField.contextXrayTraceId(),
  }),
);

export interface PaymentApiProps {
  config: EnvironmentConfig;
  userPool: IUserPool;
  /** The function behind each route of the API contract. */
  functions: Record<ApiFunctionName, IFunction>;
}

/**
 * The REST API the CRM and VCC call: every route of the API contract behind the Cognito
 * authorizer and its own scopes, Lambda proxy integrations, CORS for the configured origins
 * only, throttling, and logs that never carry request bodies (a caller may paste card data by
 * mistake).
 */
export class PaymentApi extends Construct {
  readonly restApi: RestApi;

  constructor(scope: Construct, id: string, { config, userPool, functions }: PaymentApiProps) {
    super(scope, id);

    const accessLogs = new LogGroup(this, 'AccessLogs', {
      retention: config.logRetentionDays,
      removalPolicy: removalPolicyOf(config),
    });

    const stageName = config.name;
    this.restApi = new RestApi(this, 'RestApi', {
      restApiName: Stack.of(this).stackName,
      description: `VCC payment connector API (${config.name})`,
      endpointTypes: [EndpointType.REGIONAL],
      // The API Gateway CloudWatch role is one setting per account and region, shared by every
      // environment deployed there: it is set up once per account, not owned by a stack.
      cloudWatchRole: false,
      deployOptions: {
        stageName,
        accessLogDestination: new LogGroupLogDestination(accessLogs),
        accessLogFormat,
        loggingLevel: MethodLoggingLevel.ERROR,
        dataTraceEnabled: false,
        // Per-method requests, 4xx and 5xx, the authorizer's refusals included: the dashboard and the WebhookRefused alarm read them.
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: config.api.throttle.rateLimit,
        throttlingBurstLimit: config.api.throttle.burstLimit,
      },
      defaultCorsPreflightOptions: corsPreflightFor(config.api.allowedOrigins),
    });

    // API Gateway writes the execution log to a group of this fixed name, and creates it itself,
    // unencrypted and never expiring, if it does not exist: the stack makes it first. The stage's
    // own stageName is a reference to the stage, so the name is built from the literal.
    const executionLogs = new LogGroup(this, 'ExecutionLogs', {
      logGroupName: `API-Gateway-Execution-Logs_${this.restApi.restApiId}/${stageName}`,
      retention: config.logRetentionDays,
      removalPolicy: removalPolicyOf(config),
    });
    this.restApi.deploymentStage.node.addDependency(executionLogs);

    const authorizer = new CognitoUserPoolsAuthorizer(this, 'TokenAuthorizer', { cognitoUserPools: [userPool] });
    // A proxy integration hands the query string to the function as it came; a function behind
    // two routes gets one invoke permission per method, each named after its path.
    for (const route of ROUTES) {
      this.restApi.root.resourceForPath(route.path).addMethod(route.method, new LambdaIntegration(functions[route.functionName], { allowTestInvoke: false }), {
        authorizer,
        authorizationType: AuthorizationType.COGNITO,
        authorizationScopes: route.scopes,
      });
    }

    addGatewayErrorResponses(this.restApi, config.api.allowedOrigins);
    // The stack outputs this URL as ApiUrl; RestApi's own output would be a second name for it.
    this.restApi.node.tryRemoveChild('Endpoint');
  }

  /** The deployed URL of the one route served by this function. */
  urlOf(functionName: ApiFunctionName): string {
    const routes = ROUTES.filter((candidate) => candidate.functionName === functionName);
    // get-payment-session serves sessions and links: which URL is meant must not be a guess.
    if (routes.length !== 1) throw new Error(`${routes.length} routes of the API contract are served by ${functionName}; urlOf needs exactly one`);
    return this.restApi.urlForPath(routes[0]!.path);
  }
}

// With no browser origin configured (a CRM calling from its back end) there is no preflight.
const corsPreflightFor = (allowedOrigins: string[]): CorsOptions | undefined =>
  allowedOrigins.length === 0
    ? undefined
    : { allowOrigins: allowedOrigins, allowMethods: [...CORS.allowedMethods], allowHeaders: [...CORS.allowedHeaders], maxAge: Duration.hours(1) };
