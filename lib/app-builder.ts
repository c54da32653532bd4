import { type App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks, type NagPack, NIST80053R5Checks, PCIDSS321Checks, ServerlessChecks } from 'cdk-nag';
import { CONTEXT_KEY, loadEnvironments } from './config/environment-config.ts';
import { PaymentConnectorStack } from './payment-connector-stack.ts';

/** `sandbox` -> `PaymentConnector-Sandbox`, `eu-production` -> `PaymentConnector-EuProduction`. */
export const stackNameFor = (environmentName: string): string =>
  `PaymentConnector-${environmentName
    .split('-')
    .map((part) => part.charAt(0).toUpperCase() + part.slice(1))
    .join('')}`;

/** The cdk-nag rule packs every stack must pass: AWS's own, serverless practice, and the two an assessor reads. */
export const nagPacks = (app?: App): NagPack[] => [
  new AwsSolutionsChecks(app, { verbose: true }),
  new ServerlessChecks(app, { verbose: true }),
  new PCIDSS321Checks(app, { verbose: true }),
  new NIST80053R5Checks(app, { verbose: true }),
];

/**
 * Builds one stack per environment of the cdk.json context, validated before anything is
 * constructed, with the cdk-nag rule packs as synthesis-time validation plugins.
 */
export function buildApp(app: App, context: unknown = app.node.tryGetContext(CONTEXT_KEY)): PaymentConnectorStack[] {
  const environments = loadEnvironments(context);
  // cdk-nag 3 runs as a policy validation plugin: any finding not acknowledged fails synthesis.
  Validations.of(app).addPlugins(...nagPacks(app));
  return environments.map(
    (config) =>
      new PaymentConnectorStack(app, stackNameFor(config.name), {
        config,
        env: { account: config.account, region: config.region },
        description: `VCC payment connector, ${config.name} environment`,
      }),
  );
}
