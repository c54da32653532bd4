import { describe, expect, it } from 'vitest';
import { loadFunctionConfig } from '#app/config/function-environment.ts';
import { RESULT_READINGS, resolveResultReading } from '#app/model/payment-result-reading.ts';
import { stackNameFor } from '../../lib/app-builder.ts';
import { loadEnvironments } from '../../lib/config/environment-config.ts';
import { functionEnvironmentFor, functionSettingsFor } from '../../lib/config/function-environment.ts';
import { cdkJsonEnvironments } from './support/synthesize.ts';

type Environment = Record<string, any>;

/** The real cdk.json environments with one change applied to a copy. */
function cdkJsonWith(change: (environments: Record<string, Environment>) => void) {
  const context = cdkJsonEnvironments();
  change(context.environments);
  return context;
}

const failureOf = (context: unknown): string => {
  try {
    loadEnvironments(context);
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected loadEnvironments to throw');
};

describe('the environments in cdk.json', () => {
  it('are valid and keep their names', () => {
    const environments = loadEnvironments(cdkJsonEnvironments());

    expect(environments.map(({ name, kind }) => ({ name, kind }))).toEqual([
      { name: 'sandbox', kind: 'sandbox' },
      { name: 'production', kind: 'production' },
    ]);
  });

  it('default the VCC token URL from the VCC region', () => {
    const [sandbox] = loadEnvironments(
      cdkJsonWith((envs) => {
        envs.sandbox!.vcc.region = 'nam';
        delete envs.sandbox!.vcc.tokenUrl;
      }),
    );

    expect(sandbox!.vcc.tokenUrl).toBe('https://nam.cc.vonage.com/Auth/connect/token');
  });

  it('default the VCC timeout and the API throttle', () => {
    const [sandbox] = loadEnvironments(
      cdkJsonWith((envs) => {
        delete envs.sandbox!.vcc.timeoutMs;
        delete envs.sandbox!.api.throttle;
      }),
    );

    expect(sandbox!.vcc.timeoutMs).toBe(8000);
    expect(sandbox!.api.throttle).toEqual({ rateLimit: 50, burstLimit: 100 });
  });
});

describe('an invalid environment is refused with the full path of the bad key', () => {
  it('production allowing skipCallTransfer', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.production!.vcc.allowSkipCallTransfer = true;
      }),
    );

    expect(message).toContain('paymentConnector.environments.production.vcc.allowSkipCallTransfer: production must not allow skipCallTransfer');
  });

  it('production with removalPolicy destroy', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.production!.removalPolicy = 'destroy';
      }),
    );

    expect(message).toContain('paymentConnector.environments.production.removalPolicy: production must use removalPolicy "retain"');
  });

  it('a default payment flow that is not one of the payment flows', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.sandbox!.vcc.defaultPaymentFlow = 'card-payment-ivr';
      }),
    );

    expect(message).toContain(
      'paymentConnector.environments.sandbox.vcc.defaultPaymentFlow: must be one of the keys of vcc.paymentFlows (card-payment, card-payment-moto)',
    );
  });

  it('an unknown VCC region', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.sandbox!.vcc.region = 'eu';
      }),
    );

    expect(message).toContain('paymentConnector.environments.sandbox.vcc.region:');
  });

  it('a credentials secret that is both created and referenced', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.sandbox!.vcc.credentialsSecret = { create: true, name: 'vcc/credentials' };
      }),
    );

    expect(message).toContain('paymentConnector.environments.sandbox.vcc.credentialsSecret: must be exactly one of');
  });

  it('a localhost origin outside a sandbox', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.production!.api.allowedOrigins = ['https://crm.example.com', 'http://localhost:5173'];
      }),
    );

    expect(message).toContain('paymentConnector.environments.production.api.allowedOrigins.1: http://localhost origins are allowed only in a sandbox');
  });

  it('a payment flow id that is not a positive integer', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.sandbox!.vcc.paymentFlows['card-payment'] = 0;
      }),
    );

    expect(message).toContain('paymentConnector.environments.sandbox.vcc.paymentFlows.card-payment:');
  });

  it('a log retention CloudWatch does not offer', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.sandbox!.logRetentionDays = 10;
      }),
    );

    expect(message).toContain('paymentConnector.environments.sandbox.logRetentionDays: must be one of 1, 3, 5');
  });

  it('a misspelt key', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.sandbox!.auth.domainprefix = envs.sandbox!.auth.domainPrefix;
      }),
    );

    expect(message).toContain('paymentConnector.environments.sandbox.auth: Unrecognized key: "domainprefix"');
  });

  it('every bad key at once, so one run finds them all', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.production!.vcc.region = 'eu';
        envs.production!.vcc.allowSkipCallTransfer = true;
        envs.sandbox!.auth.domainPrefix = 'aws-payments';
      }),
    );

    expect(message).toContain('paymentConnector.environments.production.vcc.region:');
    expect(message).toContain('paymentConnector.environments.production.vcc.allowSkipCallTransfer:');
    expect(message).toContain('paymentConnector.environments.sandbox.auth.domainPrefix:');
  });

  it('a CRM callback URL that is not https', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.sandbox!.crmCallback.url = 'http://crm-sandbox.example.com/payment-connector/events';
      }),
    );

    expect(message).toContain('paymentConnector.environments.sandbox.crmCallback.url: must be an https URL');
  });

  it.each(['https://localhost:8443/events', 'https://127.0.0.1/events', 'https://crm.localhost/events', 'https://[::1]/events'])(
    'a production CRM callback to %s',
    (url) => {
      const message = failureOf(
        cdkJsonWith((envs) => {
          envs.production!.crmCallback.url = url;
        }),
      );

      expect(message).toContain('paymentConnector.environments.production.crmCallback.url: production must not deliver outcomes to a localhost URL');
    },
  );

  it('a CRM callback URL carrying credentials', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.sandbox!.crmCallback.url = 'https://user:password@crm-sandbox.example.com/events';
      }),
    );

    expect(message).toContain('paymentConnector.environments.sandbox.crmCallback.url: must not carry credentials');
  });

  it('a CRM callback signing secret that is both created and referenced', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.sandbox!.crmCallback.signingSecret = { create: true, arn: 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:crm-AbCdEf' };
      }),
    );

    expect(message).toContain('paymentConnector.environments.sandbox.crmCallback.signingSecret: must be exactly one of');
  });

  it('a CRM callback without a signing secret', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        delete envs.sandbox!.crmCallback.signingSecret;
      }),
    );

    expect(message).toContain('paymentConnector.environments.sandbox.crmCallback.signingSecret:');
  });

  it('a CRM callback signing secret ARN without its suffix', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.production!.crmCallback.signingSecret = { arn: 'arn:aws:secretsmanager:eu-west-2:123456789012:secret:crm' };
      }),
    );

    expect(message).toContain(
      'paymentConnector.environments.production.crmCallback.signingSecret.arn: must be the complete ARN of a Secrets Manager secret, ending in its six-character suffix',
    );
  });

  it('an alarm email that is not an email address', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.production!.alarms = { email: 'payments-oncall' };
      }),
    );

    expect(message).toContain('paymentConnector.environments.production.alarms.email: must be an email address');
  });

  it('an environment without an owner', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        delete envs.production!.owner;
      }),
    );

    expect(message).toContain('paymentConnector.environments.production.owner: is required: the team or address that answers for this environment');
  });

  it.each([
    ['an empty owner', '', 'must be 1-256 letters, digits, spaces or _ . : / = + - @ (an AWS tag value)'],
    ['an owner with a character AWS tags refuse', 'payments#platform', 'must be 1-256 letters, digits, spaces or _ . : / = + - @ (an AWS tag value)'],
    ['an owner longer than a tag value', 'p'.repeat(257), 'must be 1-256 letters, digits, spaces or _ . : / = + - @ (an AWS tag value)'],
    ['an owner with surrounding spaces', ' payments ', 'must not start or end with a space'],
    ['an owner that is not a string', 42, 'Invalid input: expected string, received number'],
  ])('%s', (_, owner, problem) => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.sandbox!.owner = owner;
      }),
    );

    expect(message).toContain(`paymentConnector.environments.sandbox.owner: ${problem}`);
  });

  it.each([
    ['missing', undefined, 'is required: the concurrent executions kept for receive-vcc-webhook'],
    ['zero', 0, 'must be at least 1'],
    ['a fraction', 2.5, 'must be a whole number of concurrent executions'],
    [
      'more than an account can reserve beside the sweep',
      899,
      'must be at most 898: Lambda keeps 100 of the default 1,000 account concurrency unreserved, and reconcile-payment-sessions reserves 2',
    ],
  ])('a webhook reserved concurrency that is %s', (_, value, problem) => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.sandbox!.webhookReservedConcurrency = value;
      }),
    );

    expect(message).toContain(`paymentConnector.environments.sandbox.webhookReservedConcurrency: ${problem}`);
  });

  it("but a webhook reserved concurrency of 898 is accepted: with the sweep's 2, it leaves 100 of the default 1,000 unreserved", () => {
    const [sandbox] = loadEnvironments(
      cdkJsonWith((envs) => {
        envs.sandbox!.webhookReservedConcurrency = 898;
      }),
    );

    expect(sandbox!.webhookReservedConcurrency).toBe(898);
  });

  it('production without a backup', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        delete envs.production!.backup;
      }),
    );

    expect(message).toContain('paymentConnector.environments.production.backup: production must back up its payment sessions table: set backup.retentionDays');
  });

  it('a backup kept no whole day', () => {
    const message = failureOf(
      cdkJsonWith((envs) => {
        envs.production!.backup = { retentionDays: 0 };
      }),
    );

    expect(message).toContain('paymentConnector.environments.production.backup.retentionDays: must be at least 1 day');
  });

  it('a missing paymentConnector context', () => {
    expect(failureOf(undefined)).toContain('paymentConnector: is missing from the context of cdk.json');
  });
});

