import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { z } from 'zod';
import { resultReadingSettingSchema, scalarOrObject } from '#app/config/result-reading-schema.ts';
import { DEFAULT_RESULT_READING, decisionKey, type ResultReadingSetting, resolveResultReading } from '#app/model/payment-result-reading.ts';
import { MAX_WEBHOOK_RESERVED_CONCURRENCY, RECONCILE_RESERVED_CONCURRENCY } from './function-concurrency.ts';

/** The cdk.json context key that holds every environment of the connector. */
export const CONTEXT_KEY = 'paymentConnector';

/** API Gateway stops waiting for a Lambda integration after 29 s; see `functionTimeout`. */
const MAX_VCC_TIMEOUT_MS = 12_000;

const kebabCase = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

const awsRegion = z.string().regex(/^[a-z]{2}(?:-gov)?-[a-z]+-\d$/, 'must be an AWS region such as eu-west-2');

// An unbounded retention would keep payment metadata forever, and cdk-nag requires a finite one.
const retentionDays = Object.values(RetentionDays).filter((days): days is RetentionDays => typeof days === 'number' && days !== RetentionDays.INFINITE);

const httpsUrl = z.url({ protocol: /^https$/, error: 'must be an https URL' });

const secretName = z.string().regex(/^[A-Za-z0-9/_+=.@-]{1,512}$/, 'must be a Secrets Manager secret name');

// The complete ARN, as the console shows it: a partial one could match a different secret.
const secretArn = z
  .string()
  .regex(
    /^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[A-Za-z0-9/_+=.@-]+-[A-Za-z0-9]{6}$/,
    'must be the complete ARN of a Secrets Manager secret, ending in its six-character suffix',
  );

/** Where a secret comes from: created by the stack, or an existing one by name or complete ARN. */
const secretSourceSchema = z.union([z.strictObject({ create: z.literal(true) }), z.strictObject({ name: secretName }), z.strictObject({ arn: secretArn })], {
  error: 'must be exactly one of {"create": true}, {"name": "<secret name>"} or {"arn": "<secret ARN>"}',
});

const accountConfigurationId = z
  .number({
    error: (issue) =>
      issue.input === undefined
        ? 'is required: the accountConfigurationId Vonage provisioned for this flow'
        : 'must be a positive integer: the accountConfigurationId Vonage provisioned for this flow',
  })
  .int('must be a positive integer: the accountConfigurationId Vonage provisioned for this flow')
  .positive('must be a positive integer: the accountConfigurationId Vonage provisioned for this flow');

interface PaymentFlow {
  accountConfigurationId: number;
  /** How the gateway behind this flow says approved or declined in `paymentResultData`. */
  resultReading: ResultReadingSetting;
}

/** A bare number is the common case: a flow on a CyberSource-style gateway. */
const paymentFlowSchema = scalarOrObject(
  'number',
  accountConfigurationId.transform((id): PaymentFlow => ({ accountConfigurationId: id, resultReading: DEFAULT_RESULT_READING })),
  z.strictObject(
    { accountConfigurationId, resultReading: resultReadingSettingSchema.default(DEFAULT_RESULT_READING) },
    {
      error: (issue) =>
        issue.code === 'invalid_type' ? 'must be an accountConfigurationId, or {"accountConfigurationId": <id>, "resultReading": ...}' : undefined,
    },
  ),
);

/** Equal for readings that read every result alike: the lists' order, case and padding do not count. */
function readingKey(setting: ResultReadingSetting): string {
  const { approvedValues, declinedValues, ...fields } = resolveResultReading(setting);
  const values = (list: string[]) => [...new Set(list.map(decisionKey))].sort();
  return JSON.stringify([values(approvedValues), values(declinedValues), ...Object.entries(fields).sort()]);
}

/** An account configuration selects one gateway, whose results can be read only one way. */
function refuseTwoReadingsOfOneConfiguration(flows: Record<string, PaymentFlow>, ctx: z.RefinementCtx): void {
  const firstFlowOf = new Map<number, string>();
  for (const [name, flow] of Object.entries(flows)) {
    const first = firstFlowOf.get(flow.accountConfigurationId);
    if (first === undefined) firstFlowOf.set(flow.accountConfigurationId, name);
    else if (readingKey(flows[first]!.resultReading) !== readingKey(flow.resultReading)) {
      ctx.addIssue({
        code: 'custom',
        path: [name, 'resultReading'],
        message: `accountConfigurationId ${flow.accountConfigurationId} is also flow ${first}, read another way: one account configuration has one gateway, so give both flows the same resultReading`,
      });
    }
  }
}

