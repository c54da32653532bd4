import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';
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
export const tracer = new Tracer();
