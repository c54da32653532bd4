import { FUNCTION_ENV } from '#app/config/function-environment.ts';
import type { FunctionName } from '#app/contract/api-contract.ts';
import type { EnvironmentConfig } from './environment-config.ts';

type FunctionEnvironmentName = (typeof FUNCTION_ENV)[keyof typeof FUNCTION_ENV];

/** Set only by the `bind*` helpers of ConnectorFunction, together with the IAM grant they need. */
export type ResourceEnvironmentName =
  | typeof FUNCTION_ENV.tableName
  | typeof FUNCTION_ENV.vccCredentialsSecretId
  | typeof FUNCTION_ENV.outcomeEventBusName
  | typeof FUNCTION_ENV.crmCallbackQueueUrl
  | typeof FUNCTION_ENV.crmCallbackSecretId;

/** Settings from the environment's configuration that only some functions receive. */
export type FunctionSettingName = typeof FUNCTION_ENV.crmCallbackUrl;

/** Settings every function receives. A new FUNCTION_ENV name must be sorted into one of the three kinds. */
export type SharedSettingName = Exclude<FunctionEnvironmentName, ResourceEnvironmentName | FunctionSettingName>;

/**
 * The environment's settings every function reads at cold start (`loadFunctionConfig`).
 * Resource names are left to the `bind*` helpers, which grant access in the same call.
 */
export function functionEnvironmentFor(config: EnvironmentConfig): Record<SharedSettingName, string> {
  return {
    [FUNCTION_ENV.environmentName]: config.name,
    [FUNCTION_ENV.vccApiBaseUrl]: config.vcc.apiBaseUrl,
    [FUNCTION_ENV.vccTokenUrl]: config.vcc.tokenUrl,
    [FUNCTION_ENV.paymentFlows]: JSON.stringify(config.vcc.paymentFlows),
    [FUNCTION_ENV.resultReadings]: JSON.stringify(config.vcc.resultReadings),
    [FUNCTION_ENV.defaultPaymentFlow]: config.vcc.defaultPaymentFlow,
    [FUNCTION_ENV.allowSkipCallTransfer]: String(config.vcc.allowSkipCallTransfer),
    [FUNCTION_ENV.allowedOrigins]: JSON.stringify(config.api.allowedOrigins),
    [FUNCTION_ENV.vccTimeoutMs]: String(config.vcc.timeoutMs),
  };
}

type FunctionSettings = Partial<Record<FunctionSettingName, string>>;

const FUNCTION_SETTINGS: Partial<Record<FunctionName, (config: EnvironmentConfig) => FunctionSettings>> = {
  'deliver-crm-callback': (config) => {
    if (!config.crmCallback) throw new Error(`The ${config.name} environment configures no crmCallback for deliver-crm-callback to deliver to`);
    return { [FUNCTION_ENV.crmCallbackUrl]: config.crmCallback.url };
  },
};

/** The settings only this function receives, on top of `functionEnvironmentFor`. */
export function functionSettingsFor(name: FunctionName, config: EnvironmentConfig): FunctionSettings {
  return FUNCTION_SETTINGS[name]?.(config) ?? {};
}
