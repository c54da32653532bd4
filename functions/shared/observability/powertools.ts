import { Logger } from '@aws-lambda-powertools/logger';
import { Metrics } from '@aws-lambda-powertools/metrics';
import { Tracer } from '@aws-lambda-powertools/tracer';

/**
 * One logger, metrics and tracer per container. Service name and namespace come from the
 * POWERTOOLS_* variables the construct sets. Nothing logs request bodies, tokens or secrets:
 * log calls name the fields they log.
 */
export const logger = new Logger();
export const metrics = new Metrics();
export const tracer = new Tracer();
