/**
 * A Powertools batch processor for DynamoDB streams whose records must be handled in order and
 * as a whole batch (the totals sum a batch before writing it).
 *
 * Powertools' BatchProcessor handles each record on its own, in parallel by default, and reports
 * exactly the records that failed. On a stream, Lambda resumes from the lowest reported sequence
 * number, so a record after a failed one that "succeeded" is delivered again anyway; reporting it
 * as a success only hides that. This processor parses records in order, stops at the first one it
 * cannot read, hands the readable prefix to `applyInOrder`, and reports the first record that is
 * not done and every record after it as failed. A batch that fails entirely throws
 * FullBatchFailureError, as Powertools does, so Lambda bisects it.
 */
import { BasePartialBatchProcessor, BatchProcessingError, EventType } from '@aws-lambda-powertools/batch';
import type { FailureResponse, SuccessResponse } from '@aws-lambda-powertools/batch/types';
import type { DynamoDBRecord } from 'aws-lambda';

export interface OrderedOutcome {
  /** How many leading values are done (applied now, or before). */
  doneCount: number;
  /** Why the value at `doneCount` is not done; required when doneCount < values.length. */
  error?: Error;
}

export type ApplyInOrder<T> = (values: T[]) => Promise<OrderedOutcome>;

/** Reported for the records after the first failure: they were not attempted. */
export class SkippedAfterFailureError extends Error {
  constructor(readonly firstFailedSequenceNumber: string | undefined) {
    super(`Not processed: an earlier record (sequence ${firstFailedSequenceNumber}) failed, and stream records are handled in order`);
    this.name = 'SkippedAfterFailureError';
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

export class OrderedStreamBatchProcessor<T> extends BasePartialBatchProcessor {
  constructor(private readonly applyInOrder: ApplyInOrder<T>) {
    super(EventType.DynamoDBStreams);
  }

  override async process(): Promise<(SuccessResponse | FailureResponse)[]> {
    this.prepare();
    const records = this.records as unknown as DynamoDBRecord[];
    const values: T[] = [];
    let stop: { index: number; error: Error } | undefined;
    for (const [index, record] of records.entries()) {
      try {
        values.push((await this.handler(record, this.options?.context)) as T);
      } catch (error) {
        stop = { index, error: asError(error) };
        break;
      }
    }

    let outcome: OrderedOutcome;
    try {
      outcome = values.length ? await this.applyInOrder(values) : { doneCount: 0 };
    } catch (error) {
      outcome = { doneCount: 0, error: asError(error) };
    }
    let firstFailed = records.length;
    let cause: Error | undefined;
    if (outcome.doneCount < values.length) {
      firstFailed = outcome.doneCount;
      cause = outcome.error ?? new BatchProcessingError('Record not applied');
    } else if (stop) {
      firstFailed = stop.index;
      cause = stop.error;
    }

    const results: (SuccessResponse | FailureResponse)[] = [];
    const firstSequence = records[firstFailed]?.dynamodb?.SequenceNumber;
    for (const [index, record] of records.entries()) {
      if (index < firstFailed) results.push(this.successHandler(record, values[index]));
      else results.push(this.failureHandler(record, index === firstFailed ? cause! : new SkippedAfterFailureError(firstSequence)));
    }
    this.clean();
    return results;
  }

  /* v8 ignore next 3 -- records are never handled one by one here */
  async processRecord(): Promise<SuccessResponse | FailureResponse> {
    throw new BatchProcessingError('OrderedStreamBatchProcessor handles the batch as a whole; use process()');
  }

  processRecordSync(): SuccessResponse | FailureResponse {
    throw new BatchProcessingError('OrderedStreamBatchProcessor is asynchronous; use processPartialResponse()');
  }
}
