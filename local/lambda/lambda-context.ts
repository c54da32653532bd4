import type { Context } from 'aws-lambda';
import { FUNCTION_ENV } from '../../functions/app/config/function-environment.ts';
import type { FunctionName } from '../../functions/app/contract/api-contract.ts';
import { functionTimeoutSeconds } from '../../lib/config/function-timeouts.ts';

/**
 * The Lambda context a local invocation gets: what Powertools and our handlers read of it. Its
 * remaining time counts down from the deployed function's timeout, which follows from the VCC
 * timeout the local stack put in the function environment, so a handler that budgets its time
 * (the sweep) does locally what it does deployed. Functions that are not ours pass their own.
 */
export function lambdaContext(functionName: FunctionName, requestId: string, timeoutMs?: number): Context;
export function lambdaContext(functionName: string, requestId: string, timeoutMs: number): Context;
export function lambdaContext(functionName: string, requestId: string, timeoutMs?: number): Context {
  const deadline = Date.now() + (timeoutMs ?? deployedTimeoutMs(functionName as FunctionName));
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: requestId,
    logGroupName: `/local/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

function deployedTimeoutMs(functionName: FunctionName): number {
  const vccTimeoutMs = Number(process.env[FUNCTION_ENV.vccTimeoutMs]);
  if (!Number.isInteger(vccTimeoutMs) || vccTimeoutMs <= 0) {
    throw new Error(`${FUNCTION_ENV.vccTimeoutMs} is not set: the local stack sets the function environment before any invocation`);
  }
  return functionTimeoutSeconds(functionName, vccTimeoutMs) * 1000;
}
