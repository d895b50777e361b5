/** One invocation of the consumer's handler with a batch, and what its answer means to Lambda. */
import { randomUUID } from 'node:crypto';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { lambdaContext } from '../lambda-context';
import { sequenceOf } from './lambda-record';
import { TumblingWindows } from './windows';
import type { PollerStats, StreamConsumer, StreamHandler } from './types';

export type Outcome = { kind: 'success' } | { kind: 'partial'; at: number; reason: string } | { kind: 'failed'; reason: string };

/**
 * An empty `batchItemFailures` is success; otherwise the batch resumes at the lowest failed
 * sequence number. An empty or unknown itemIdentifier fails the whole batch, as does a failure
 * of its first record.
 */
export function interpret(batch: DynamoDBRecord[], response: DynamoDBBatchResponse | void | undefined): Outcome {
  const failures = response?.batchItemFailures;
  if (!failures || failures.length === 0) return { kind: 'success' };
  let lowest = -1;
  for (const failure of failures) {
    const id = failure?.itemIdentifier;
    const index = id ? batch.findIndex((r) => r.dynamodb?.SequenceNumber === id) : -1;
    if (index === -1) return { kind: 'failed', reason: `batchItemFailures names ${JSON.stringify(id)}, which is not in the batch` };
    if (lowest === -1 || sequenceOf(batch[index]!) < sequenceOf(batch[lowest]!)) lowest = index;
  }
  return lowest === 0 ? { kind: 'failed', reason: 'the first record failed' } : { kind: 'partial', at: lowest, reason: `record ${lowest} failed` };
}

export class HandlerInvoker {
  /** The consumer's tumbling windows, when it has them: each event then names its shard and carries its window's state. */
  private readonly windows: TumblingWindows | undefined;

  constructor(
    private readonly consumer: StreamConsumer,
    private readonly handler: StreamHandler,
    private readonly functionName: string,
    private readonly stats: PollerStats,
    private readonly now: () => number,
    streamArn: string,
  ) {
    this.windows = consumer.tumblingWindowSeconds ? new TumblingWindows(consumer.tumblingWindowSeconds, streamArn) : undefined;
  }

  private context() {
    return lambdaContext({ functionName: this.functionName, requestId: randomUUID(), timeoutMs: 60_000, now: this.now });
  }

  /**
   * A thrown error fails the batch; without reportBatchItemFailures the answer is ignored, as
   * Lambda does. With a tumbling window, the window before the batch's is ended first, and an
   * answer without `state` is a failure.
   */
  async invoke(shardId: string, batch: DynamoDBRecord[]): Promise<Outcome> {
    if (this.windows && !(await this.endWindow(shardId, { batch }))) return { kind: 'failed', reason: 'the final invocation of the previous window failed' };
    this.stats.invocations++;
    this.stats.recordsDelivered += batch.length;
    try {
      const event = this.windows ? this.windows.event(shardId, batch) : { Records: batch };
      const response = await this.handler(event, this.context());
      if (this.windows && !response?.state) {
        this.stats.failedInvocations++;
        return { kind: 'failed', reason: 'the answer has no state, which a tumbling window requires' };
      }
      const outcome = this.consumer.reportBatchItemFailures === false ? ({ kind: 'success' } as const) : interpret(batch, response);
      if (outcome.kind !== 'success') this.stats.failedInvocations++;
      // What the records before a failure did is in the state; a failed batch keeps the state it had.
      if (this.windows && response?.state && outcome.kind !== 'failed') this.windows.keep(shardId, batch, response.state);
      return outcome;
    } catch (error) {
      this.stats.failedInvocations++;
      return { kind: 'failed', reason: (error as Error).message };
    }
  }

  /**
   * Ends the shard's window if it is over (a batch of a later window comes, or the clock passed its
   * end) with the final invocation; true unless that invocation failed, which holds the shard back.
   */
  async endWindow(shardId: string, next: { batch?: DynamoDBRecord[]; ended?: boolean } = {}): Promise<boolean> {
    const event = this.windows?.finalEvent(shardId, { ...next, nowSeconds: this.now() / 1000 });
    if (!event) return true;
    this.stats.invocations++;
    try {
      const response = await this.handler(event, this.context());
      if (!response?.state) throw new Error('the answer has no state');
      this.windows!.closed(shardId);
      return true;
    } catch {
      this.stats.failedInvocations++;
      return false;
    }
  }

  /** The window a record belongs to (all of a batch's records share one), when there are windows. */
  windowOf(record: DynamoDBRecord): number | undefined {
    return this.windows?.windowOf(record).start;
  }
}
