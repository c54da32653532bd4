import { readFileSync } from 'node:fs';
import { App, CfnResource, Validations } from 'aws-cdk-lib';
import { PolicyStatement, Role, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import { Bucket } from 'aws-cdk-lib/aws-s3';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildApp, nagPacks } from '../../lib/app-builder.ts';
import type { PaymentConnectorStack } from '../../lib/payment-connector-stack.ts';
import { cdkJsonContext, cdkJsonStacks, type SynthesizedEnvironment } from './support/synthesize.ts';

const ENVIRONMENTS = ['sandbox', 'production'] as const;
const PACKS = ['AwsSolutions', 'Serverless', 'PCI.DSS.321', 'NIST.800.53.R5'];

let synthesized: Record<string, SynthesizedEnvironment>;
beforeAll(() => {
  synthesized = cdkJsonStacks();
});

interface Acknowledgement {
  path: string;
  id: string;
  reason: string;
  onResource: boolean;
}

/** Every finding acknowledged in the stack, where and why, as `Validations.of(...).acknowledge` recorded it. */
function acknowledgementsOf(stack: PaymentConnectorStack): Acknowledgement[] {
  return stack.node.findAll().flatMap((construct) =>
    construct.node.metadata
      .filter((entry) => entry.type === Validations.ACKNOWLEDGED_RULES_METADATA_KEY)
      .flatMap((entry) =>
        Object.entries(entry.data as Record<string, string>).map(([id, reason]) => ({
          path: construct.node.path,
          id: id.replace(/^Annotation::/, ''),
          reason,
          onResource: CfnResource.isCfnResource(construct),
        })),
      ),
  );
}

/** The decisions table of docs/operations.md, the record an assessor reads. */
function decisionsTable(): string {
  const operations = readFileSync(new URL('../../docs/operations.md', import.meta.url), 'utf8');
  const start = operations.indexOf('## Security rule packs: decisions');
  expect(start).toBeGreaterThan(-1);
  const end = operations.indexOf('\n## ', start + 1);
  return operations.slice(start, end === -1 ? undefined : end);
}

describe('cdk-nag', () => {
  it.each(ENVIRONMENTS)('finds no unacknowledged AwsSolutions, Serverless, PCI DSS 3.2.1 or NIST 800-53 R5 finding in %s', (name) => {
    const { stack } = synthesized[name]!;
    const packs = nagPacks();
    const findings = packs.flatMap((pack) =>
      pack
        .validateScope(stack)
        .violations.map((violation) => `${violation.severity} ${violation.ruleName}: ${violation.violatingResources.map((r) => r.constructPath).join(', ')}`),
    );

    expect(packs.map((pack) => pack.readPackName)).toEqual(PACKS);
    expect(findings).toEqual([]);
  });

  it('runs during synthesis and fails it on an unacknowledged finding', () => {
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
    const [sandbox] = buildApp(app);
    // A bucket without server access logs breaks AwsSolutions-S1.
    new Bucket(sandbox!, 'UnloggedBucket');

    expect(() => app.synth()).toThrow(/AwsSolutions-S1/);
  });

  it('fails synthesis on a PCI DSS or NIST finding too', () => {
    const app = new App({ context: { ...cdkJsonContext(), 'aws:cdk:bundling-stacks': [] }, builtinCloudFormationValidation: false });
    const [sandbox] = buildApp(app);
    // An inline policy naming its resource passes AwsSolutions, and breaks only the PCI DSS and NIST packs' IAMNoInlinePolicy.
    const role = new Role(sandbox!, 'ExtraRole', { assumedBy: new ServicePrincipal('lambda.amazonaws.com') });
    role.addToPrincipalPolicy(new PolicyStatement({ actions: ['sqs:SendMessage'], resources: ['arn:aws:sqs:eu-west-2:123456789012:queue'] }));

    expect(() => app.synth()).toThrow(
      /PCI\.DSS\.321-IAMNoInlinePolicy[\s\S]*NIST\.800\.53\.R5-IAMNoInlinePolicy|NIST\.800\.53\.R5-IAMNoInlinePolicy[\s\S]*PCI\.DSS\.321-IAMNoInlinePolicy/,
    );
  });
});

describe('each acknowledged finding', () => {
  it.each(ENVIRONMENTS)('in %s is acknowledged on the one CloudFormation resource it concerns, never on a stack or a group of resources', (name) => {
    const acknowledgements = acknowledgementsOf(synthesized[name]!.stack);

    expect(acknowledgements.length).toBeGreaterThan(0);
    expect(acknowledgements.filter((acknowledgement) => !acknowledgement.onResource)).toEqual([]);
  });

  it.each(ENVIRONMENTS)('in %s gives a reason of its own, at least a sentence long', (name) => {
    const short = acknowledgementsOf(synthesized[name]!.stack).filter(({ reason }) => reason.length < 80);

    expect(short).toEqual([]);
  });

  it('is listed in the decisions table of docs/operations.md', () => {
    const table = decisionsTable();
    const ids = new Set(ENVIRONMENTS.flatMap((name) => acknowledgementsOf(synthesized[name]!.stack).map(({ id }) => id)));

    expect([...ids].filter((id) => !table.includes(`\`${id}\``))).toEqual([]);
  });
});
