/**
 * Keeps one reader running per readable shard: describes the stream every `describeIntervalMs`,
 * starts readers in lineage order, restarts a failed one from the checkpoint at the next
 * describe, and tells `drain()` whether every open shard has been read to its current end.
 */
import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { Checkpoint } from './checkpoint';
import type { PollerRun } from './run';
import type { ShardReader } from './shard-reader';
import { describeShards, planShards } from './shards';
import type { PollerStats } from './types';

export interface SupervisorOptions {
  client: DynamoDBStreamsClient;
  streamArn: string;
  checkpoint: Checkpoint;
  run: PollerRun;
  stats: PollerStats;
  describeIntervalMs: number;
  newReader: (shardId: string) => ShardReader;
  log: (line: string) => void;
}

export class ShardSupervisor {
  private readonly readers = new Map<string, { reader: ShardReader; done: Promise<void> }>();
  private describedTick = 0;
  private describedOpen = new Set<string>();
  /** The last failure of a reader or of DescribeStream, for a drain that times out. */
  lastError: string | undefined;

  constructor(private readonly options: SupervisorOptions) {}

  /** Runs until the poller stops. */
  async supervise(): Promise<void> {
    const { client, streamArn, checkpoint, run, stats, log } = this.options;
    while (!run.stopped) {
      const tick = run.tick();
      try {
        const plan = planShards(await describeShards(client, streamArn), (id) => checkpoint.isClosed(id));
        for (const id of plan.readable) if (!this.readers.has(id)) this.start(id);
        this.describedOpen = plan.open;
        this.describedTick = tick;
        stats.shards = plan.known.size;
      } catch (error) {
        if (run.stopped) return;
        this.lastError = `DescribeStream: ${(error as Error).message}`;
        log(`DescribeStream failed (${(error as Error).message}); retrying`);
      }
      await run.sleep(this.options.describeIntervalMs);
    }
  }

  /** Whether the stream was described, and every open shard polled empty, after tick `target`. */
  caughtUp(target: number): boolean {
    return (
      this.describedTick > target &&
      [...this.describedOpen].every((id) => {
        const running = this.readers.get(id);
        // An open shard without a reader is waiting for its parent, which is itself not idle.
        return running ? running.reader.idleTick > target : this.options.checkpoint.isClosed(id);
      })
    );
  }

  /** Resolves once every reader has returned (after the poller stopped). */
  async readersDone(): Promise<void> {
    await Promise.all([...this.readers.values()].map((r) => r.done));
  }

  private start(shardId: string): void {
    const { run, log } = this.options;
    const reader = this.options.newReader(shardId);
    const done = reader
      .read()
      .catch((error: Error) => {
        if (run.stopped) return;
        // The next DescribeStream starts a new reader from the checkpoint.
        this.lastError = `shard ${shardId}: ${error.message}`;
        log(`Shard ${shardId}: reader failed (${error.message}); restarting from the checkpoint`);
      })
      .finally(() => this.readers.delete(shardId));
    this.readers.set(shardId, { reader, done });
  }
}
