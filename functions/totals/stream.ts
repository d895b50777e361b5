/**
 * The totals consumer: the ledger table's stream, filtered to journal inserts (shared/resources.ts),
 * applied to the sharded counters exactly once. Reports partial batch failures in stream order.
 */
import middy from '@middy/core';
import { processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import { counters } from '../../shared/adapters/dynamo';
import type { JournalEntry } from '../../shared/domain/journal';
import { metrics } from '../../shared/metrics';
import { logger, powertoolsMiddlewares } from '../../shared/observability';
import { journalEntryOf } from '../../shared/stream/journal-record';
import { OrderedStreamBatchProcessor } from '../../shared/stream/ordered-batch-processor';
import { applyJournalBatch } from '../../shared/usecases/totals';

/** A chunk can take seconds when DynamoDB throttles; stopping early beats a timeout that fails the whole batch. */
const MIN_TIME_FOR_A_CHUNK_MS = 10_000;

async function applyInOrder(values: (JournalEntry | null)[], context: Context) {
  const outcome = await applyJournalBatch(counters, values, { enoughTime: () => context.getRemainingTimeInMillis() > MIN_TIME_FOR_A_CHUNK_MS });
  const { report } = outcome;
  metrics.addMetric('JournalEntriesApplied', MetricUnit.Count, report.applied.length);
  metrics.addMetric('JournalEntriesAlreadyApplied', MetricUnit.Count, report.alreadyApplied.length);
  metrics.addMetric('TotalsCounterWrites', MetricUnit.Count, report.counterWrites);
  metrics.addMetric('TotalsTransactions', MetricUnit.Count, report.transactions);
  if (outcome.error) {
    metrics.addMetric('TotalsBatchFailures', MetricUnit.Count, 1);
    logger.error('totals batch not fully applied; the stream resumes at the first entry not applied', {
      error: outcome.error,
      records: values.length,
      done: outcome.doneCount,
      applied: report.applied.length,
    });
  } else {
    logger.debug('totals batch applied', { records: values.length, ...report, applied: report.applied.length, alreadyApplied: report.alreadyApplied.length });
  }
  return outcome;
}

export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>()
  .use(powertoolsMiddlewares({ metrics }))
  // A processor per invocation: it holds the batch's state, and the twin may run two shards at once.
  .handler(async (event, context) => {
    metrics.addMetric('StreamRecords', MetricUnit.Count, event.Records.length);
    return processPartialResponse(event, journalEntryOf, new OrderedStreamBatchProcessor<JournalEntry | null>((values) => applyInOrder(values, context)), { context });
  });
