import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AssetHashType, DockerImage } from 'aws-cdk-lib';
import { Code, Runtime } from 'aws-cdk-lib/aws-lambda';
import { buildSync } from 'esbuild';
import type { FunctionName } from '#app/contract/api-contract.ts';

const REPO_ROOT = fileURLToPath(new URL('../..', import.meta.url));
const FUNCTIONS = join(REPO_ROOT, 'functions');

/**
 * The functions' runtime: cdk-nag (AwsSolutions-L1) asks for the newest Node.js runtime this
 * aws-cdk-lib knows. The bundles target it, and .ci/run runs the tests on its major too.
 */
export const FUNCTION_RUNTIME = Runtime.NODEJS_24_X;
const BUNDLE_TARGET = FUNCTION_RUNTIME.name.replace('nodejs', 'node').replace('.x', '');

/**
 * Every function's handler, bundled by one esbuild run into a folder per function, once per
 * process. The handlers share most of their code (the AWS SDK, Powertools, functions/app), which
 * one run parses once: NodejsFunction's one esbuild run per function took 12 CPU-seconds and 10 s
 * of every synthesis here, one run for all 4 CPU-seconds and 2.5 s. The output is what
 * NodejsFunction made: an ES module `index.mjs` (the AWS SDK bundled, minified) with its source map.
 */
let bundled: string | undefined;

function bundleAll(): string {
  if (bundled) return bundled;
  const names = readdirSync(FUNCTIONS).filter((name) => existsSync(join(FUNCTIONS, name, 'handler.ts')));
  const outdir = mkdtempSync(join(tmpdir(), 'vcc-payment-connector-bundles-'));
  // CDK copies each bundle into its cloud assembly: the shared build is only needed until then.
  process.once('exit', removeFunctionBundles);
  buildSync({
    entryPoints: Object.fromEntries(names.map((name) => [`${name}/index`, join(FUNCTIONS, name, 'handler.ts')])),
    outdir,
    outExtension: { '.js': '.mjs' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: BUNDLE_TARGET,
    mainFields: ['module', 'main'],
    // CommonJS dependencies bundled into an ES module still call require() for Node built-ins.
    banner: { js: "import { createRequire as bundledCreateRequire } from 'node:module'; const require = bundledCreateRequire(import.meta.url);" },
    minify: true,
    sourcemap: true,
    logLevel: 'warning',
  });
  bundled = outdir;
  return outdir;
}

/** Deletes the shared build (about 40 MB), for a process that synthesizes and goes on, as a test's. */
export function removeFunctionBundles(): void {
  if (bundled) rmSync(bundled, { recursive: true, force: true });
  bundled = undefined;
}

/**
 * The code asset of one function: its bundle, hashed by content, so a deployment replaces exactly
 * the functions whose bundle changed. Bundling runs here, never in Docker; the image is never pulled.
 */
export function functionCode(name: FunctionName): Code {
  return Code.fromAsset(REPO_ROOT, {
    assetHashType: AssetHashType.OUTPUT,
    bundling: {
      image: DockerImage.fromRegistry('local-bundling-only'),
      // Not run (local bundling always answers): it names the function, since CDK caches a bundle
      // by its options, and two functions with the same options would share one.
      command: ['bundle', name],
      local: {
        tryBundle(outputDir: string): boolean {
          const bundle = join(bundleAll(), name);
          if (!existsSync(join(bundle, 'index.mjs'))) throw new Error(`functions/${name}/handler.ts was not bundled`);
          cpSync(bundle, outputDir, { recursive: true });
          return true;
        },
      },
    },
  });
}
