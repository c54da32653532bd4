import { App } from 'aws-cdk-lib';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../lib/app-builder.ts';
import { cdkJsonContext, cdkJsonStacks, type SynthesizedEnvironment } from './support/synthesize.ts';

let synthesized: Record<string, SynthesizedEnvironment>;
beforeAll(() => {
  synthesized = cdkJsonStacks();
});

describe('cdk-nag', () => {
  it.each(['sandbox', 'production'])('finds no unacknowledged AwsSolutions or Serverless error or warning in %s', (name) => {
    const { stack } = synthesized[name]!;
    const findings = [new AwsSolutionsChecks(), new ServerlessChecks()].flatMap((pack) =>
      pack
        .validateScope(stack)
        .violations.map((violation) => `${violation.severity} ${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`),
    );

    expect(findings).toEqual([]);
  });

  it('runs during synthesis and fails it on an unacknowledged finding', () => {
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] } });
    const [sandbox] = buildApp(app);
    // A bucket without server access logs breaks AwsSolutions-S1.
    new Bucket(sandbox!, 'UnloggedBucket');

    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });
});
