import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One logger, metrics and tracer per container. Service name and namespace come from the
 * POWERTOOLS_* variables the construct sets. Nothing logs request bodies, tokens or secrets:
 * log calls name the fields they log.
 */
export const logger = new Logger();
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
