import type { TestProject } from 'vitest/node';
import { LOCAL_CREDENTIALS, LOCAL_VCC_SECRET_ID, startLocalStack } from '../../../local/local-stack.ts';

export interface ProvidedStack {
  apiUrl: string;
  tokenUrl: string;
  issuerUrl: string;
  jwksUrl: string;
  vccUrl: string;
  vccTokenUrl: string;
  dynamoDbEndpoint: string;
  secretsManagerEndpoint: string;
  tableName: string;
  vccSecretId: string;
  credentials: typeof LOCAL_CREDENTIALS;
  vccTimeoutMs: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ProvidedStack;
  }
}

/** The local stack `npm start` runs, on free ports, shared by every integration test file. */
export default async function setup(project: TestProject) {
  const vccTimeoutMs = 1500;
  const stack = await startLocalStack({ vccTimeoutMs, logLevel: 'ERROR' });
  project.provide('stack', {
    apiUrl: stack.apiUrl,
    tokenUrl: stack.tokenUrl,
    issuerUrl: stack.issuerUrl,
    jwksUrl: stack.jwksUrl,
    vccUrl: stack.vccUrl,
    vccTokenUrl: stack.vccTokenUrl,
    dynamoDbEndpoint: stack.dynamoDbEndpoint,
    secretsManagerEndpoint: stack.secretsManagerEndpoint,
    tableName: stack.tableName,
    vccSecretId: LOCAL_VCC_SECRET_ID,
    credentials: LOCAL_CREDENTIALS,
    vccTimeoutMs,
  });
  return () => stack.stop();
}
