/**
 * The twin's event source mapping: reads DynamoDB Local's stream and feeds a stream consumer's
 * handler the way Lambda's DynamoDB event source mapping does, with the settings declared in
 * shared/resources.ts:
 *
 * - shards: DescribeStream, then one reader per shard; a child shard starts only once its parent
 *   is read to its end (or has left the stream), so records of one item stay in order;
 * - position: its own checkpoint (last sequence number handled, per shard) in a file, so a
 *   restarted twin resumes with AFTER_SEQUENCE_NUMBER; without one it starts at TRIM_HORIZON;
 * - the consumer's filter is applied before batching, as Lambda does;
 * - a batch is sent when it is full or when the batching window since its first record is over;
 * - results: an empty `batchItemFailures` is success; otherwise the batch resumes at the lowest
 *   failed sequence number; an empty or unknown itemIdentifier, or a thrown error, fails the batch;
 * - errors: with bisect-on-error a failed batch is split in two (which, as in Lambda, uses up no
 *   retry attempt); a batch that cannot be split, or a partial failure, uses one attempt; after
 *   `retryAttempts`, or once a record is older than `maxRecordAgeSeconds`, the records go to the
 *   on-failure destination: locally a JSONL file, and a loud line in the log.
 */
import { appendFileSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import {
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type _Record as SdkRecord,
  type AttributeValue as SdkAttributeValue,
  type Shard,
} from '@aws-sdk/client-dynamodb-streams';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { streamConsumers } from '../../shared/resources';
import { lambdaContext } from './lambda-context';

/** The settings of a stream consumer in shared/resources.ts that the event source applies. */
export interface StreamConsumer {
  id: string;
  entry: string;
  filter: object;
  batchSize: number;
  maxBatchingWindowSeconds: number;
  bisectBatchOnError: boolean;
  retryAttempts: number;
  maxRecordAgeSeconds: number;
  /** Without it Lambda ignores what the handler returns: only a thrown error fails a batch. */
  reportBatchItemFailures?: boolean;
  startingPosition?: 'TRIM_HORIZON' | 'LATEST';
}
type Declared = (typeof streamConsumers)[number];
// Fails to compile if shared/resources.ts stops declaring what the local event source needs.
const _declaredFits: StreamConsumer = {} as Declared;
export type StreamHandler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse | void | undefined>;

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

export interface PollerStats {
  invocations: number;
  /** Records handed to the handler, counting every redelivery. */
  recordsDelivered: number;
  /** Records the consumer has finished with (handled, or sent to the on-failure destination). */
  recordsCompleted: number;
  recordsFiltered: number;
  failedInvocations: number;
  bisections: number;
  discarded: number;
  shards: number;
}

export interface StreamPoller {
  /** Resolves once every shard has been read to its current end and every record handled. */
  drain(timeoutMs?: number): Promise<void>;
  stop(): Promise<void>;
  stats(): PollerStats;
}

interface Checkpoint {
  version: 1;
  streamArn: string;
  shards: Record<string, { sequenceNumber?: string; closed?: boolean }>;
}

// ---------------------------------------------------------------- event filtering

type FilterPattern = { [key: string]: FilterPattern | readonly unknown[] };

function matchesValue(rule: unknown, value: unknown): boolean {
  if (rule === null || typeof rule !== 'object') return value === rule;
  const [operator, operand] = Object.entries(rule as Record<string, unknown>)[0] ?? [];
  switch (operator) {
    case 'exists':
      return operand ? value !== undefined : value === undefined;
    case 'prefix':
      return typeof value === 'string' && value.startsWith(String(operand));
    case 'anything-but':
      return value !== undefined && !(Array.isArray(operand) ? operand : [operand]).includes(value);
    default:
      throw new Error(`The local event source does not know the filter operator "${operator}"`);
  }
}

/** Lambda's filter rule syntax, as far as the twin's consumers use it: values, exists, prefix, anything-but. */
export function matchesFilter(pattern: FilterPattern, record: unknown): boolean {
  for (const [key, rule] of Object.entries(pattern)) {
    const value = (record as Record<string, unknown> | undefined)?.[key];
    if (Array.isArray(rule)) {
      const values = Array.isArray(value) ? value : [value];
      if (!rule.some((r) => values.some((v) => matchesValue(r, v)))) return false;
    } else if (!matchesFilter(rule as FilterPattern, value)) {
      return false;
    }
  }
  return true;
}

// ---------------------------------------------------------------- record shape

/** Lambda's events carry binary attributes as base64 and times as epoch seconds. */
function toEventAttribute(value: SdkAttributeValue): Record<string, unknown> {
  // The SDK reads an empty map ({"M": {}}) back as {}; an attribute value always has one member.
  if (Object.keys(value).length === 0) return { M: {} };
  if (value.B !== undefined) return { B: Buffer.from(value.B).toString('base64') };
  if (value.BS !== undefined) return { BS: value.BS.map((b) => Buffer.from(b).toString('base64')) };
  if (value.M !== undefined) return { M: toEventImage(value.M) };
  if (value.L !== undefined) return { L: value.L.map(toEventAttribute) };
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined));
}

