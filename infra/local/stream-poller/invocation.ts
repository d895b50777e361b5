/** One invocation of the consumer's handler with a batch, and what its answer means to Lambda. */
import { randomUUID } from 'node:crypto';
import type { DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { lambdaContext } from '../lambda-context';
import { sequenceOf } from './lambda-record';
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
  constructor(
    private readonly consumer: StreamConsumer,
    private readonly handler: StreamHandler,
    private readonly functionName: string,
    private readonly stats: PollerStats,
    private readonly now: () => number,
  ) {}

  /** A thrown error fails the batch; without reportBatchItemFailures the answer is ignored, as Lambda does. */
  async invoke(batch: DynamoDBRecord[]): Promise<Outcome> {
    this.stats.invocations++;
    this.stats.recordsDelivered += batch.length;
    const context = lambdaContext({ functionName: this.functionName, requestId: randomUUID(), timeoutMs: 60_000, now: this.now });
    try {
      const response = await this.handler({ Records: batch }, context);
      const outcome = this.consumer.reportBatchItemFailures === false ? ({ kind: 'success' } as const) : interpret(batch, response);
      if (outcome.kind !== 'success') this.stats.failedInvocations++;
      return outcome;
    } catch (error) {
      this.stats.failedInvocations++;
      return { kind: 'failed', reason: (error as Error).message };
    }
  }
}