describe('the CRM callback', () => {
  it('is configured in both environments of cdk.json, the sandbox with a created secret and production with a named one', () => {
    const [sandbox, production] = loadEnvironments(cdkJsonEnvironments());

    expect(sandbox!.crmCallback).toEqual({ url: 'https://crm-sandbox.example.com/payment-connector/events', signingSecret: { create: true } });
    expect(production!.crmCallback).toEqual({
      url: 'https://crm.example.com/payment-connector/events',
      signingSecret: { name: 'vcc-payment-connector/production/crm-callback-signing-secret' },
    });
  });

  it('is optional, and so are alarm emails', () => {
    const [sandbox] = loadEnvironments(
      cdkJsonWith((envs) => {
        delete envs.sandbox!.crmCallback;
      }),
    );

    expect(sandbox!.crmCallback).toBeUndefined();
    expect(sandbox!.alarms).toBeUndefined();
  });

  it('may use a localhost URL in a sandbox', () => {
    const [sandbox] = loadEnvironments(
      cdkJsonWith((envs) => {
        envs.sandbox!.crmCallback.url = 'https://localhost:8443/events';
      }),
    );

    expect(sandbox!.crmCallback!.url).toBe('https://localhost:8443/events');
  });
});

describe('both VCC account setups of the documentation can be expressed', () => {
  it('separate VCC accounts: each environment has its own credentials secret', () => {
    const [sandbox, production] = loadEnvironments(cdkJsonEnvironments());

    expect(sandbox!.vcc.credentialsSecret).toEqual({ create: true });
    expect(production!.vcc.credentialsSecret).toEqual({ name: 'vcc-payment-connector/production/vcc-api-credentials' });
  });

  it('one VCC account: staging flows 1 and 2, production flows 4 and 5, one shared secret', () => {
    const shared = { name: 'vcc-payment-connector/shared/vcc-api-credentials' };
    const [sandbox, production] = loadEnvironments(
      cdkJsonWith((envs) => {
        envs.sandbox!.vcc.credentialsSecret = shared;
        envs.production!.vcc.credentialsSecret = shared;
        envs.production!.vcc.paymentFlows = { 'card-payment': 4, 'card-payment-moto': 5 };
      }),
    );

    expect(loadFunctionConfig(functionEnvironmentWithResources(sandbox!)).paymentFlows).toEqual({ 'card-payment': 1, 'card-payment-moto': 2 });
    expect(loadFunctionConfig(functionEnvironmentWithResources(production!)).paymentFlows).toEqual({ 'card-payment': 4, 'card-payment-moto': 5 });
    expect(sandbox!.vcc.credentialsSecret).toEqual(production!.vcc.credentialsSecret);
  });
});

