import { FUNCTION_ENV } from '#shared/config/function-environment.ts';
import type { EnvironmentConfig } from './environment-config.ts';

/** Set by the `bind*` helpers of ConnectorFunction, together with the IAM grant they need. */
export type ResourceEnvironmentName = typeof FUNCTION_ENV.tableName | typeof FUNCTION_ENV.vccCredentialsSecretId;

export type SettingsEnvironmentName = Exclude<(typeof FUNCTION_ENV)[keyof typeof FUNCTION_ENV], ResourceEnvironmentName>;

/**
 * The environment's settings as the functions read them at cold start (`loadFunctionConfig`).
 * Resource names are left to the `bind*` helpers, which grant access in the same call.
 */
export function functionEnvironmentFor(config: EnvironmentConfig): Record<SettingsEnvironmentName, string> {
  return {
    [FUNCTION_ENV.environmentName]: config.name,
    [FUNCTION_ENV.vccApiBaseUrl]: config.vcc.apiBaseUrl,
    [FUNCTION_ENV.vccTokenUrl]: config.vcc.tokenUrl,
    [FUNCTION_ENV.paymentFlows]: JSON.stringify(config.vcc.paymentFlows),
    [FUNCTION_ENV.defaultPaymentFlow]: config.vcc.defaultPaymentFlow,
    [FUNCTION_ENV.allowSkipCallTransfer]: String(config.vcc.allowSkipCallTransfer),
    [FUNCTION_ENV.allowedOrigins]: JSON.stringify(config.api.allowedOrigins),
    [FUNCTION_ENV.vccTimeoutMs]: String(config.vcc.timeoutMs),
  };
}