const vccSchema = z
  .strictObject({
    region: z.enum(['emea', 'nam', 'apac']),
    apiBaseUrl: httpsUrl,
    tokenUrl: httpsUrl.optional(),
    credentialsSecret: secretSourceSchema,
    paymentFlows: z
      .record(z.string().regex(kebabCase, 'payment flow names must be kebab-case'), paymentFlowSchema)
      .refine((flows) => Object.keys(flows).length > 0, 'must map at least one payment flow name to its accountConfigurationId')
      .superRefine(refuseTwoReadingsOfOneConfiguration),
    defaultPaymentFlow: z.string().min(1),
    allowSkipCallTransfer: z.boolean(),
    timeoutMs: z.number().int().min(1000).max(MAX_VCC_TIMEOUT_MS).default(8000),
  })
  // Flows split in two: callers that open a session need only the id, the result readers only the reading.
  .transform(({ tokenUrl, paymentFlows, ...vcc }) => ({
    ...vcc,
    tokenUrl: tokenUrl ?? `https://${vcc.region}.cc.vonage.com/Auth/connect/token`,
    paymentFlows: mapFlows(paymentFlows, (flow) => flow.accountConfigurationId),
    resultReadings: mapFlows(paymentFlows, (flow) => flow.resultReading),
  }));

const mapFlows = <T>(flows: Record<string, PaymentFlow>, pick: (flow: PaymentFlow) => T): Record<string, T> =>
  Object.fromEntries(Object.entries(flows).map(([name, flow]) => [name, pick(flow)]));

const productionOrigin = /^https:\/\/[a-z0-9.-]+(?::\d{1,5})?$/;
const localOrigin = /^http:\/\/localhost:\d{1,5}$/;

const apiSchema = z.strictObject({
  allowedOrigins: z.array(
    z
      .string()
      .refine(
        (origin) => productionOrigin.test(origin) || localOrigin.test(origin),
        'must be an origin such as https://crm.example.com (no path, no trailing slash), or http://localhost:<port> in a sandbox',
      ),
  ),
  throttle: z
    .strictObject({
      rateLimit: z.number().positive().default(50),
      burstLimit: z.number().int().positive().default(100),
    })
    .prefault({}),
});

const authSchema = z.strictObject({
  domainPrefix: z
    .string()
    .regex(/^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/, 'must be 1-63 lowercase letters, digits or hyphens')
    .refine((prefix) => !/aws|amazon|cognito/.test(prefix), 'must not contain "aws", "amazon" or "cognito" (Cognito reserves them)'),
});