describe("how each payment flow reads its gateway's results", () => {
  const orbitalFlow = { accountConfigurationId: 3, resultReading: 'chase-orbital' };

  it('is the CyberSource-style reading for a flow given as a bare accountConfigurationId, as in cdk.json', () => {
    const [sandbox] = loadEnvironments(cdkJsonEnvironments());

    expect(sandbox!.vcc.paymentFlows).toEqual({ 'card-payment': 1, 'card-payment-moto': 2 });
    expect(sandbox!.vcc.resultReadings).toEqual({ 'card-payment': 'cybersource', 'card-payment-moto': 'cybersource' });
  });

  it('is the named reading for a flow given as an object, whose accountConfigurationId joins the others', () => {
    const [sandbox] = loadEnvironments(
      cdkJsonWith((envs) => {
        envs.sandbox!.vcc.paymentFlows['card-payment-orbital'] = orbitalFlow;
      }),
    );

    expect(sandbox!.vcc.paymentFlows).toEqual({ 'card-payment': 1, 'card-payment-moto': 2, 'card-payment-orbital': 3 });
    expect(loadFunctionConfig(functionEnvironmentWithResources(sandbox!)).resultReadings).toEqual({
      'card-payment': RESULT_READINGS.cybersource,
      'card-payment-moto': RESULT_READINGS.cybersource,
      'card-payment-orbital': RESULT_READINGS['chase-orbital'],
    });
  });

  it('is the CyberSource-style reading for an object that names none', () => {
    const [sandbox] = loadEnvironments(
      cdkJsonWith((envs) => {
        envs.sandbox!.vcc.paymentFlows['card-payment-moto'] = { accountConfigurationId: 2 };
      }),
    );

    expect(sandbox!.vcc.resultReadings['card-payment-moto']).toBe('cybersource');
  });

  it('may be spelled out for another gateway, and reaches the functions as written', () => {
    const adyen = { decisionField: 'resultCode', approvedValues: ['Authorised'], declinedValues: ['Refused'], gatewayReferenceField: 'pspReference' };
    const [sandbox] = loadEnvironments(
      cdkJsonWith((envs) => {
        envs.sandbox!.vcc.paymentFlows['card-payment-adyen'] = { accountConfigurationId: 4, resultReading: adyen };
      }),
    );

    expect(loadFunctionConfig(functionEnvironmentWithResources(sandbox!)).resultReadings['card-payment-adyen']).toEqual({
      ...adyen,
      reasonCodeField: null,
      amountMinorField: null,
      currencyField: null,
      transactionTypeField: null,
    });
  });
});

