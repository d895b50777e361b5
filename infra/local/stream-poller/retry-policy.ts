/**
 * Lambda's error handling for a stream batch: with bisect-on-error a failed batch is split in
 * two (which, as in Lambda, uses up no retry attempt); a batch that cannot be split, or a
 * partial failure, uses one attempt; after `retryAttempts`, or once a record is older than
 * `maxRecordAgeSeconds`, the records go to the on-failure destination. Records handled or given
 * up on are complete: the checkpoint moves past them.
 */
import type { DynamoDBRecord } from 'aws-lambda';
import type { Checkpoint } from './checkpoint';
import type { Outcome } from './invocation';
import type { DiscardCondition, OnFailureDestination } from './on-failure';
import type { PollerRun } from './run';
import type { PollerStats, StreamConsumer } from './types';

export interface RetryPolicyOptions {
  consumer: StreamConsumer;
  invoke: (shardId: string, batch: DynamoDBRecord[]) => Promise<Outcome>;
  onFailure: OnFailureDestination;
  checkpoint: Checkpoint;
  run: PollerRun;
  stats: PollerStats;
  now: () => number;
  /** Pause before a retry; Lambda retries at once, a short pause keeps a failing twin readable. */
  retryDelayMs: number;
}

export class RetryPolicy {
  constructor(private readonly options: RetryPolicyOptions) {}

  /** Runs one batch to its end with Lambda's retry semantics; false if the poller stopped first. */
  async deliver(shardId: string, records: DynamoDBRecord[]): Promise<boolean> {
    const { consumer, run, now } = this.options;
    const queue: DynamoDBRecord[][] = [records];
    let attempts = 0;
    while (queue.length) {
      if (run.stopped) return false;
      let batch = queue[0]!;
      const oldestAllowed = now() / 1000 - consumer.maxRecordAgeSeconds;
      const firstFresh = batch.findIndex((r) => (r.dynamodb?.ApproximateCreationDateTime ?? Infinity) >= oldestAllowed);
      if (firstFresh !== 0) {
        const old = firstFresh === -1 ? batch : batch.slice(0, firstFresh);
        this.discard(shardId, old, 'RecordAgeExceeded', `older than ${consumer.maxRecordAgeSeconds} s`, attempts);
        this.complete(shardId, old);
        batch = batch.slice(old.length);
        if (batch.length === 0) {
          queue.shift();
          continue;
        }
        queue[0] = batch;
      }
      const outcome = await this.options.invoke(shardId, batch);
      if (outcome.kind === 'success') {
        queue.shift();
        attempts = 0;
        this.complete(shardId, batch);
        continue;
      }
      if (outcome.kind === 'partial') {
        this.complete(shardId, batch.slice(0, outcome.at));
        // Bisect or not, Lambda goes on with the records from the failed one.
        queue[0] = batch.slice(outcome.at);
        attempts = 1;
      } else if (consumer.bisectBatchOnError && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        queue.splice(0, 1, batch.slice(0, half), batch.slice(half));
        this.options.stats.bisections++;
        continue;
      } else {
        attempts++;
      }
      if (attempts > consumer.retryAttempts) {
        this.discard(shardId, queue[0]!, 'RetryAttemptsExhausted', outcome.reason, attempts);
        this.complete(shardId, queue.shift()!);
        attempts = 0;
        continue;
      }
      await run.sleep(Math.min(2000, this.options.retryDelayMs * attempts));
    }
    return true;
  }

  private discard(shardId: string, batch: DynamoDBRecord[], condition: DiscardCondition, reason: string, attempts: number): void {
    this.options.onFailure.send(shardId, batch, condition, reason, attempts);
    this.options.stats.discarded += batch.length;
  }

  private complete(shardId: string, records: DynamoDBRecord[]): void {
    if (records.length === 0) return;
    this.options.stats.recordsCompleted += records.length;
    this.options.checkpoint.advance(shardId, records[records.length - 1]!.dynamodb?.SequenceNumber);
  }
}
