/**
 * Powertools metrics, one per function container. A module of its own, imported only by the
 * handlers that emit metrics (the totals consumer, the nightly job): the routes' bundles stay
 * without the class (11 KB). Flushed by `powertoolsMiddlewares({ metrics })` (./observability).
 */
import { Metrics } from '@aws-lambda-powertools/metrics';
import { serviceName } from './observability';

export const metrics = new Metrics({
  namespace: process.env.POWERTOOLS_METRICS_NAMESPACE ?? 'SoVang',
  serviceName,
});
