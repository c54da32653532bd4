import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../../lib/app-builder.ts';
import { removeFunctionBundles } from '../../../lib/constructs/function-bundles.ts';
import type { PaymentConnectorStack } from '../../../lib/payment-connector-stack.ts';

export interface SynthesizedEnvironment {
  stack: PaymentConnectorStack;
  template: Template;
}

/** The context of the real cdk.json, feature flags and environments alike. */
export function cdkJsonContext(): Record<string, unknown> {
  return JSON.parse(readFileSync(new URL('../../../cdk.json', import.meta.url), 'utf8')).context;
}

/** The `paymentConnector` environments of the real cdk.json, to copy and break in tests. */
export function cdkJsonEnvironments(): { environments: Record<string, Record<string, unknown>> } {
  return structuredClone(cdkJsonContext().paymentConnector) as { environments: Record<string, Record<string, unknown>> };
}

const CDK_JSON_STACKS = Symbol.for('vcc-payment-connector/test/infra/cdk-json-stacks');

/**
 * The stacks of the real cdk.json, bundled and checked by cdk-nag, synthesized once per run: every
 * infra spec runs in one test file (synthesized-stacks.test.ts). Kept on `globalThis` because a
 * spec that calls `vi.resetModules()` would re-create a module-level cache.
 * Shared by every file, so read it only; a test that needs another app synthesizes its own.
 */
export function cdkJsonStacks(): Record<string, SynthesizedEnvironment> {
  const cache = globalThis as { [CDK_JSON_STACKS]?: Record<string, SynthesizedEnvironment> };
  return (cache[CDK_JSON_STACKS] ??= synthesize());
}

/** Lets the worker, which runs other files after the specs, free the apps. */
export function forgetCdkJsonStacks(): void {
  delete (globalThis as { [CDK_JSON_STACKS]?: unknown })[CDK_JSON_STACKS];
}

/**
 * Builds and synthesizes the app as `cdk synth` does, cdk-nag included: synthesis throws on any
 * unacknowledged finding. `bundle: false` is for a variant whose templates a test only reads: it
 * skips esbuild and CloudFormation's template validation (a WebAssembly engine that took 5 s of the
 * infra run), which the stacks of cdk.json still get.
 */
export function synthesize(
  context: Record<string, unknown> = cdkJsonContext(),
  { bundle }: { bundle: boolean } = { bundle: true },
): Record<string, SynthesizedEnvironment> {
  const app = new App({ context: bundle ? context : { ...context, 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: bundle });
  const stacks = buildApp(app);
  app.synth();
  // A vitest worker ends without Node's exit event, which would otherwise delete the bundles.
  removeFunctionBundles();
  return Object.fromEntries(stacks.map((stack) => [stack.config.name, { stack, template: Template.fromStack(stack) }]));
}
