/**
 * The nightly report job, invoked by EventBridge Scheduler at 00:30 Asia/Ho_Chi_Minh (and by the
 * twin's scheduler and `npm run report`). The schedule's input may carry `scheduledTime`
 * (`<aws.scheduler.scheduled-time>`), so a retried or late invocation still reports the right day;
 * `date` runs a given day, `fundIds` limits the funds.
 */
import middy from '@middy/core';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import * as z from 'zod';
import { nightlyReportDeps } from './nightly-deps';
import { metrics } from '../../shared/metrics';
import { logger, powertoolsMiddlewares } from '../../shared/observability';
import { isValidDate, reportDateFor } from '../../shared/reports/layout';
import type { NightlyRunResult } from '../../shared/usecases/nightly-report';
import * as clock from '../../shared/domain/clock';

const NightlyEvent = z
  .object({
    date: z.string().refine(isValidDate, { error: 'must be a date as YYYY-MM-DD' }).optional(),
    scheduledTime: z.iso.datetime({ offset: true }).optional(),
    fundIds: z.array(z.string().min(1)).optional(),
  })
  .loose();

/**
 * What the operators' alarms read (infra/constructs/operations.ts): per fund, the scopes whose
 * totals drifted from the journal (the `TotalsDrift` alarm fires above 0), and the funds whose
 * drift check could not run, which would otherwise hide drift behind a missing data point.
 */
export function publishDriftMetrics(result: NightlyRunResult): void {
  for (const { driftedScopes } of result.results) {
    if (driftedScopes === null) metrics.addMetric('TotalsDriftUnchecked', MetricUnit.Count, 1);
    else metrics.addMetric('TotalsDrift', MetricUnit.Count, driftedScopes);
  }
}

export async function runNightly(
  event: unknown,
  now = clock.now(),
  observe: (result: NightlyRunResult) => void = () => undefined,
): Promise<NightlyRunResult> {
  const input = NightlyEvent.parse(event ?? {});
  const date = input.date ?? reportDateFor(input.scheduledTime ? new Date(input.scheduledTime) : now);
  // The report's builders and renderers load with the night's run, not at init: a job that runs
  // once a night can pay for them then, and init stays within the budget (DESIGN §13).
  const { runNightlyReports } = await import('../../shared/usecases/nightly-report');
  const result = await runNightlyReports(nightlyReportDeps(), { date, fundIds: input.fundIds, now });
  observe(result);
  logger.info('nightly reports done', { date, published: result.results.length, failed: result.failures.length });
  if (result.failures.length) {
    logger.error('nightly reports failed', { date, failures: result.failures });
    // Fail the invocation so the scheduler retries and the alarm fires; the other funds are published.
    throw new Error(`Reports failed for ${result.failures.map((f) => `${f.fundId} (${f.error})`).join('; ')}`);
  }
  return result;
}

export const handler = middy<unknown, NightlyRunResult, Error, Context>()
  // Metrics are flushed after a failed run too: the funds that were published still report their drift.
  .use(powertoolsMiddlewares({ metrics }))
  .handler(async (event) => runNightly(event, clock.now(), publishDriftMetrics));