describe('a payment flow that cannot be read is refused, saying what to fix', () => {
  const flowPath = 'paymentConnector.environments.sandbox.vcc.paymentFlows.card-payment-moto';
  const withMoto = (flow: unknown) =>
    failureOf(
      cdkJsonWith((envs) => {
        envs.sandbox!.vcc.paymentFlows['card-payment-moto'] = flow;
      }),
    );

  it.each([
    ['a string', '2', `${flowPath}: must be an accountConfigurationId, or {"accountConfigurationId": <id>, "resultReading": ...}`],
    ['an object without its accountConfigurationId', { resultReading: 'chase-orbital' }, `${flowPath}.accountConfigurationId: is required`],
    [
      'a reading name it does not know',
      { accountConfigurationId: 2, resultReading: 'orbital' },
      `${flowPath}.resultReading: must be "cybersource", "chase-orbital" or a reading`,
    ],
    [
      'a value listed as approved and as declined',
      { accountConfigurationId: 2, resultReading: { decisionField: 'status', approvedValues: ['OK'], declinedValues: ['NO', ' ok'] } },
      `${flowPath}.resultReading.declinedValues.1: " ok" is also an approved value (values match ignoring case and surrounding spaces): list it in approvedValues or in declinedValues, not both`,
    ],
    [
      'a reading with no approved value',
      { accountConfigurationId: 2, resultReading: { decisionField: 'status', approvedValues: [], declinedValues: ['NO'] } },
      `${flowPath}.resultReading.approvedValues: must list at least one value of the decision field that means the payment was taken`,
    ],
    [
      'a decision field with surrounding spaces',
      { accountConfigurationId: 2, resultReading: { decisionField: 'status ', approvedValues: ['OK'], declinedValues: ['NO'] } },
      `${flowPath}.resultReading.decisionField: must name a field of the payment result exactly`,
    ],
    [
      'a misspelt reading key',
      { accountConfigurationId: 2, resultReading: { decisionField: 'status', approvedValues: ['OK'], declinedValues: ['NO'], reasonField: 'code' } },
      `${flowPath}.resultReading: Unrecognized key: "reasonField"`,
    ],
  ])('%s', (_, flow, message) => {
    expect(withMoto(flow)).toContain(message);
  });

  it('two flows on one accountConfigurationId read two ways: one account configuration has one gateway', () => {
    expect(withMoto({ accountConfigurationId: 1, resultReading: 'chase-orbital' })).toContain(
      `${flowPath}.resultReading: accountConfigurationId 1 is also flow card-payment, read another way`,
    );
  });

  it('but two flows on one accountConfigurationId may read alike, in any order and case', () => {
    const sameAsCybersource = { ...RESULT_READINGS.cybersource, declinedValues: ['cancel', 'DECLINE', 'REJECT'] };
    const [sandbox] = loadEnvironments(
      cdkJsonWith((envs) => {
        envs.sandbox!.vcc.paymentFlows['card-payment-moto'] = { accountConfigurationId: 1, resultReading: sameAsCybersource };
      }),
    );

    expect(sandbox!.vcc.paymentFlows['card-payment-moto']).toBe(1);
  });
});

