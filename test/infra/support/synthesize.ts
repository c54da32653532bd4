import { readFileSync } from 'node:fs';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { buildApp } from '../../../lib/app-builder.ts';
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

/**
 * Builds and synthesizes the app as `cdk synth` does, cdk-nag included: synthesis throws on any
 * unacknowledged finding. `bundle: false` skips esbuild for tests that only read the templates.
 */
export function synthesize(
  context: Record<string, unknown> = cdkJsonContext(),
  { bundle }: { bundle: boolean } = { bundle: true },
): Record<string, SynthesizedEnvironment> {
  const app = new App({ context: bundle ? context : { ...context, 'aws:cdk:bundling-stacks': [] } });
  const stacks = buildApp(app);
  app.synth();
  return Object.fromEntries(stacks.map((stack) => [stack.config.name, { stack, template: Template.fromStack(stack) }]));
}