// A URL carrying credentials would put them in a function's environment, in plain text.
const crmCallbackSchema = z.strictObject({
  url: httpsUrl.refine((url) => !/^https:\/\/[^/?#]*@/.test(url), 'must not carry credentials: the signing secret authenticates the connector'),
  signingSecret: secretSourceSchema,
});

// An AWS tag value: what Cost Explorer and the Resource Groups tag editor read back.
const owner = z
  .string({
    error: (issue) => (issue.input === undefined ? 'is required: the team or address that answers for this environment, tagged on every resource' : undefined),
  })
  .regex(/^[\p{L}\p{Z}\p{N}_.:/=+@-]{1,256}$/u, 'must be 1-256 letters, digits, spaces or _ . : / = + - @ (an AWS tag value)')
  .refine((value) => value.trim() === value, 'must not start or end with a space');

// Lambda keeps 100 of an account's concurrency unreserved, the default quota is 1,000, and the sweep keeps its own.
const webhookReservedConcurrency = z
  .number({
    error: (issue) =>
      issue.input === undefined ? 'is required: the concurrent executions kept for receive-vcc-webhook, taken from the account pool' : undefined,
  })
  .int('must be a whole number of concurrent executions')
  .min(1, 'must be at least 1')
  .max(
    MAX_WEBHOOK_RESERVED_CONCURRENCY,
    `must be at most ${MAX_WEBHOOK_RESERVED_CONCURRENCY}: Lambda keeps 100 of the default 1,000 account concurrency unreserved, and reconcile-payment-sessions reserves ${RECONCILE_RESERVED_CONCURRENCY}`,
  );

// AWS Backup keeps a recovery point at least a day; PITR already covers any second of the last 35 days.
const backupSchema = z.strictObject({
  retentionDays: z.number().int('must be a whole number of days').min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days'),
});

const alarmsSchema = z.strictObject({
  email: z.email({ error: 'must be an email address' }).optional(),
});

const isLocalhostUrl = (url: string): boolean => {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host.endsWith('.localhost') || /^127\./.test(host) || host === '[::1]' || host === '0.0.0.0';
  } catch {
    return false;
  }
};

/** A view of an environment that may not have parsed: the policy rules must read it defensively. */
interface EnvironmentDraft {
  kind?: unknown;
  removalPolicy?: unknown;
  vcc?: { allowSkipCallTransfer?: unknown; paymentFlows?: unknown; defaultPaymentFlow?: unknown };
  api?: { allowedOrigins?: unknown };
  crmCallback?: { url?: unknown };
  backup?: unknown;
}

const isPlainObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** Rules across fields; they run even when other keys are invalid, so one run reports every problem. */
function checkEnvironmentPolicy(draft: EnvironmentDraft, ctx: z.RefinementCtx): void {
  const { kind, vcc, api, crmCallback } = draft;
  if (kind === 'production' && vcc?.allowSkipCallTransfer === true) {
    ctx.addIssue({ code: 'custom', path: ['vcc', 'allowSkipCallTransfer'], message: 'production must not allow skipCallTransfer' });
  }
  if (kind === 'production' && draft.removalPolicy !== undefined && draft.removalPolicy !== 'retain') {
    ctx.addIssue({ code: 'custom', path: ['removalPolicy'], message: 'production must use removalPolicy "retain"' });
  }
  if (isPlainObject(vcc?.paymentFlows) && typeof vcc.defaultPaymentFlow === 'string' && !(vcc.defaultPaymentFlow in vcc.paymentFlows)) {
    const names = Object.keys(vcc.paymentFlows).join(', ');
    ctx.addIssue({ code: 'custom', path: ['vcc', 'defaultPaymentFlow'], message: `must be one of the keys of vcc.paymentFlows (${names})` });
  }
  if (kind !== 'sandbox' && Array.isArray(api?.allowedOrigins)) {
    api.allowedOrigins.forEach((origin, index) => {
      if (typeof origin === 'string' && localOrigin.test(origin)) {
        ctx.addIssue({ code: 'custom', path: ['api', 'allowedOrigins', index], message: 'http://localhost origins are allowed only in a sandbox' });
      }
    });
  }
  if (kind === 'production' && typeof crmCallback?.url === 'string' && isLocalhostUrl(crmCallback.url)) {
    ctx.addIssue({ code: 'custom', path: ['crmCallback', 'url'], message: 'production must not deliver outcomes to a localhost URL' });
  }
  if (kind === 'production' && draft.backup === undefined) {
    ctx.addIssue({ code: 'custom', path: ['backup'], message: 'production must back up its payment sessions table: set backup.retentionDays' });
  }
}

const environmentSchema = z
  .strictObject({
    kind: z.enum(['sandbox', 'production']),
    account: z
      .string()
      .regex(/^\d{12}$/, 'must be a 12-digit AWS account id')
      .optional(),
    region: awsRegion,
    /** Tagged as `owner` on the stack and every resource. */
    owner,
    vcc: vccSchema,
    api: apiSchema,
    auth: authSchema,
    /** The CRM's HTTPS endpoint for signed outcome callbacks; without it, outcomes stay on the event bus. */
    crmCallback: crmCallbackSchema.optional(),
    /** Where alarm notifications go besides the stack's SNS topic. */
    alarms: alarmsSchema.optional(),
    /** Kept for the webhook receiver alone, so other functions' load cannot throttle VCC's deliveries. */
    webhookReservedConcurrency,
    /** A daily AWS Backup of the payment sessions table, kept this long, besides its point-in-time recovery. */
    backup: backupSchema.optional(),
    logRetentionDays: z
      .number()
      .refine((days) => retentionDays.includes(days), `must be one of ${retentionDays.join(', ')}`)
      .transform((days) => days as RetentionDays),
    removalPolicy: z.enum(['retain', 'destroy']),
  })
  .superRefine((draft, ctx) => checkEnvironmentPolicy(draft, ctx), { when: () => true });

const environmentsSchema = z.strictObject(
  {
    environments: z
      .record(z.string().regex(kebabCase, 'environment names must be kebab-case'), environmentSchema)
      .refine((environments) => Object.keys(environments).length > 0, 'must define at least one environment'),
  },
  { error: (issue) => (issue.input === undefined ? 'is missing from the context of cdk.json' : undefined) },
);

type EnvironmentSettings = z.output<typeof environmentSchema>;

export type SecretSource = z.output<typeof secretSourceSchema>;

export type CrmCallbackConfig = z.output<typeof crmCallbackSchema>;

/** One deployable environment: its name in cdk.json and its validated settings. */
export interface EnvironmentConfig extends EnvironmentSettings {
  name: string;
}

/**
 * Validates the `paymentConnector` context at synth. The error names every bad key with its
 * full path, so an operator can fix cdk.json in one pass.
 */
export function loadEnvironments(context: unknown): EnvironmentConfig[] {
  const parsed = environmentsSchema.safeParse(context);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${[CONTEXT_KEY, ...issue.path].join('.')}: ${issue.message}`);
    throw new Error(`Invalid cdk.json context:\n${problems.join('\n')}`);
  }
  return Object.entries(parsed.data.environments).map(([name, settings]) => ({ name, ...settings }));
}
