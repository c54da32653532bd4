import { CURRENTLY_RECOMMENDED_FLAGS } from 'aws-cdk-lib/cx-api';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTEXT_KEY } from '../../lib/config/environment-config.ts';
import { cdkJsonContext, cdkJsonStacks, type SynthesizedEnvironment, synthesize } from './support/synthesize.ts';

const ENVIRONMENTS = ['sandbox', 'production'] as const;

let current: Record<string, SynthesizedEnvironment>;
let withoutFlags: Record<string, SynthesizedEnvironment>;
beforeAll(() => {
  current = cdkJsonStacks();
  // The app as it was deployed before cdk.json set any feature flag.
  withoutFlags = synthesize({ [CONTEXT_KEY]: cdkJsonContext()[CONTEXT_KEY] }, { bundle: false });
});

describe('the feature flags of cdk.json', () => {
  it('are every flag aws-cdk-lib recommends, at its recommended value, so cdk synth has no notice to print', () => {
    const context = cdkJsonContext();
    const flags = Object.fromEntries(Object.keys(CURRENTLY_RECOMMENDED_FLAGS).map((flag) => [flag, context[flag]]));

    expect(flags).toEqual(CURRENTLY_RECOMMENDED_FLAGS);
  });
});

/**
 * What CloudFormation replaces a resource for: a new logical id, or a change to one of these
 * properties. A replaced table, user pool or secret loses its data; a replaced app client or
 * domain changes what the CRM and Vonage were given; a replaced queue loses its messages.
 */
const REPLACED_ON_CHANGE: Record<string, string[]> = {
  'AWS::DynamoDB::Table': ['TableName', 'KeySchema', 'AttributeDefinitions', 'LocalSecondaryIndexes'],
  'AWS::Cognito::UserPool': ['UserPoolName', 'AliasAttributes', 'UsernameAttributes', 'UsernameConfiguration', 'Schema'],
  'AWS::Cognito::UserPoolClient': ['UserPoolId', 'GenerateSecret'],
  'AWS::Cognito::UserPoolDomain': ['UserPoolId', 'Domain'],
  'AWS::Cognito::UserPoolResourceServer': ['UserPoolId', 'Identifier'],
  'AWS::SecretsManager::Secret': ['Name'],
  'AWS::KMS::Key': ['KeySpec', 'KeyUsage'],
  'AWS::SQS::Queue': ['QueueName', 'FifoQueue'],
  'AWS::SNS::Topic': ['TopicName', 'FifoTopic'],
  'AWS::Events::EventBus': ['Name'],
  'AWS::Events::Archive': ['ArchiveName', 'SourceArn'],
  'AWS::Logs::LogGroup': ['LogGroupName'],
};

/** Each stateful resource by logical id, with only the properties whose change replaces it. */
function statefulResources({ template }: SynthesizedEnvironment): Record<string, Record<string, unknown>> {
  const resources: Record<string, Record<string, unknown>> = {};
  for (const [type, properties] of Object.entries(REPLACED_ON_CHANGE)) {
    for (const [id, resource] of Object.entries(template.findResources(type))) {
      resources[id] = { Type: type, ...Object.fromEntries(properties.map((property) => [property, resource.Properties?.[property]])) };
    }
  }
  return resources;
}

