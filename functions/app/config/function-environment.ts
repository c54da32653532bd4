import { z } from 'zod';
import { type PaymentResultReading, resolveResultReading } from '../model/payment-result-reading.ts';
import { resultReadingSettingSchema } from './result-reading-schema.ts';

/**
 * The contract between the CDK construct that sets a function's environment and the function
 * that reads it at cold start. Both sides import these names, so a rename cannot drift.
 */
export const FUNCTION_ENV = {
  environmentName: 'CONNECTOR_ENVIRONMENT',
  tableName: 'PAYMENT_SESSIONS_TABLE',
  vccApiBaseUrl: 'VCC_API_BASE_URL',
  vccTokenUrl: 'VCC_TOKEN_URL',
  vccCredentialsSecretId: 'VCC_CREDENTIALS_SECRET_ID',
  paymentFlows: 'PAYMENT_FLOWS',
  /** Per payment flow: a reading's name, or the reading itself (names keep Lambda's 4 KB environment small). */
  resultReadings: 'PAYMENT_RESULT_READINGS',
  defaultPaymentFlow: 'DEFAULT_PAYMENT_FLOW',
  allowSkipCallTransfer: 'ALLOW_SKIP_CALL_TRANSFER',
  allowedOrigins: 'ALLOWED_ORIGINS',
  vccTimeoutMs: 'VCC_TIMEOUT_MS',
  /** Set by bindOutcomeBus on functions that may move a session to a terminal state. */
  outcomeEventBusName: 'OUTCOME_EVENT_BUS_NAME',
  /** The CRM's HTTPS callback; absent when the environment configures none. */
  crmCallbackUrl: 'CRM_CALLBACK_URL',
  /** Set by bindCrmCallback on the delivery function, with the queue it consumes. */
  crmCallbackSecretId: 'CRM_CALLBACK_SECRET_ID',
  crmCallbackQueueUrl: 'CRM_CALLBACK_QUEUE_URL',
} as const;

const paymentFlowsSchema = z.record(z.string(), z.number().int().positive());

const resultReadingsSchema = z.record(z.string(), resultReadingSettingSchema);

const jsonOf = <T extends z.ZodType>(schema: T) =>
  z
    .string()
    .transform((text, ctx) => {
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: 'must be JSON' });
        return z.NEVER;
      }
    })
    .pipe(schema);

const functionEnvironmentSchema = z
  .object({
    [FUNCTION_ENV.environmentName]: z.string().min(1),
    [FUNCTION_ENV.tableName]: z.string().min(1).optional(),
    [FUNCTION_ENV.vccApiBaseUrl]: z.url(),
    [FUNCTION_ENV.vccTokenUrl]: z.url(),
    [FUNCTION_ENV.vccCredentialsSecretId]: z.string().min(1).optional(),
    [FUNCTION_ENV.paymentFlows]: jsonOf(paymentFlowsSchema),
    [FUNCTION_ENV.resultReadings]: jsonOf(resultReadingsSchema),
    [FUNCTION_ENV.defaultPaymentFlow]: z.string().min(1),
    [FUNCTION_ENV.allowSkipCallTransfer]: z.enum(['true', 'false']).transform((v) => v === 'true'),
    [FUNCTION_ENV.allowedOrigins]: jsonOf(z.array(z.string())),
    [FUNCTION_ENV.vccTimeoutMs]: z.coerce.number().int().positive().default(8000),
    [FUNCTION_ENV.outcomeEventBusName]: z.string().min(1).optional(),
    [FUNCTION_ENV.crmCallbackUrl]: z.url().optional(),
    [FUNCTION_ENV.crmCallbackSecretId]: z.string().min(1).optional(),
    [FUNCTION_ENV.crmCallbackQueueUrl]: z.url().optional(),
  })
  .refine((env) => env[FUNCTION_ENV.defaultPaymentFlow] in env[FUNCTION_ENV.paymentFlows], {
    message: `${FUNCTION_ENV.defaultPaymentFlow} must name one of ${FUNCTION_ENV.paymentFlows}`,
  })
  // A flow without a reading would leave its payments unreadable; a reading without a flow is a stale deployment.
  .refine((env) => sameKeys(env[FUNCTION_ENV.resultReadings], env[FUNCTION_ENV.paymentFlows]), {
    message: `${FUNCTION_ENV.resultReadings} must have a reading for each flow of ${FUNCTION_ENV.paymentFlows}, and no other`,
  });

