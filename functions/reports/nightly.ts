/**
 * The nightly report job, invoked by EventBridge Scheduler at 00:30 Asia/Ho_Chi_Minh (and by the
 * twin's scheduler and `npm run report`). The schedule's input may carry `scheduledTime`
 * (`<aws.scheduler.scheduled-time>`), so a retried or late invocation still reports the right day;
 * `date` runs a given day, `fundIds` limits the funds.
 */
import middy from '@middy/core';
import { injectLambdaContext } from '@aws-lambda-powertools/logger/middleware';
import type { Context } from 'aws-lambda';
import { z } from 'zod';
import { nightlyReportDeps } from '../../shared/adapters/reports';
import { logger } from '../../shared/observability';
import { isValidDate, reportDateFor } from '../../shared/reports/layout';
import { runNightlyReports, type NightlyRunResult } from '../../shared/usecases/nightly-report';

const NightlyEvent = z
  .object({
    date: z.string().refine(isValidDate, { error: 'must be a date as YYYY-MM-DD' }).optional(),
    scheduledTime: z.iso.datetime({ offset: true }).optional(),
    fundIds: z.array(z.string().min(1)).optional(),
  })
  .loose();

export async function runNightly(event: unknown, now = new Date()): Promise<NightlyRunResult> {
  const input = NightlyEvent.parse(event ?? {});
  const date = input.date ?? reportDateFor(input.scheduledTime ? new Date(input.scheduledTime) : now);
  const result = await runNightlyReports(nightlyReportDeps(), { date, fundIds: input.fundIds });
  logger.info('nightly reports done', { date, published: result.results.length, failed: result.failures.length });
  if (result.failures.length) {
    logger.error('nightly reports failed', { date, failures: result.failures });
    // Fail the invocation so the scheduler retries and the alarm fires; the other funds are published.
    throw new Error(`Reports failed for ${result.failures.map((f) => `${f.fundId} (${f.error})`).join('; ')}`);
  }
  return result;
}

export const handler = middy<unknown, NightlyRunResult, Error, Context>()
  .use(injectLambdaContext(logger, { resetKeys: true }))
  .handler(async (event) => runNightly(event));