function toEventImage(image: Record<string, SdkAttributeValue> | undefined) {
  return image && Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toEventAttribute(value)]));
}

export function toLambdaRecord(record: SdkRecord, streamArn: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  return {
    eventID: record.eventID,
    eventName: record.eventName as DynamoDBRecord['eventName'],
    eventVersion: record.eventVersion,
    eventSource: 'aws:dynamodb',
    awsRegion: record.awsRegion,
    dynamodb: {
      ApproximateCreationDateTime: d.ApproximateCreationDateTime ? Math.floor(new Date(d.ApproximateCreationDateTime).getTime() / 1000) : undefined,
      Keys: toEventImage(d.Keys) as never,
      NewImage: toEventImage(d.NewImage) as never,
      OldImage: toEventImage(d.OldImage) as never,
      SequenceNumber: d.SequenceNumber,
      SizeBytes: d.SizeBytes,
      StreamViewType: d.StreamViewType as never,
    },
    eventSourceARN: streamArn,
  };
}

const seq = (record: DynamoDBRecord) => BigInt(record.dynamodb?.SequenceNumber ?? '0');

/** GetRecords returns at most 1,000 records a call. */
const GET_RECORDS_LIMIT = 1000;

// ---------------------------------------------------------------- the poller

type Outcome = { kind: 'success' } | { kind: 'partial'; at: number; reason: string } | { kind: 'failed'; reason: string };

function interpret(batch: DynamoDBRecord[], response: DynamoDBBatchResponse | void | undefined): Outcome {
  const failures = response?.batchItemFailures;
  if (!failures || failures.length === 0) return { kind: 'success' };
  let lowest = -1;
  for (const failure of failures) {
    const id = failure?.itemIdentifier;
    const index = id ? batch.findIndex((r) => r.dynamodb?.SequenceNumber === id) : -1;
    if (index === -1) return { kind: 'failed', reason: `batchItemFailures names ${JSON.stringify(id)}, which is not in the batch` };
    if (lowest === -1 || seq(batch[index]!) < seq(batch[lowest]!)) lowest = index;
  }
  return lowest === 0 ? { kind: 'failed', reason: 'the first record failed' } : { kind: 'partial', at: lowest, reason: `record ${lowest} failed` };
}

