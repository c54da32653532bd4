import { loadFunctionConfig } from '../config/function-environment.ts';
import { metrics } from '../observability/powertools.ts';

/**
 * The function's configuration, read and validated once at cold start. Every metric it publishes
 * carries its environment as a dimension: the environments of one account share the namespace,
 * and their counts would otherwise add up.
 */
export const config = loadFunctionConfig();
metrics.setDefaultDimensions({ environment: config.environmentName });
