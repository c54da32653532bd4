import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import type { Tracer } from '@aws-lambda-powertools/tracer';
import { CardRedactingLogFormatter } from './card-redacting-log-formatter.ts';

/**
 * One logger, metrics and tracer per container. Service name and namespace come from the
 * POWERTOOLS_* variables the construct sets. Nothing logs request bodies, tokens or secrets:
 * log calls name the fields they log. Error messages are not ours to word and may quote what a
 * request held, so every line is freed of card-number lookalikes as it is written.
 */
export const logger = new Logger({ logFormatter: new CardRedactingLogFormatter() });
/** A read that publishes no metric is normal: Powertools' warning about it is debug here. */
export const metrics = new Metrics({
  logger: {
    debug: (message: string) => logger.debug(message),
    info: (message: string) => logger.info(message),
    warn: (message: string) => logger.debug(message),
    error: (message: string) => logger.error(message),
  },
});

/**
 * The tracer is loaded only where tracing is on, as in the deployed functions. Loading it loads
 * the X-Ray SDK, whose context tracking hooks every promise: a chain of promises ran 8 times
 * slower with it loaded, traced or not. The local stack turns tracing off and so never loads it.
 * Off means what it means to Powertools' Tracer: POWERTOOLS_TRACE_ENABLED is `false` in any case.
 */
const tracingEnabled = process.env.POWERTOOLS_TRACE_ENABLED?.toLowerCase() !== 'false';
export const tracer: Tracer | undefined = tracingEnabled ? new (await import('@aws-lambda-powertools/tracer')).Tracer() : undefined;

/** What awsClient needs of an AWS SDK v3 client. */
interface SdkClient {
  middlewareStack: { remove(name: string): boolean };
}

/**
 * An AWS SDK client as every function uses it: its calls traced as subsegments where tracing is
 * on, and without the SDK's logger middleware. We give the SDK no logger, and its default one
 * discards everything, yet that middleware walks every request and answer to redact them for it:
 * 7% of a webhook's time in the fuzz tests, spent on every call in Lambda too.
 */
export function awsClient<Client extends SdkClient>(client: Client): Client {
  client.middlewareStack.remove('loggerMiddleware');
  return tracer ? tracer.captureAWSv3Client(client) : client;
}