function sameKeys(a: object, b: object): boolean {
  const keys = Object.keys(a);
  return keys.length === Object.keys(b).length && keys.every((key) => Object.hasOwn(b, key));
}

export interface FunctionConfig {
  environmentName: string;
  tableName: string | undefined;
  vccApiBaseUrl: string;
  vccTokenUrl: string;
  vccCredentialsSecretId: string | undefined;
  /** Payment flow name -> accountConfigurationId. */
  paymentFlows: Record<string, number>;
  /** Payment flow name -> how its gateway's results read as approved or declined. */
  resultReadings: Record<string, PaymentResultReading>;
  defaultPaymentFlow: string;
  allowSkipCallTransfer: boolean;
  allowedOrigins: string[];
  vccTimeoutMs: number;
  outcomeEventBusName: string | undefined;
  crmCallbackUrl: string | undefined;
  crmCallbackSecretId: string | undefined;
  crmCallbackQueueUrl: string | undefined;
}

type OptionalSetting = 'tableName' | 'vccCredentialsSecretId' | 'outcomeEventBusName' | 'crmCallbackUrl' | 'crmCallbackSecretId' | 'crmCallbackQueueUrl';

/**
 * For the resources and settings only some functions get (the `bind*` helpers set them with
 * their grants): a function that needs one fails at cold start without it.
 */
export function requireSetting<K extends OptionalSetting>(config: FunctionConfig, key: K): string {
  const value = config[key];
  if (!value) throw new Error(`Invalid function environment: ${FUNCTION_ENV[key]} is required by this function`);
  return value;
}

/** Reads and validates the environment once, at cold start; a bad deployment fails loudly. */
export function loadFunctionConfig(env: NodeJS.ProcessEnv = process.env): FunctionConfig {
  const parsed = functionEnvironmentSchema.safeParse(env);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.join('.') || '(environment)'}: ${i.message}`);
    throw new Error(`Invalid function environment: ${problems.join('; ')}`);
  }
  const e = parsed.data;
  return {
    environmentName: e[FUNCTION_ENV.environmentName],
    tableName: e[FUNCTION_ENV.tableName],
    vccApiBaseUrl: e[FUNCTION_ENV.vccApiBaseUrl].replace(/\/+$/, ''),
    vccTokenUrl: e[FUNCTION_ENV.vccTokenUrl],
    vccCredentialsSecretId: e[FUNCTION_ENV.vccCredentialsSecretId],
    paymentFlows: e[FUNCTION_ENV.paymentFlows],
    resultReadings: Object.fromEntries(Object.entries(e[FUNCTION_ENV.resultReadings]).map(([flow, setting]) => [flow, resolveResultReading(setting)])),
    defaultPaymentFlow: e[FUNCTION_ENV.defaultPaymentFlow],
    allowSkipCallTransfer: e[FUNCTION_ENV.allowSkipCallTransfer],
    allowedOrigins: e[FUNCTION_ENV.allowedOrigins],
    vccTimeoutMs: e[FUNCTION_ENV.vccTimeoutMs],
    outcomeEventBusName: e[FUNCTION_ENV.outcomeEventBusName],
    crmCallbackUrl: e[FUNCTION_ENV.crmCallbackUrl],
    crmCallbackSecretId: e[FUNCTION_ENV.crmCallbackSecretId],
    crmCallbackQueueUrl: e[FUNCTION_ENV.crmCallbackQueueUrl],
  };
}
