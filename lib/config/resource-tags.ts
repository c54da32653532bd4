import { OBSERVABILITY } from '#app/contract/api-contract.ts';
import type { EnvironmentConfig } from './environment-config.ts';

/** What cost and ownership are read by, per environment, in an account that holds other work too. */
export const resourceTagsFor = (config: EnvironmentConfig): Record<'application' | 'environment' | 'owner', string> => ({
  application: OBSERVABILITY.serviceName,
  environment: config.name,
  owner: config.owner,
});
