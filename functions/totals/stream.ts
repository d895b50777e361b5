/**
 * The totals consumer: the ledger table's stream, filtered to journal inserts (shared/resources.ts),
 * applied to the sharded counters exactly once, per stream shard after its checkpoint (DESIGN §6).
 * The event source has a tumbling window, so each event names its shard; the window's state
 * carries the checkpoint this shard reached, a hint that spares the next invocation a read.
 * Reports partial batch failures in stream order.
 */
import middy from '@middy/core';
import { processPartialResponse } from '@aws-lambda-powertools/batch';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Context } from 'aws-lambda';
import { counters } from '../../shared/adapters/dynamo';
import type { JournalEntry } from '../../shared/domain/journal';
import type { SequencedEntry } from '../../shared/domain/totals';
import { SoVangError } from '../../shared/errors';
import { metrics } from '../../shared/metrics';
import { logger, powertoolsMiddlewares } from '../../shared/observability';
import { sequencedJournalEntryOf } from '../../shared/stream/journal-record';
import { OrderedStreamBatchProcessor } from '../../shared/stream/ordered-batch-processor';
import type { DynamoDBTumblingWindowEvent, DynamoDBTumblingWindowResponse, WindowState } from '../../shared/stream/tumbling-window';
import type { StreamShard } from '../../shared/usecases/ports';
import { applyJournalBatch, type BatchOutcome, type StreamCounters } from '../../shared/usecases/totals-stream';

/** A chunk can take seconds when DynamoDB throttles; stopping early beats a timeout that fails the whole batch. */
const MIN_TIME_FOR_A_CHUNK_MS = 10_000;

function shardOf(event: DynamoDBTumblingWindowEvent): StreamShard {
  const stream = event.eventSourceARN ?? event.Records[0]?.eventSourceARN;
  if (!event.shardId || !stream) {
    // Without them there is no checkpoint to keep: the mapping lost its tumbling window.
    throw new SoVangError('The stream event names no shard: the event source mapping needs its tumbling window (shared/resources.ts)');
  }
  return { stream, shardId: event.shardId };
}

function record(outcome: BatchOutcome, records: number): void {
  const { report } = outcome;
  metrics.addMetric('JournalEntriesApplied', MetricUnit.Count, report.applied.length);
  metrics.addMetric('JournalEntriesAlreadyApplied', MetricUnit.Count, report.skipped);
  metrics.addMetric('TotalsCounterWrites', MetricUnit.Count, report.counterWrites);
  metrics.addMetric('TotalsTransactions', MetricUnit.Count, report.transactions);
  if (outcome.error) {
    metrics.addMetric('TotalsBatchFailures', MetricUnit.Count, 1);
    logger.error('totals batch not fully applied; the stream resumes at the first record not applied', {
      error: outcome.error,
      records,
      done: outcome.doneCount,
      applied: report.applied.length,
    });
  } else {
    logger.debug('totals batch applied', { records, ...report, applied: report.applied.length });
  }
}

/** The handler over a counter store: DynamoDB's in the function, the in-memory one in the simulation's fast runs. */
export const totalsStreamHandler = (counters: Pick<StreamCounters, 'checkpoint' | 'applyChunk'>) =>
  middy<DynamoDBTumblingWindowEvent, DynamoDBTumblingWindowResponse, Error, Context>()
    .use(powertoolsMiddlewares({ metrics }))
    .handler(async (event, context) => {
      metrics.addMetric('StreamRecords', MetricUnit.Count, event.Records.length);
      // The window's last invocation: nothing to apply, and the state ends with the window.
      if (event.isFinalInvokeForWindow && event.Records.length === 0) return { state: {}, batchItemFailures: [] };
      const shard = shardOf(event);
      let checkpoint = event.state?.checkpoint;
      // A processor per invocation: it holds the batch's state, and the twin may run two shards at once.
      const processor = new OrderedStreamBatchProcessor<SequencedEntry<JournalEntry>>(async (values) => {
        const outcome = await applyJournalBatch(counters, shard, values, {
          checkpoint,
          enoughTime: () => context.getRemainingTimeInMillis() > MIN_TIME_FOR_A_CHUNK_MS,
        });
        record(outcome, values.length);
        checkpoint = outcome.report.checkpoint ?? checkpoint;
        return outcome;
      });
      const response = await processPartialResponse(event, sequencedJournalEntryOf, processor, { context });
      const state: WindowState = !event.isFinalInvokeForWindow && checkpoint ? { checkpoint } : {};
      return { batchItemFailures: response.batchItemFailures, state };
    });

export const handler = totalsStreamHandler(counters);
