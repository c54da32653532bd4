import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CONTEXT_KEY, loadEnvironments } from '../../lib/config/environment-config.ts';
import { environmentFromCdkJson } from '../../local/local-stack.ts';
import { simulatorResultShapes } from '../../local/simulator-result-shapes.ts';

/** The local stack's simulator answers each account configuration the way the sandbox reads it. */

/** cdk.json's sandbox with other payment flows. */
function sandboxWithFlows(flows: Record<string, unknown>) {
  const cdkJson = JSON.parse(readFileSync(new URL('../../cdk.json', import.meta.url), 'utf8'));
  const context = cdkJson.context[CONTEXT_KEY];
  context.environments.sandbox.vcc.paymentFlows = flows;
  return loadEnvironments(context).find((environment) => environment.name === 'sandbox')!;
}

describe('the simulator result shapes of an environment', () => {
  it("are CyberSource-style for cdk.json's sandbox, whose flows all read results that way", () => {
    expect(simulatorResultShapes(environmentFromCdkJson('sandbox'))).toEqual({ 1: 'cybersource', 2: 'cybersource' });
  });

  it("give each account configuration the shape named like its flow's reading", () => {
    const sandbox = sandboxWithFlows({
      'card-payment': 1,
      'card-payment-orbital': { accountConfigurationId: 3, resultReading: 'chase-orbital' },
      'card-payment-cybersource': { accountConfigurationId: 4, resultReading: 'cybersource' },
    });

    expect(simulatorResultShapes(sandbox)).toEqual({ 1: 'cybersource', 3: 'chase-orbital', 4: 'cybersource' });
  });

  it("leave a flow whose reading is spelled out to the simulator's default, CyberSource-style", () => {
    const adyen = { decisionField: 'resultCode', approvedValues: ['Authorised'], declinedValues: ['Refused'] };
    const sandbox = sandboxWithFlows({ 'card-payment': 1, 'card-payment-adyen': { accountConfigurationId: 5, resultReading: adyen } });

    expect(simulatorResultShapes(sandbox)).toEqual({ 1: 'cybersource' });
  });
});
