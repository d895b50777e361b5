/**
 * Powertools logger and tracer, one of each per function container, and the middlewares every
 * handler runs in. Metrics live in ./metrics, imported only by the handlers that emit them.
 */
import './xray-off-lambda';
import { Logger } from '@aws-lambda-powertools/logger';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { logMetrics } from '@aws-lambda-powertools/metrics/middleware';
import { Tracer } from '@aws-lambda-powertools/tracer';
import { captureLambdaHandler } from '@aws-lambda-powertools/tracer/middleware';

export const serviceName = process.env.POWERTOOLS_SERVICE_NAME ?? 'sovang';

export const logger = new Logger({
  serviceName,
  logLevel: (process.env.POWERTOOLS_LOG_LEVEL as 'INFO' | undefined) ?? (process.env.VITEST ? 'SILENT' : 'INFO'),
});

/**
 * Enabled only in Lambda: Powertools switches it off when `AWS_EXECUTION_ENV` is unset, so the
 * twin and the tests send no segments and log no missing X-Ray context.
 */
export const tracer = new Tracer({ serviceName });

/**
 * The Powertools middlewares of every handler. The tracer leaves the handler's response out of the
 * trace, and the functions' environment (infra/constructs/house-function.ts) leaves errors out
 * too: either can carry donors' names and phone numbers, and X-Ray keeps traces for 30 days,
 * outside the log groups' retention. `metrics` for the handlers that emit metrics, flushed after
 * every invocation; not for the others, as flushing none logs a warning at every invocation.
 */
export function powertoolsMiddlewares(options: { metrics?: Metrics } = {}) {
  return [
    injectLambdaContext(logger, { resetKeys: true }),
    captureLambdaHandler(tracer, { captureResponse: false }),
    ...(options.metrics ? [logMetrics(options.metrics)] : []),
  ];
}
