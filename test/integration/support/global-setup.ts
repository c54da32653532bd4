import type { TestProject } from 'vitest/node';
import { LOCAL_CREDENTIALS, LOCAL_VCC_SECRET_ID, startLocalStack, type LocalStack } from '../../../local/local-stack.ts';

/** What the tests need of the local stack; the stack itself stays in this process. */
export type ProvidedStack = Omit<LocalStack, 'stop'> & {
  vccSecretId: string;
  credentials: typeof LOCAL_CREDENTIALS;
  vccTimeoutMs: number;
};

declare module 'vitest' {
  export interface ProvidedContext {
    stack: ProvidedStack;
  }
}

/** The local stack `npm start` runs, on free ports, shared by every integration test file. */
export default async function setup(project: TestProject) {
  const vccTimeoutMs = 1500;
  const stack = await startLocalStack({ vccTimeoutMs, logLevel: 'SILENT' });
  const { stop, ...endpoints } = stack;
  project.provide('stack', { ...endpoints, vccSecretId: LOCAL_VCC_SECRET_ID, credentials: LOCAL_CREDENTIALS, vccTimeoutMs });
  return stop;
}