describe('adopting the feature flags replaces nothing stateful', () => {
  it.each(ENVIRONMENTS)('in %s: the same logical ids, with the same properties that would force a replacement', (name) => {
    const before = statefulResources(withoutFlags[name]!);
    const after = statefulResources(current[name]!);

    expect(after).toEqual(before);
  });

  it.each(ENVIRONMENTS)('in %s: compares two different templates: the flags do change stateless resources (the API deployment)', (name) => {
    const deployments = (environment: SynthesizedEnvironment) => Object.keys(environment.template.findResources('AWS::ApiGateway::Deployment'));

    expect(deployments(current[name]!)).not.toEqual(deployments(withoutFlags[name]!));
  });

  it.each(ENVIRONMENTS)('in %s: the comparison covers the table, the user pool and its clients', (name) => {
    const types = Object.values(statefulResources(current[name]!)).map((resource) => resource.Type);

    expect(types).toEqual(expect.arrayContaining(['AWS::DynamoDB::Table', 'AWS::Cognito::UserPool', 'AWS::Cognito::UserPoolClient', 'AWS::Logs::LogGroup']));
  });

  it('the comparison covers the secrets the sandbox creates', () => {
    const secrets = Object.values(statefulResources(current.sandbox!)).filter((resource) => resource.Type === 'AWS::SecretsManager::Secret');

    expect(secrets).toHaveLength(2);
  });

  it.each(ENVIRONMENTS)('in %s: the table keeps its key schema and attributes', (name) => {
    const tables = (environment: SynthesizedEnvironment) => environment.template.findResources('AWS::DynamoDB::Table');
    const [[id, table]] = Object.entries(tables(current[name]!)) as [[string, Record<string, any>]];

    expect(table.Properties.KeySchema).toEqual([{ AttributeName: 'pk', KeyType: 'HASH' }]);
    expect(table.Properties.KeySchema).toEqual(tables(withoutFlags[name]!)[id]!.Properties.KeySchema);
  });
});

/** A resource's tags, whichever way its type spells them. */
function tagsOf(resource: { Properties?: Record<string, any> }): Record<string, string> | undefined {
  const tags = resource.Properties?.Tags ?? resource.Properties?.UserPoolTags;
  if (tags === undefined) return undefined;
  return Array.isArray(tags) ? Object.fromEntries(tags.map(({ Key, Value }: { Key: string; Value: string }) => [Key, Value])) : tags;
}

describe('tags', () => {
  it.each(ENVIRONMENTS)('in %s: every tagged resource carries the application, the environment and its owner from cdk.json', (name) => {
    const { stack, template } = current[name]!;
    const expected = { application: 'vcc-payment-connector', environment: name, owner: stack.config.owner };
    const untagged = Object.entries(template.toJSON().Resources as Record<string, { Properties?: Record<string, any> }>)
      .filter(([, resource]) => tagsOf(resource) !== undefined)
      .filter(([, resource]) => !Object.entries(expected).every(([key, value]) => tagsOf(resource)![key] === value))
      .map(([id]) => id);

    expect(stack.config.owner).toBe('payments-platform@example.com');
    expect(untagged).toEqual([]);
  });

  it.each(ENVIRONMENTS)('in %s: cover the stateful resources, the functions, their roles and the API', (name) => {
    const { template } = current[name]!;
    const resources = Object.values(template.toJSON().Resources as Record<string, { Type: string; Properties?: Record<string, any> }>);
    const taggedTypes = new Set(resources.filter((resource) => tagsOf(resource)).map((resource) => resource.Type));
    const mustBeTagged = [
      'AWS::DynamoDB::Table',
      'AWS::Cognito::UserPool',
      'AWS::Lambda::Function',
      'AWS::IAM::Role',
      'AWS::Logs::LogGroup',
      'AWS::SQS::Queue',
      'AWS::SNS::Topic',
      'AWS::KMS::Key',
      'AWS::Events::EventBus',
      'AWS::ApiGateway::RestApi',
      'AWS::ApiGateway::Stage',
      'AWS::CloudWatch::Alarm',
    ];

    expect(mustBeTagged.filter((type) => !taggedTypes.has(type))).toEqual([]);
    for (const type of mustBeTagged) {
      expect(resources.filter((resource) => resource.Type === type && !tagsOf(resource)).length, type).toBe(0);
    }
  });

  it.each(ENVIRONMENTS)('in %s: are on the stack itself as well', (name) => {
    const { stack } = current[name]!;

    expect(stack.tags.tagValues()).toEqual({ application: 'vcc-payment-connector', environment: name, owner: stack.config.owner });
  });
});

describe('termination protection', () => {
  it('is on for production, whose data is retained', () => {
    expect(current.production!.stack.terminationProtection).toBe(true);
  });

  it('is off for the sandbox, which is destroyed with its data', () => {
    expect(current.sandbox!.stack.terminationProtection).toBe(false);
  });
});
