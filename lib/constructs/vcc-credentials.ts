import type { IKey } from 'aws-cdk-lib/aws-kms';
import type { Construct } from 'constructs';
import type { EnvironmentConfig } from '../config/environment-config.ts';
import { ConfiguredSecret } from './configured-secret.ts';

export interface VccCredentialsProps {
  config: EnvironmentConfig;
  /** Encrypts the secret when the stack creates it. */
  encryptionKey: IKey;
}

/**
 * The VCC API client id and secret, as JSON `{"clientId": "...", "clientSecret": "..."}` in
 * Secrets Manager: created here with empty values for the operator to fill in, or an existing
 * secret referenced by name or ARN (e.g. one credential set shared by two environments).
 */
export class VccCredentials extends ConfiguredSecret {
  constructor(scope: Construct, id: string, { config, encryptionKey }: VccCredentialsProps) {
    super(scope, id, {
      config,
      source: config.vcc.credentialsSecret,
      description: `VCC Payment API client credentials for the ${config.name} connector: fill in clientId and clientSecret`,
      initialValue: { json: { clientId: '', clientSecret: '' } },
      encryptionKey,
    });
  }
}