class Sleeper {
  private wakers = new Set<() => void>();
  sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wakers.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wakers.add(done);
    });
  }
  wakeAll(): void {
    for (const wake of [...this.wakers]) wake();
  }
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
  const describeIntervalMs = options.describeIntervalMs ?? 1000;
  const retryDelayMs = options.retryDelayMs ?? 100;
  const functionName = `Consumer${consumer.id}`;
  const handler: StreamHandler =
    options.handler ?? ((await import(pathToFileURL(resolve(options.root ?? process.cwd(), consumer.entry)).href)).handler as StreamHandler);
  const client = new DynamoDBStreamsClient({ endpoint: options.endpoint, region: options.region, credentials: options.credentials, maxAttempts: 3 });

  const checkpoint = loadCheckpoint();
  const stats: PollerStats = { invocations: 0, recordsDelivered: 0, recordsCompleted: 0, recordsFiltered: 0, failedInvocations: 0, bisections: 0, discarded: 0, shards: 0 };
  const sleeper = new Sleeper();
  const workers = new Map<string, { idleTick: number; done: Promise<void> }>();
  let clock = 0;
  let describedTick = 0;
  let describedOpen = new Set<string>();
  let stopped = false;
  let lastError: string | undefined;

  function loadCheckpoint(): Checkpoint {
    if (options.checkpointFile) {
      try {
        const saved = JSON.parse(readFileSync(options.checkpointFile, 'utf8')) as Checkpoint;
        if (saved.version === 1 && saved.streamArn === streamArn) return saved;
        log(`Stream checkpoint is for another stream (${saved.streamArn}); starting at TRIM_HORIZON`);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') log(`Stream checkpoint unreadable (${(error as Error).message}); starting at TRIM_HORIZON`);
      }
    }
    return { version: 1, streamArn, shards: {} };
  }

  function saveCheckpoint(): void {
    if (!options.checkpointFile) return;
    mkdirSync(dirname(options.checkpointFile), { recursive: true });
    const temporary = `${options.checkpointFile}.${process.pid}.tmp`;
    writeFileSync(temporary, JSON.stringify(checkpoint, null, 2));
    renameSync(temporary, options.checkpointFile);
  }

  function advance(shardId: string, sequenceNumber: string | undefined): void {
    if (!sequenceNumber) return;
    const state = (checkpoint.shards[shardId] ??= {});
    if (state.sequenceNumber && BigInt(state.sequenceNumber) >= BigInt(sequenceNumber)) return;
    state.sequenceNumber = sequenceNumber;
    saveCheckpoint();
  }

  function discard(shardId: string, batch: DynamoDBRecord[], condition: string, reason: string, attempts: number): void {
    const first = batch[0]!.dynamodb!;
    const last = batch[batch.length - 1]!.dynamodb!;
    const document = {
      requestContext: { requestId: randomUUID(), functionArn: `arn:aws:lambda:local:000000000000:function:${functionName}`, condition, approximateInvokeCount: attempts },
      responseContext: { statusCode: 200, executedVersion: '$LATEST', functionError: 'Unhandled' },
      version: '1.0',
      timestamp: new Date(now()).toISOString(),
      DDBStreamBatchInfo: {
        shardId,
        startSequenceNumber: first.SequenceNumber,
        endSequenceNumber: last.SequenceNumber,
        approximateArrivalOfFirstRecord: new Date((first.ApproximateCreationDateTime ?? 0) * 1000).toISOString(),
        approximateArrivalOfLastRecord: new Date((last.ApproximateCreationDateTime ?? 0) * 1000).toISOString(),
        batchSize: batch.length,
        streamArn,
      },
      // Lambda sends only the metadata above; locally the records themselves help the replay.
      reason,
      records: batch,
    };
    mkdirSync(dirname(options.failureFile), { recursive: true });
    appendFileSync(options.failureFile, `${JSON.stringify(document)}\n`);
    stats.discarded += batch.length;
    const line =
      `!!! ${functionName}: gave up on ${batch.length} stream record(s) ${first.SequenceNumber}…${last.SequenceNumber} (${condition}: ${reason}). ` +
      `The totals are missing them until they are replayed. Details: ${options.failureFile}`;
    log(line);
    (options.alert ?? ((text: string) => console.error(`[twin] ${text}`)))(line);
  }

  async function invoke(batch: DynamoDBRecord[]): Promise<Outcome> {
    stats.invocations++;
    stats.recordsDelivered += batch.length;
    const requestId = randomUUID();
    const context = lambdaContext({ functionName, requestId, timeoutMs: 60_000, now });
    try {
      const response = await handler({ Records: batch }, context);
      const outcome = consumer.reportBatchItemFailures === false ? ({ kind: 'success' } as const) : interpret(batch, response);
      if (outcome.kind !== 'success') stats.failedInvocations++;
      return outcome;
    } catch (error) {
      stats.failedInvocations++;
      return { kind: 'failed', reason: (error as Error).message };
    }
  }

  /** Runs one batch to its end with Lambda's retry semantics; false if the poller stopped first. */
  async function deliver(shardId: string, records: DynamoDBRecord[]): Promise<boolean> {
    const queue: DynamoDBRecord[][] = [records];
    let attempts = 0;
    while (queue.length) {
      if (stopped) return false;
      let batch = queue[0]!;
      const oldestAllowed = now() / 1000 - consumer.maxRecordAgeSeconds;
      const firstFresh = batch.findIndex((r) => (r.dynamodb?.ApproximateCreationDateTime ?? Infinity) >= oldestAllowed);
      if (firstFresh !== 0) {
        const old = firstFresh === -1 ? batch : batch.slice(0, firstFresh);
        discard(shardId, old, 'RecordAgeExceeded', `older than ${consumer.maxRecordAgeSeconds} s`, attempts);
        finish(shardId, old);
        batch = batch.slice(old.length);
        if (batch.length === 0) {
          queue.shift();
          continue;
        }
        queue[0] = batch;
      }
      const outcome = await invoke(batch);
      if (outcome.kind === 'success') {
        queue.shift();
        attempts = 0;
        finish(shardId, batch);
        continue;
      }
      if (outcome.kind === 'partial') {
        finish(shardId, batch.slice(0, outcome.at));
        // Bisect or not, Lambda goes on with the records from the failed one.
        queue[0] = batch.slice(outcome.at);
        attempts = 1;
      } else if (consumer.bisectBatchOnError && batch.length > 1) {
        const half = Math.ceil(batch.length / 2);
        queue.splice(0, 1, batch.slice(0, half), batch.slice(half));
        stats.bisections++;
        continue;
      } else {
        attempts++;
      }
      if (attempts > consumer.retryAttempts) {
        discard(shardId, queue[0]!, 'RetryAttemptsExhausted', outcome.reason, attempts);
        finish(shardId, queue.shift()!);
        attempts = 0;
        continue;
      }
      await sleeper.sleep(Math.min(2000, retryDelayMs * attempts));
    }
    return true;
  }

  function finish(shardId: string, records: DynamoDBRecord[]): void {
    if (records.length === 0) return;
    stats.recordsCompleted += records.length;
    advance(shardId, records[records.length - 1]!.dynamodb?.SequenceNumber);
  }

  async function iteratorFor(shardId: string): Promise<string | undefined> {
    const after = checkpoint.shards[shardId]?.sequenceNumber;
    try {
      const result = await client.send(
        new GetShardIteratorCommand({
          StreamArn: streamArn,
          ShardId: shardId,
          ...(after ? { ShardIteratorType: 'AFTER_SEQUENCE_NUMBER', SequenceNumber: after } : { ShardIteratorType: 'TRIM_HORIZON' }),
        }),
      );
      return result.ShardIterator;
    } catch (error) {
      if ((error as Error).name === 'TrimmedDataAccessException' && after) {
        log(`Shard ${shardId}: records after ${after} have left the stream; resuming at TRIM_HORIZON`);
        delete checkpoint.shards[shardId]!.sequenceNumber;
        return iteratorFor(shardId);
      }
      throw error;
    }
  }

  async function readShard(shardId: string, worker: { idleTick: number }): Promise<void> {
    let iterator = await iteratorFor(shardId);
    // Matching records read but not yet handed over, and the last record read at all.
    let buffer: DynamoDBRecord[] = [];
    let bufferedSince = 0;
    let lastRead: string | undefined;
    while (!stopped) {
      if (!iterator) {
        if (buffer.length && !(await deliver(shardId, buffer))) return;
        advance(shardId, lastRead);
        (checkpoint.shards[shardId] ??= {}).closed = true;
        saveCheckpoint();
        log(`Shard ${shardId} read to its end`);
        return;
      }
      const tick = ++clock;
      let result;
      try {
        result = await client.send(new GetRecordsCommand({ ShardIterator: iterator, Limit: GET_RECORDS_LIMIT }));
      } catch (error) {
        if (stopped) return;
        const name = (error as Error).name;
        if (name === 'ExpiredIteratorException' || name === 'TrimmedDataAccessException') {
          // Start over from what is handled; the buffer is read again.
          buffer = [];
          lastRead = undefined;
          iterator = await iteratorFor(shardId);
          continue;
        }
        if (name === 'ResourceNotFoundException') {
          iterator = undefined;
          continue;
        }
        log(`Shard ${shardId}: GetRecords failed (${(error as Error).message}); retrying`);
        await sleeper.sleep(1000);
        continue;
      }
      iterator = result.NextShardIterator;
      const page = result.Records ?? [];
      // A full page means a backlog: read on before sending a part batch.
      const backlog = page.length >= GET_RECORDS_LIMIT;
      for (const raw of page) {
        const record = toLambdaRecord(raw, streamArn);
        lastRead = record.dynamodb?.SequenceNumber;
        if (matchesFilter(consumer.filter as unknown as FilterPattern, record)) {
          if (buffer.length === 0) bufferedSince = now();
          buffer.push(record);
        } else {
          stats.recordsFiltered++;
        }
      }
      // The rest of a buffer keeps its arrival time: it has waited as long as the batch just sent.
      while (buffer.length >= consumer.batchSize || (buffer.length > 0 && (!iterator || (!backlog && now() - bufferedSince >= windowMs)))) {
        const batch = buffer.slice(0, consumer.batchSize);
        if (!(await deliver(shardId, batch))) return;
        buffer = buffer.slice(batch.length);
      }
      if (buffer.length === 0) {
        // Records the filter dropped need no handler, but the checkpoint moves past them.
        advance(shardId, lastRead);
        if (page.length === 0) worker.idleTick = tick;
      }
      if (!backlog && (page.length === 0 || buffer.length > 0)) {
        await sleeper.sleep(buffer.length ? Math.min(pollIntervalMs, Math.max(10, windowMs - (now() - bufferedSince))) : pollIntervalMs);
      }
    }
  }

  async function describe(): Promise<Shard[]> {
    const shards: Shard[] = [];
    let ExclusiveStartShardId: string | undefined;
    do {
      const page = await client.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId }));
      shards.push(...(page.StreamDescription?.Shards ?? []));
      ExclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
    } while (ExclusiveStartShardId);
    return shards;
  }

  async function supervise(): Promise<void> {
    while (!stopped) {
      const tick = ++clock;
      try {
        const shards = await describe();
        const known = new Set(shards.map((s) => s.ShardId!));
        const open = new Set<string>();
        for (const shard of shards) {
          const id = shard.ShardId!;
          if (checkpoint.shards[id]?.closed) continue;
          open.add(id);
          const parent = shard.ParentShardId;
          // A parent that has left the stream (trimmed) cannot hold back its children.
          const parentDone = !parent || !known.has(parent) || checkpoint.shards[parent]?.closed;
          if (!parentDone || workers.has(id)) continue;
          const worker = { idleTick: 0, done: Promise.resolve() };
          worker.done = readShard(id, worker)
            .catch((error: Error) => {
              if (stopped) return;
              // The next DescribeStream starts a new reader from the checkpoint.
              lastError = `shard ${id}: ${error.message}`;
              log(`Shard ${id}: reader failed (${error.message}); restarting from the checkpoint`);
            })
            .finally(() => workers.delete(id));
          workers.set(id, worker);
        }
        describedOpen = open;
        describedTick = tick;
        stats.shards = known.size;
      } catch (error) {
        if (stopped) return;
        lastError = `DescribeStream: ${(error as Error).message}`;
        log(`DescribeStream failed (${(error as Error).message}); retrying`);
      }
      await sleeper.sleep(describeIntervalMs);
    }
  }

  log(`Stream poller for ${functionName}: ${streamArn} (batch ${consumer.batchSize}, window ${windowMs} ms)`);
  const supervisor = supervise();

  return {
    stats: () => ({ ...stats }),

    async drain(timeoutMs = 30_000) {
      const target = ++clock;
      const deadline = Date.now() + timeoutMs;
      sleeper.wakeAll();
      for (;;) {
        const caughtUp =
          describedTick > target &&
          [...describedOpen].every((id) => {
            const worker = workers.get(id);
            // An open shard without a reader is waiting for its parent, which is itself not idle.
            return worker ? worker.idleTick > target : checkpoint.shards[id]?.closed === true;
          });
        if (caughtUp) return;
        if (stopped) throw new Error('The stream poller was stopped');
        if (Date.now() > deadline) {
          throw new Error(`The stream poller did not catch up within ${timeoutMs} ms (${JSON.stringify(stats)}${lastError ? `; last error: ${lastError}` : ''})`);
        }
        await new Promise((r) => setTimeout(r, 20));
        sleeper.wakeAll();
      }
    },

    async stop() {
      if (stopped) return;
      stopped = true;
      sleeper.wakeAll();
      await supervisor;
      await Promise.all([...workers.values()].map((w) => w.done));
      saveCheckpoint();
      client.destroy();
    },
  };
}
