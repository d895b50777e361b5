/**
 * Reads one shard from its checkpoint (AFTER_SEQUENCE_NUMBER, or TRIM_HORIZON without one) to
 * its end, handing batches to the retry policy and moving the checkpoint past what was handled
 * or filtered out. Expired iterators and trimmed records restart it from the checkpoint.
 */
import { GetRecordsCommand, GetShardIteratorCommand, type DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { Batcher } from './batcher';
import type { Checkpoint } from './checkpoint';
import { toLambdaRecord } from './lambda-record';
import type { RetryPolicy } from './retry-policy';
import type { PollerRun } from './run';

/** GetRecords returns at most 1,000 records a call. */
const GET_RECORDS_LIMIT = 1000;

export interface ShardReaderOptions {
  client: DynamoDBStreamsClient;
  streamArn: string;
  checkpoint: Checkpoint;
  retryPolicy: RetryPolicy;
  batcher: Batcher;
  run: PollerRun;
  /** How often an idle shard is polled. */
  pollIntervalMs: number;
  /** Ends the shard's tumbling window when it is over (`ended`: the shard is read to its end, which ends it now). */
  endWindow?: (shardId: string, ended: boolean) => Promise<unknown>;
  log: (line: string) => void;
}

export class ShardReader {
  /** The tick of the last poll that found the shard empty with nothing held: `drain()` reads it. */
  idleTick = 0;

  constructor(
    readonly shardId: string,
    private readonly options: ShardReaderOptions,
  ) {}

  async read(): Promise<void> {
    const { client, streamArn, checkpoint, retryPolicy, batcher, run, log } = this.options;
    const shardId = this.shardId;
    let iterator = await this.iterator();
    // The last record read at all, matching or not.
    let lastRead: string | undefined;
    while (!run.stopped) {
      await run.unpaused();
      if (run.stopped) return;
      if (!iterator) {
        for (const batch of batcher.takeAll()) if (!(await retryPolicy.deliver(shardId, batch))) return;
        await this.options.endWindow?.(shardId, true);
        checkpoint.advance(shardId, lastRead);
        checkpoint.close(shardId);
        log(`Shard ${shardId} read to its end`);
        return;
      }
      const tick = run.tick();
      let result;
      try {
        result = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: GET_RECORDS_LIMIT }));
      } catch (error) {
        if (run.stopped) return;
        const name = (error as Error).name;
        if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException') {
          // Start over from what is handled; what was held is read again.
          batcher.clear();
          lastRead = undefined;
          iterator = await this.iterator();
          continue;
        }
        if (name === 'ResourceNotFoundException') {
          iterator = undefined;
          continue;
        }
        log(`Shard ${shardId}: GetRecords failed (${(error as Error).message}); retrying`);
        await run.sleep(1000);
        continue;
      }
      iterator = result.NextShardIterator;
      const page = result.Records ?? [];
      // A full page means a backlog: read on before sending a part batch.
      const backlog = page.length >= GET_RECORDS_LIMIT;
      for (const raw of page) {
        const record = toLambdaRecord(raw, streamArn);
        lastRead = record.dynamodb?.SequenceNumber;
        batcher.add(record);
      }
      // A read already in flight when the poller was paused holds its records until it resumes.
      await run.unpaused();
      if (run.stopped) return;
      while (batcher.ready({ ended: !iterator, backlog })) {
        if (!(await retryPolicy.deliver(shardId, batcher.take()))) return;
      }
      if (batcher.size === 0) {
        // Records the filter dropped need no handler, but the checkpoint moves past them.
        checkpoint.advance(shardId, lastRead);
        // An idle shard's tumbling window ends once its time is over.
        if (page.length === 0) await this.options.endWindow?.(shardId, false);
        if (page.length === 0) this.idleTick = tick;
      }
      if (!backlog && (page.length === 0 || batcher.size > 0)) {
        await run.sleep(batcher.waitMs(this.options.pollIntervalMs));
      }
    }
  }

  private async iterator(): Promise<string | undefined> {
    const { client, streamArn, checkpoint, log } = this.options;
    const after = checkpoint.positionIn(this.shardId);
    try {
      const result = await client.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: this.shardId,
          ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
      return result.ShardIterator;
    } catch (error) {
      if ((error as Error).name === 'TrimmedDataAccessException' && after) {
        log(`Shard ${this.shardId}: records after ${after} have left the stream; resuming at TRIM_HORIZON`);
        checkpoint.forgetPosition(this.shardId);
        return this.iterator();
      }
      throw error;
    }
  }
}