describe('the settings a function receives', () => {
  it('pass the function-side validation for every environment of cdk.json', () => {
    for (const environment of loadEnvironments(cdkJsonEnvironments())) {
      const config = loadFunctionConfig(functionEnvironmentWithResources(environment));

      expect(config).toMatchObject({
        environmentName: environment.name,
        paymentFlows: environment.vcc.paymentFlows,
        resultReadings: Object.fromEntries(Object.entries(environment.vcc.resultReadings).map(([flow, setting]) => [flow, resolveResultReading(setting)])),
        defaultPaymentFlow: environment.vcc.defaultPaymentFlow,
        allowSkipCallTransfer: environment.vcc.allowSkipCallTransfer,
        allowedOrigins: environment.api.allowedOrigins,
        vccTimeoutMs: environment.vcc.timeoutMs,
        vccTokenUrl: environment.vcc.tokenUrl,
      });
    }
  });
});

describe('the settings only one function receives', () => {
  it('give the CRM callback URL to deliver-crm-callback and to no other function', () => {
    const [sandbox] = loadEnvironments(cdkJsonEnvironments());
    const others = [
      'create-payment-session',
      'get-payment-session',
      'create-payment-link',
      'reissue-payment-link',
      'list-payments',
      'receive-vcc-webhook',
      'reconcile-payment-sessions',
    ] as const;

    expect(functionSettingsFor('deliver-crm-callback', sandbox!)).toEqual({ CRM_CALLBACK_URL: 'https://crm-sandbox.example.com/payment-connector/events' });
    expect(others.map((name) => functionSettingsFor(name, sandbox!))).toEqual(others.map(() => ({})));
    expect(functionEnvironmentFor(sandbox!)).not.toHaveProperty('CRM_CALLBACK_URL');
  });

  it('refuse to build deliver-crm-callback for an environment without a CRM callback', () => {
    const [sandbox] = loadEnvironments(
      cdkJsonWith((envs) => {
        delete envs.sandbox!.crmCallback;
      }),
    );

    expect(() => functionSettingsFor('deliver-crm-callback', sandbox!)).toThrow('The sandbox environment configures no crmCallback');
  });

  it('leave every resource name to the bind helpers', () => {
    const [sandbox] = loadEnvironments(cdkJsonEnvironments());
    const settings = { ...functionEnvironmentFor(sandbox!), ...functionSettingsFor('deliver-crm-callback', sandbox!) };

    const resourceNames = ['PAYMENT_SESSIONS_TABLE', 'VCC_CREDENTIALS_SECRET_ID', 'OUTCOME_EVENT_BUS_NAME', 'CRM_CALLBACK_QUEUE_URL', 'CRM_CALLBACK_SECRET_ID'];

    expect(Object.keys(settings).filter((name) => resourceNames.includes(name))).toEqual([]);
  });
});

describe('stack names', () => {
  it('are PaymentConnector- and the environment name in PascalCase', () => {
    expect(stackNameFor('sandbox')).toBe('PaymentConnector-Sandbox');
    expect(stackNameFor('eu-production')).toBe('PaymentConnector-EuProduction');
  });
});

/** The settings plus the two resource names the bind helpers add at synth. */
function functionEnvironmentWithResources(environment: ReturnType<typeof loadEnvironments>[number]) {
  return { ...functionEnvironmentFor(environment), PAYMENT_SESSIONS_TABLE: 'sessions-table', VCC_CREDENTIALS_SECRET_ID: 'vcc-secret' };
}
