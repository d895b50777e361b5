/**
 * The twin's event source mapping: reads DynamoDB Local's stream and feeds a stream consumer's
 * handler the way Lambda's DynamoDB event source mapping does, with the settings declared in
 * shared/resources.ts. The parts, in ./stream-poller/:
 *
 * - shards.ts, supervisor.ts: DescribeStream, then one reader per shard; a child shard starts
 *   only once its parent is read to its end (or has left the stream), so records of one item
 *   stay in order;
 * - shard-reader.ts, checkpoint.ts: each shard is read from the poller's own checkpoint (last
 *   sequence number handled, per shard) in a file, so a restarted twin resumes with
 *   AFTER_SEQUENCE_NUMBER; without one it starts at TRIM_HORIZON;
 * - batcher.ts, filter.ts: the consumer's filter is applied before batching, as Lambda does; a
 *   batch is sent when it is full or when the batching window since its first record is over;
 * - invocation.ts: an empty `batchItemFailures` is success; otherwise the batch resumes at the
 *   lowest failed sequence number; an empty or unknown itemIdentifier, or a thrown error, fails
 *   the batch;
 * - retry-policy.ts, on-failure.ts: with bisect-on-error a failed batch is split in two (which,
 *   as in Lambda, uses up no retry attempt); a batch that cannot be split, or a partial failure,
 *   uses one attempt; after `retryAttempts`, or once a record is older than
 *   `maxRecordAgeSeconds`, the records go to the on-failure destination: locally a JSONL file,
 *   and a loud line in the log;
 * - lambda-record.ts: SDK stream records in the shape of Lambda's `DynamoDBRecord`.
 */
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { Batcher } from './stream-poller/batcher';
import { Checkpoint } from './stream-poller/checkpoint';
import { HandlerInvoker } from './stream-poller/invocation';
import { OnFailureDestination } from './stream-poller/on-failure';
import { RetryPolicy } from './stream-poller/retry-policy';
import { PollerRun } from './stream-poller/run';
import { ShardReader } from './stream-poller/shard-reader';
import { ShardSupervisor } from './stream-poller/supervisor';
import { emptyStats, type PollerStats, type StreamConsumer, type StreamHandler } from './stream-poller/types';

export { matchesFilter } from './stream-poller/filter';
export { toLambdaRecord } from './stream-poller/lambda-record';
export type { PollerStats, StreamConsumer, StreamHandler } from './stream-poller/types';

export interface StreamPollerOptions {
  endpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  streamArn: string;
  consumer: StreamConsumer;
  /** Project root, to load `consumer.entry`; or pass the handler itself. */
  root?: string;
  handler?: StreamHandler;
  /** Where the checkpoint lives across restarts; without it the poller starts at TRIM_HORIZON every time. */
  checkpointFile?: string;
  /** The on-failure destination: discarded batches are appended here, one JSON document a line. */
  failureFile: string;
  /** How often an idle shard is polled; Lambda polls about four times a second. */
  pollIntervalMs?: number;
  /** Overrides `consumer.maxBatchingWindowSeconds`. */
  batchingWindowMs?: number;
  describeIntervalMs?: number;
  /** Pause before a retry; Lambda retries at once, a short pause keeps a failing twin readable. */
  retryDelayMs?: number;
  log?: (line: string) => void;
  /** Where a discarded batch is announced; by default on stderr, whatever `log` does. */
  alert?: (line: string) => void;
  now?: () => number;
}

export interface StreamPoller {
  /** Resolves once every shard has been read to its current end and every record handled. */
  drain(timeoutMs?: number): Promise<void>;
  /**
   * Stops reading the stream until `resume`; records wait in the stream as behind a throttled
   * consumer. The ingest benchmark measures the pledge path without the consumer beside it.
   */
  pause(): void;
  resume(): void;
  stop(): Promise<void>;
  stats(): PollerStats;
}

export async function startStreamPoller(options: StreamPollerOptions): Promise<StreamPoller> {
  const { consumer, streamArn } = options;
  if ((consumer.startingPosition ?? 'TRIM_HORIZON') !== 'TRIM_HORIZON') {
    throw new Error(`The local event source starts only at TRIM_HORIZON, not ${consumer.startingPosition}`);
  }
  const log = options.log ?? (() => undefined);
  const now = options.now ?? Date.now;
  const pollIntervalMs = options.pollIntervalMs ?? 250;
  const windowMs = options.batchingWindowMs ?? consumer.maxBatchingWindowSeconds * 1000;
  const functionName = `Consumer${consumer.id}`;
  const handler: StreamHandler =
    options.handler ?? ((await import(pathToFileURL(resolve(options.root ?? process.cwd(), consumer.entry)).href)).handler as StreamHandler);
  const client = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: options.region, credentials: options.credentials, maxAttempts: 3 });

  const run = new PollerRun();
  const stats = emptyStats();
  const checkpoint = Checkpoint.load(options.checkpointFile, streamArn, log);
  const invoker = new HandlerInvoker(consumer, handler, functionName, stats, now, streamArn);
  const retryPolicy = new RetryPolicy({
    consumer,
    invoke: (shardId, batch) => invoker.invoke(shardId, batch),
    onFailure: new OnFailureDestination({
      file: options.failureFile,
      functionName,
      streamArn,
      now,
      log,
      alert: options.alert ?? ((text: string) => console.error(`[twin] ${text}`)),
    }),
    checkpoint,
    run,
    stats,
    now,
    retryDelayMs: options.retryDelayMs ?? 100,
  });
  const supervisor = new ShardSupervisor({
    client,
    streamArn,
    checkpoint,
    run,
    stats,
    describeIntervalMs: options.describeIntervalMs ?? 1000,
    log,
    newReader: (shardId) =>
      new ShardReader(shardId, {
        client,
        streamArn,
        checkpoint,
        retryPolicy,
        batcher: new Batcher(consumer, windowMs, stats, now, (record) => invoker.windowOf(record)),
        run,
        pollIntervalMs,
        log,
        endWindow: (id, ended) => invoker.endWindow(id, ended ? { ended: true } : {}),
      }),
  });

  log(`Stream poller for ${functionName}: ${streamArn} (batch ${consumer.batchSize}, window ${windowMs} ms)`);
  const supervising = supervisor.supervise();

  return {
    stats: () => ({ ...stats }),

    pause: () => run.pause(),
    resume: () => run.resume(),

    async drain(timeoutMs = 30_000) {
      // A paused poller never catches up.
      run.resume();
      const target = run.tick();
      const deadline = Date.now() + timeoutMs;
      run.wakeAll();
      for (;;) {
        if (supervisor.caughtUp(target)) return;
        if (run.stopped) throw new Error('The stream poller was stopped');
        if (Date.now() > deadline) {
          const lastError = supervisor.lastError;
          throw new Error(`The stream poller did not catch up within ${timeoutMs} ms (${JSON.stringify(stats)}${lastError ? `; last error: ${lastError}` : ''})`);
        }
        await new Promise((r) => setTimeout(r, 20));
        run.wakeAll();
      }
    },

    async stop() {
      if (run.stopped) return;
      run.stopped = true;
      run.resume();
      await supervising;
      await supervisor.readersDone();
      checkpoint.save();
      client.destroy();
    },
  };
}
