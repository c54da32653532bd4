import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type App, Stack } from 'aws-cdk-lib';
import type { CfnFunction } from 'aws-cdk-lib/aws-lambda';
import { describe, expect, it } from 'vitest';
import type { ConnectorFunction } from '../../lib/constructs/connector-function.ts';
import { cdkJsonStacks } from './support/synthesize.ts';

/**
 * The functions are bundled by one esbuild run (lib/constructs/function-bundles.ts). CDK caches a
 * bundle by its options, so two functions whose options looked alike would deploy one's code
 * twice: each function's asset must hold its own handler.
 */
const environments = cdkJsonStacks();

/** The staged folder of a function's code asset, in the app's cloud assembly. */
function assetFolder(connectorFunction: ConnectorFunction): string {
  const cfn = connectorFunction.function.node.defaultChild as CfnFunction;
  const code = Stack.of(cfn).resolve(cfn.code) as { s3Key: string };
  const app = Stack.of(cfn).node.root as App;
  return join(app.outdir, `asset.${code.s3Key.replace(/\.zip$/, '')}`);
}

describe.each(Object.keys(environments))('the functions of %s', (name) => {
  const functions = Object.entries(environments[name]!.stack.functions) as [string, ConnectorFunction][];

  it.each(functions)('%s runs its own handler, bundled as an ES module with its source map', (functionName, connectorFunction) => {
    const folder = assetFolder(connectorFunction);
    expect(existsSync(join(folder, 'index.mjs')), `${folder}/index.mjs`).toBe(true);
    const sources = (JSON.parse(readFileSync(join(folder, 'index.mjs.map'), 'utf8')) as { sources: string[] }).sources;
    const handlers = sources.filter((source) => /functions\/[^/]+\/handler\.ts$/.test(source)).map((source) => source.replace(/.*functions\//, ''));
    expect(handlers).toEqual([`${functionName}/handler.ts`]);
    expect((connectorFunction.function.node.defaultChild as CfnFunction).handler).toBe('index.handler');
  });

  it('has a different asset for every function', () => {
    const folders = functions.map(([, connectorFunction]) => assetFolder(connectorFunction));
    expect(new Set(folders).size).toBe(functions.length);
  });
});
