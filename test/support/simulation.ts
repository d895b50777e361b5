/**
 * A deterministic, seeded simulation of the totals consumer under a hostile event source.
 *
 * Each schedule writes ~100 journal entries of its own funds to DynamoDB Local, makes up the
 * stream records a DynamoDB stream would carry for them (plus the other items of the same
 * transactions), spreads them over several stream shards that roll over and split into children,
 * and feeds them to the REAL handler module (functions/totals/stream.ts) as tumbling-window events
 * (shard, stream, window state) the way a worse-than-Lambda event source would: random batch
 * sizes, redelivered batches (a lost event source checkpoint), bisection, a record repeated within
 * a batch, partial failures, retries, stale and lost window state, windows ending, and the batches
 * given up on replayed through `replayDiscarded`, some at once, some at the end, some twice.
 * Faults are injected only through a middleware on the handler's own DynamoDB client: transaction
 * conflicts, throttling, responses lost after a commit, and crashes before or after a chunk commits.
 *
 * DynamoDB Streams write each change once per shard, in order, with growing sequence numbers: the
 * schedules deliver records again, never the same change under a second sequence number.
 *
 * After every schedule the counters must equal the journal exactly (drift 0). Everything random
 * comes from the schedule's seed, so a failing seed replays:
 * `SIM_SEED=<seed> npx vitest run test/integration/totals-simulation.test.ts` or
 * `npm run simulate -- --seed <seed>`.
 */
import { ProvisionedThroughputExceededException, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { encodeTime } from 'ulidx';
import { stores } from '../../shared/adapters/dynamo';
import { journalItem } from '../../shared/adapters/dynamo/items/journal';
import { dynamo, tableName } from '../../shared/adapters/dynamo/table';
import { DELTA_NAMES, vietnamDay, type Deltas, type JournalEntry, type JournalEntryType } from '../../shared/domain/journal';
import { sumJournal } from '../../shared/domain/totals';
import { journalInsertFilter } from '../../shared/resources';
import { sequencedJournalEntryOf } from '../../shared/stream/journal-record';
import type { DynamoDBTumblingWindowEvent, WindowState } from '../../shared/stream/tumbling-window';
import { checkDrift, type DriftDeps, type DriftReport } from '../../shared/usecases/totals-drift';
import { replayDiscarded, type StreamCounters } from '../../shared/usecases/totals-stream';
import { matchesFilter } from '../../infra/local/stream-poller';

// ---------------------------------------------------------------- seeded randomness

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  chance(p: number): boolean;
  pick<T>(items: readonly T[]): T;
}

/** sfc32, seeded through splitmix32: tiny, fast, and the same sequence on every machine. */
export function seededRng(seed: number): Rng {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t / 4294967296;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => items[Math.floor(next() * items.length)]!,
  };
}

// ---------------------------------------------------------------- schedules

export interface ScheduleParams {
  /** Journal entries in the schedule (the actual number varies by ±20 %). */
  entries: number;
  funds: number;
  wards: number;
  /** Turn every fault off: a clean run, for measuring writes. */
  faults: boolean;
  /** One fund, pledges only, batches of exactly 100: the viral-fund case the sharding is for. */
  hotFund?: boolean;
  /** Every batch this size (until the stream runs out), instead of random sizes. */
  batchSize?: number;
}

export const DEFAULT_PARAMS: ScheduleParams = { entries: 100, funds: 4, wards: 50, faults: true };

export interface ScheduleOutcome {
  seed: number;
  ok: boolean;
  entries: number;
  records: number;
  shards: number;
  invocations: number;
  redeliveries: number;
  bisections: number;
  partialFailures: number;
  failedInvocations: number;
  /** Final invocations that ended a tumbling window, and invocations given a stale or no window state. */
  windowsEnded: number;
  staleStates: number;
  /** Records given up on, and how many discarded batches were replayed (some at once, some at the end, some twice). */
  discarded: number;
  replays: number;
  injected: Record<FaultKind, number>;
  /** Transactions, counter-item writes and checkpoint links that reached the table (a lost response still counts). */
  transactions: number;
  counterWrites: number;
  checkpointWrites: number;
  /** Σ |drift| over every scope and bucket of every fund: must be 0. */
  drift: number;
  problems: string[];
}

type FaultKind = 'conflict' | 'throttle' | 'cancelledThrottle' | 'lostResponse' | 'crashBefore' | 'crashAfter';
const FAULT_KINDS: FaultKind[] = ['conflict', 'throttle', 'cancelledThrottle', 'lostResponse', 'crashBefore', 'crashAfter'];

class SimulatedCrash extends Error {
  override name = 'SimulatedCrash';
}

export interface FaultState {
  rng: Rng;
  rate: number;
  enabled: boolean;
  /** A throttling storm: this many transactions in a row fail, enough to exhaust the handler's retries. */
  storm: number;
  crashed: boolean;
  injected: Record<FaultKind, number>;
  transactions: number;
  counterWrites: number;
  checkpointWrites: number;
}

type Handler = (event: DynamoDBTumblingWindowEvent, context: Context) => Promise<DynamoDBBatchResponse & { state?: WindowState }>;

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const BASE_TIME = Date.parse('2025-09-01T00:00:00+07:00');

const context = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: 'ConsumerTotals',
  functionVersion: '$LATEST',
  invokedFunctionArn: 'arn:aws:lambda:local:000000000000:function:ConsumerTotals',
  memoryLimitInMB: '512',
  awsRequestId: 'simulation',
  logGroupName: '/aws/lambda/ConsumerTotals',
  logStreamName: 'simulation',
  // Lambda's longest timeout: a slow DynamoDB Local must not turn into timeouts, which would let an
  // abandoned invocation run on beside its retry and break the schedule's determinism.
  getRemainingTimeInMillis: () => 15 * 60_000,
  done: () => undefined,
  fail: () => undefined,
  succeed: () => undefined,
} satisfies Context;

/** A schedule's stream: its ARN names the schedule, which is how the fault middleware finds it. */
const streamArnOf = (seed: number) => `arn:aws:dynamodb:local:000000000000:table/simulation/stream/s${seed}`;

function scheduleOf(item: Record<string, unknown> | undefined): string | undefined {
  const stream = item?.kind === 'TOTALS_CHECKPOINT' ? item.stream : undefined;
  return typeof stream === 'string' ? stream.split('/stream/')[1] : undefined;
}

function makeEntries(rng: Rng, seed: number, params: ScheduleParams): JournalEntry[] {
  const funds = Array.from({ length: params.hotFund ? 1 : params.funds }, (_, k) => `s${seed}-f${k}`);
  // A quarter of the faulty schedules pay out to many wards: a batch then touches more counters than
  // one transaction holds, and is applied in several chunks, each moving the checkpoint.
  const wardHeavy = params.faults && !params.hotFund && params.batchSize === undefined && rng.chance(0.25);
  const wards = Array.from({ length: wardHeavy ? 20 * params.wards : params.wards }, (_, k) => String(26_000 + k * 7));
  const size = wardHeavy ? 3 * params.entries : params.entries;
  const count = params.hotFund ? params.entries : rng.int(Math.ceil(size * 0.8), Math.floor(size * 1.2));
  const entries: JournalEntry[] = [];
  let time = BASE_TIME + rng.int(0, 3_600_000);
  // Spread the schedule over about three days, so day scopes change within batches.
  const step = params.hotFund ? 100 : Math.max(1, Math.floor((3 * 86_400_000) / count));
  for (let i = 0; i < count; i++) {
    time += rng.int(0, 2 * step);
    const amount = rng.int(1, 1_000_000_000);
    const kinds: [JournalEntryType, Deltas, boolean][] = [
      ['PLEDGE_MADE', { pledged: amount, pledgeCount: 1, donorCount: 1 }, false],
      ['PLEDGE_CANCELLED', { pledged: -amount, pledgeCount: -1 }, false],
      ['RECEIPT_RECORDED', { received: amount, receiptCount: 1 }, false],
      ['RECEIPT_REVERSED', { received: -amount, receiptCount: -1 }, false],
      ['DISBURSEMENT_REQUESTED', {}, true],
      ['DISBURSEMENT_APPROVED', { approved: amount }, true],
      ['DISBURSEMENT_PAID', { approved: -amount, disbursed: amount }, true],
      ['DISBURSEMENT_CANCELLED', { approved: -amount }, true],
    ];
    const [type, deltas, hasWard] = params.hotFund ? kinds[0]! : wardHeavy ? rng.pick(kinds.slice(5)) : rng.pick(kinds);
    let random = '';
    for (let j = 0; j < 16; j++) random += CROCKFORD[rng.int(0, 31)];
    const at = new Date(time).toISOString();
    entries.push({
      entryId: `${encodeTime(time, 10)}${random}`,
      fundId: rng.pick(funds),
      type,
      at,
      day: vietnamDay(at),
      actor: 'simulation',
      entityRef: `SIM${i}`,
      entityType: hasWard ? 'disbursement' : type.startsWith('RECEIPT') ? 'receipt' : 'pledge',
      ...(hasWard ? { wardCode: rng.pick(wards) } : {}),
      deltas,
      publicDetails: {},
    });
  }
  return entries;
}

interface StreamShard {
  id: string;
  records: DynamoDBRecord[];
  /** Shards whose records come first: a child is read only once its parent is read to its end. */
  parent?: number;
  pos: number;
  /** Batch sizes imposed by bisection, to be delivered before normal batching resumes. */
  pending: number[];
  attempts: number;
  /** The tumbling window's state, as the last answer left it (Lambda keeps it per shard and window). */
  state: WindowState;
  /** States answered earlier, to hand out stale ones. */
  history: WindowState[];
}

/**
 * The stream a DynamoDB table would carry: every item of each transaction, over several shards.
 * A shard may roll over (a parent and a child) or split (a parent and two children, each child
 * taking some of the later records); a child is read only once its parent is read to its end.
 */
function makeStream(rng: Rng, seed: number, entries: JournalEntry[], hotFund: boolean): StreamShard[] {
  const shardCount = hotFund ? 1 : rng.int(1, 4);
  const lanes: DynamoDBRecord[][] = Array.from({ length: shardCount }, () => []);
  const splitProbability = rng.pick([0, 0.2, 0.5]);
  const streamArn = streamArnOf(seed);
  let sequence = 1_000;
  const record = (item: Record<string, unknown>, eventName: DynamoDBRecord['eventName'] = 'INSERT'): DynamoDBRecord => ({
    eventID: `sim-${sequence}`,
    eventName,
    eventVersion: '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: 'ap-southeast-1',
    dynamodb: {
      // Seconds: 300 records to a tumbling window of 5 s, so windows end within a schedule.
      ApproximateCreationDateTime: Math.floor(BASE_TIME / 1000) + Math.floor(sequence / 60),
      Keys: marshall({ pk: item.pk, sk: item.sk }) as never,
      NewImage: marshall(item, { removeUndefinedValues: true }) as never,
      // Sequence numbers grow along a shard and are long; these gain a digit early in the schedule,
      // where text order would put 10…0 before 99…9: compared as numbers, never as text.
      SequenceNumber: String(10n ** 20n - 1_100n + BigInt(sequence++)),
      SizeBytes: 100,
      StreamViewType: 'NEW_IMAGE',
    },
    eventSourceARN: streamArn,
  });
  const laneOf = (fundId: string) => (rng.chance(splitProbability) ? rng.int(0, shardCount - 1) : Number(fundId.split('-f')[1]) % shardCount);
  for (let i = 0; i < entries.length; ) {
    // One command's transaction: one to three journal entries and the other items it writes.
    const size = hotFund ? 1 : rng.pick([1, 1, 1, 2, 3]);
    const transaction = entries.slice(i, i + size);
    i += size;
    const items: [DynamoDBRecord, number][] = [];
    for (const entry of transaction) items.push([record(journalItem(entry)), laneOf(entry.fundId)]);
    if (!hotFund) {
      for (let k = rng.int(0, 3); k > 0; k--) {
        const kind = rng.pick(['PLEDGE', 'REF', 'IDEMPOTENCY', 'TOTALS']);
        items.push([record({ pk: `${kind}#${sequence}`, sk: 'META', kind, fundId: transaction[0]!.fundId }, rng.pick(['INSERT', 'MODIFY'] as const)), rng.int(0, shardCount - 1)]);
      }
    }
    for (const [item, lane] of items) lanes[lane]!.push(item);
  }
  const shards: StreamShard[] = [];
  const shard = (records: DynamoDBRecord[], parent?: number): number => {
    shards.push({ id: `shardId-s${seed}-${String(shards.length).padStart(4, '0')}`, records, parent, pos: 0, pending: [], attempts: 0, state: {}, history: [] });
    return shards.length - 1;
  };
  for (const lane of lanes) {
    if (hotFund || lane.length <= 4 || rng.chance(0.5)) {
      shard(lane);
      continue;
    }
    const cut = rng.int(1, lane.length - 1);
    const parent = shard(lane.slice(0, cut));
    const later = lane.slice(cut);
    if (rng.chance(0.5)) {
      shard(later, parent);
    } else {
      // A split: each later record goes to one of two children, in order within each.
      const [left, right] = [[], []] as DynamoDBRecord[][];
      for (const r of later) (rng.chance(0.5) ? left : right)!.push(r);
      shard(left!, parent);
      shard(right!, parent);
    }
  }
  return shards;
}

function interpret(batch: DynamoDBRecord[], response: DynamoDBBatchResponse | undefined): { kind: 'success' } | { kind: 'partial'; at: number } | { kind: 'failed' } {
  const failures = response?.batchItemFailures ?? [];
  if (failures.length === 0) return { kind: 'success' };
  const indexes = failures.map((f) => batch.findIndex((r) => r.dynamodb?.SequenceNumber === f.itemIdentifier));
  if (indexes.some((i) => i === -1)) return { kind: 'failed' };
  const at = Math.min(...indexes);
  return at === 0 ? { kind: 'failed' } : { kind: 'partial', at };
}

export interface Simulation {
  runSchedule(seed: number, params?: Partial<ScheduleParams>): Promise<ScheduleOutcome>;
  dispose(): void;
}

/** What a counter transaction writes: the counter updates and the checkpoint link. */
export interface TransactionShape {
  items: number;
  updates: number;
  puts: number;
}

/** The errors a counter transaction can fail with, before or after it commits. */
export interface FaultErrors {
  conflict(items: number): Error;
  throttle(): Error;
  cancelledThrottle(items: number): Error;
}

/**
 * Decides the fault (if any) for one counter transaction of a schedule and plays it around
 * `commit`: refused before it commits, a response lost or a crash after it did, or nothing.
 */
export async function withFault<T>(state: FaultState, shape: TransactionShape, errors: FaultErrors, commit: () => Promise<T>): Promise<T> {
  let fault = state.enabled && state.rng.chance(state.rate) ? state.rng.pick(FAULT_KINDS) : undefined;
  if (state.enabled && state.storm > 0) {
    state.storm--;
    fault = 'throttle';
  } else if (fault === 'throttle' && state.rng.chance(0.5)) {
    // Long enough, often, to outlast the handler's own retries (5 attempts), and at times Lambda's too.
    state.storm = state.rng.int(3, 25);
  }
  if (fault) state.injected[fault]++;
  const committed = () => {
    state.transactions++;
    state.counterWrites += shape.updates;
    state.checkpointWrites += shape.puts;
  };
  switch (fault) {
    case 'conflict':
      throw errors.conflict(shape.items);
    case 'throttle':
      throw errors.throttle();
    case 'cancelledThrottle':
      throw errors.cancelledThrottle(shape.items);
    case 'crashBefore':
      state.crashed = true;
      throw new SimulatedCrash('the function was killed before the chunk committed');
    case 'lostResponse': {
      await commit();
      committed();
      throw Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    }
    case 'crashAfter': {
      await commit();
      committed();
      state.crashed = true;
      throw new SimulatedCrash('the function was killed after the chunk committed');
    }
    default: {
      const result = await commit();
      committed();
      return result;
    }
  }
}

/** Where one schedule runs: the journal it writes, the handler fed its stream, and the counters both read and write. */
export interface ScheduleWorld {
  handler: Handler;
  writeJournal(entries: JournalEntry[]): Promise<void>;
  /** The counters the replays of discarded batches apply to (the handler's own). */
  counters: StreamCounters;
  /** What the drift check reads. */
  drift: DriftDeps;
  close(): void;
}

/** DynamoDB Local (the real handler and adapters) or the in-memory adapters (the same use cases, in milliseconds). */
export interface SimulationBackend {
  /** The world a schedule runs in; every counter transaction in it goes through `withFault(faults, …)`. */
  open(seed: number, faults: FaultState): ScheduleWorld;
  dispose(): void;
}

/** The errors DynamoDB answers a transaction with, as the SDK throws them. */
const SDK_FAULTS: FaultErrors = {
  conflict: (items) =>
    new TransactionCanceledException({
      message: 'Transaction cancelled, please refer cancellation reasons for specific reasons [TransactionConflict]',
      $metadata: {},
      CancellationReasons: Array.from({ length: items }, (_, i) => ({ Code: i === items - 1 ? 'TransactionConflict' : 'None' })),
    }),
  throttle: () => new ProvisionedThroughputExceededException({ message: 'Rate of requests exceeds the allowed throughput', $metadata: {} }),
  cancelledThrottle: (items) =>
    new TransactionCanceledException({
      message: 'Transaction cancelled [ThrottlingError]',
      $metadata: {},
      CancellationReasons: Array.from({ length: items }, (_, i) => ({ Code: i === 0 ? 'ThrottlingError' : 'None' })),
    }),
};

/**
 * The real handler (functions/totals/stream.ts) and DynamoDB adapters on DynamoDB Local, with the
 * fault middleware on the handler's DynamoDB client. Schedules may run concurrently: each owns its
 * funds (`s<seed>-f<k>`) and its stream, and the middleware finds a transaction's schedule by the
 * stream its checkpoint link names.
 */
export function dynamoBackend(options: { handler: Handler; documentClient: DynamoDBDocumentClient }): SimulationBackend {
  const schedules = new Map<string, FaultState>();
  const client = dynamo();
  const name = `simulationFaults-${Math.random().toString(36).slice(2)}`;

  client.middlewareStack.add(
    (next, ctx) => async (args) => {
      const input = args.input as { TransactItems?: { Put?: { Item?: Record<string, unknown> }; Update?: unknown }[] };
      if (ctx.commandName !== 'TransactWriteItemsCommand' || !input.TransactItems) return next(args);
      const schedule = input.TransactItems.map((item) => scheduleOf(item.Put?.Item)).find(Boolean);
      const state = schedule ? schedules.get(schedule) : undefined;
      if (!state) return next(args);
      const shape = {
        items: input.TransactItems.length,
        updates: input.TransactItems.filter((item) => item.Update).length,
        puts: input.TransactItems.filter((item) => item.Put).length,
      };
      return withFault(state, shape, SDK_FAULTS, () => next(args));
    },
    { step: 'initialize', name, priority: 'high' },
  );

  async function writeJournal(entries: JournalEntry[]): Promise<void> {
    const table = tableName();
    for (let i = 0; i < entries.length; i += 25) {
      // The audit index (gsi1) plays no part in the totals; leaving it out halves DynamoDB Local's work.
      let pending = entries.slice(i, i + 25).map((entry) => {
        const { gsi1pk: _g1, gsi1sk: _g2, ...item } = journalItem(entry);
        return { PutRequest: { Item: item } };
      });
      while (pending.length) {
        const result = await options.documentClient.send(new BatchWriteCommand({ RequestItems: { [table]: pending } }));
        pending = (result.UnprocessedItems?.[table] ?? []) as typeof pending;
      }
    }
  }

  return {
    open(seed, faults) {
      const prefix = `s${seed}`;
      if (schedules.has(prefix)) throw new Error(`schedule ${seed} is already running`);
      schedules.set(prefix, faults);
      return { handler: options.handler, writeJournal, counters: stores.counters, drift: stores, close: () => schedules.delete(prefix) };
    },
    dispose: () => {
      client.middlewareStack.remove(name);
    },
  };
}

/**
 * Runs schedules on a backend. Each schedule stays sequential and deterministic; several may run
 * at once.
 */
export function createSimulation(backend: SimulationBackend): Simulation {
  async function runSchedule(seed: number, overrides: Partial<ScheduleParams> = {}): Promise<ScheduleOutcome> {
    const params = { ...DEFAULT_PARAMS, ...overrides };
    const rng = seededRng(seed);
    const entries = makeEntries(rng, seed, params);
    const shards = makeStream(rng, seed, entries, params.hotFund ?? false);
    const streamArn = streamArnOf(seed);
    const faults = params.faults && !params.hotFund;
    const state: FaultState = {
      rng: seededRng(seed ^ 0x5eed),
      rate: faults ? rng.pick([0.05, 0.15, 0.3]) : 0,
      enabled: faults,
      storm: 0,
      crashed: false,
      injected: Object.fromEntries(FAULT_KINDS.map((k) => [k, 0])) as Record<FaultKind, number>,
      transactions: 0,
      counterWrites: 0,
      checkpointWrites: 0,
    };
    // A measurement run filters as Lambda does, so a batch of 100 holds 100 journal entries.
    const filtered = rng.chance(0.5) || params.hotFund || params.batchSize !== undefined;
    const bisect = params.hotFund || rng.chance(0.8);
    const maxRetries = faults ? rng.pick([0, 1, 2, 5, 10]) : 10;
    const randomSizes = rng.pick([[100], [100], [1, 7, 25, 50, 100], [10]]);
    const batchSizes = params.batchSize ? [params.batchSize] : params.hotFund ? [100] : randomSizes;
    const redeliverProbability = faults ? rng.pick([0, 0.1, 0.25]) : 0;
    const inBatchDuplicate = faults ? rng.pick([0, 0.05]) : 0;
    const staleStateProbability = faults ? rng.pick([0, 0.1, 0.3]) : 0;
    const windowEndProbability = faults ? rng.pick([0, 0.1, 0.3]) : 0;
    const replayAtOnceProbability = faults ? rng.pick([0, 0.5, 1]) : 0;
    const outcome: ScheduleOutcome = {
      seed,
      ok: false,
      entries: entries.length,
      records: 0,
      shards: shards.length,
      invocations: 0,
      redeliveries: 0,
      bisections: 0,
      partialFailures: 0,
      failedInvocations: 0,
      windowsEnded: 0,
      staleStates: 0,
      discarded: 0,
      replays: 0,
      injected: state.injected,
      transactions: 0,
      counterWrites: 0,
      checkpointWrites: 0,
      drift: 0,
      problems: [],
    };
    const world = backend.open(seed, state);
    try {
      await world.writeJournal(entries);
      for (const shard of shards) {
        if (filtered) shard.records = shard.records.filter((r) => matchesFilter(journalInsertFilter as never, r));
        outcome.records += shard.records.length;
      }

      const invoke = async (shard: StreamShard, batch: DynamoDBRecord[]) => {
        outcome.invocations++;
        state.crashed = false;
        let windowState = shard.state;
        if (shard.history.length && rng.chance(staleStateProbability)) {
          // A state from earlier in the window, or none at all: a hint may be stale, never wrong.
          outcome.staleStates++;
          windowState = rng.chance(0.5) ? rng.pick(shard.history) : {};
        }
        const event: DynamoDBTumblingWindowEvent = { Records: batch, shardId: shard.id, eventSourceARN: streamArn, state: windowState, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false };
        let result;
        let answer: Awaited<ReturnType<Handler>> | undefined;
        try {
          answer = await world.handler(event, context);
          result = answer.state ? interpret(batch, answer) : { kind: 'failed' as const };
        } catch {
          result = { kind: 'failed' as const };
        }
        if (state.crashed) result = { kind: 'failed' as const };
        if (result.kind !== 'success') outcome.failedInvocations++;
        if (result.kind !== 'failed' && answer?.state) {
          shard.history.push(shard.state);
          shard.state = answer.state;
        }
        return result;
      };

      const endWindow = async (shard: StreamShard) => {
        outcome.invocations++;
        outcome.windowsEnded++;
        const answer = await world.handler({ Records: [], shardId: shard.id, eventSourceARN: streamArn, state: shard.state, isFinalInvokeForWindow: true, isWindowTerminatedEarly: false }, context);
        if (!answer.state) outcome.problems.push(`the final invocation of a window on ${shard.id} answered without state`);
        shard.state = {};
        shard.history = [];
      };

      /** Replays a batch given up on until it is applied; false if it could not be (faults still on). */
      const replay = async (shard: StreamShard, batch: DynamoDBRecord[], tries: number): Promise<boolean> => {
        const values = batch.map(sequencedJournalEntryOf);
        for (let attempt = 0; attempt < tries; attempt++) {
          state.crashed = false;
          outcome.replays++;
          try {
            const result = await replayDiscarded(world.counters, { stream: streamArn, shardId: shard.id }, values);
            if (!result.error && !state.crashed) return true;
          } catch {
            // Throttled before it could plan: try again.
          }
        }
        return false;
      };

      const dead: { shard: StreamShard; records: DynamoDBRecord[] }[] = [];
      for (;;) {
        const open = shards.filter((s) => s.pos < s.records.length && (s.parent === undefined || shards[s.parent]!.pos >= shards[s.parent]!.records.length));
        if (open.length === 0) break;
        const shard = rng.pick(open);
        if (shard.pos > 0 && rng.chance(windowEndProbability)) await endWindow(shard);
        const size = shard.pending[0] ?? rng.pick(batchSizes);
        const batch = shard.records.slice(shard.pos, shard.pos + size);
        const delivered = [...batch];
        if (rng.chance(inBatchDuplicate)) {
          const at = rng.int(0, delivered.length - 1);
          delivered.splice(rng.int(at, delivered.length), 0, delivered[at]!);
        }
        const result = await invoke(shard, delivered);
        if (result.kind === 'success') {
          if (rng.chance(redeliverProbability)) {
            // The event source's own checkpoint was lost: the same records come again, maybe cut differently.
            outcome.redeliveries++;
            continue;
          }
          shard.pos += batch.length;
          shard.pending.shift();
          shard.attempts = 0;
          continue;
        }
        if (result.kind === 'partial') {
          outcome.partialFailures++;
          // A repeated record is the same object, placed after its original: count each once.
          const done = new Set(delivered.slice(0, result.at)).size;
          shard.pos += done;
          shard.pending[0] = batch.length - done;
          shard.attempts++;
        } else if (bisect && batch.length > 1) {
          outcome.bisections++;
          const half = Math.ceil(batch.length / 2);
          shard.pending.splice(0, 1, half, batch.length - half);
          continue;
        } else {
          shard.attempts++;
        }
        if (shard.attempts > maxRetries) {
          const given = shard.records.slice(shard.pos, shard.pos + (shard.pending[0] ?? batch.length));
          outcome.discarded += given.length;
          shard.pos += given.length;
          shard.pending.shift();
          shard.attempts = 0;
          // An operator replays it before the shard moves on, or later; the faults may still be on.
          if (!(rng.chance(replayAtOnceProbability) && (await replay(shard, given, 3)))) dead.push({ shard, records: given });
          else if (rng.chance(0.2)) dead.push({ shard, records: given });
        }
      }

      // The rest of the on-failure queue is replayed once the faults are over, some batches twice.
      state.enabled = false;
      for (const { shard, records } of dead) {
        if (!(await replay(shard, records, 5))) outcome.problems.push(`a replay of ${records.length} records of ${shard.id} did not apply`);
        if (rng.chance(0.2) && !(await replay(shard, records, 5))) outcome.problems.push(`a second replay of ${records.length} records of ${shard.id} failed`);
      }

      outcome.transactions = state.transactions;
      outcome.counterWrites = state.counterWrites;
      outcome.checkpointWrites = state.checkpointWrites;
      await verify(world.drift, entries, outcome);
      outcome.ok = outcome.problems.length === 0;
      return outcome;
    } finally {
      world.close();
    }
  }

  async function verify(stores: DriftDeps, entries: JournalEntry[], outcome: ScheduleOutcome): Promise<void> {
    const funds = [...new Set(entries.map((e) => e.fundId))].sort();
    const oracle = sumJournal(entries);
    const reports: DriftReport[] = await Promise.all(funds.map((fundId) => checkDrift(stores, fundId, { consistent: false, attempts: 1 })));
    for (const report of reports) {
      for (const scope of report.scopes) {
        for (const name of DELTA_NAMES) outcome.drift += Math.abs(scope.drift[name]);
        if (DELTA_NAMES.some((n) => scope.drift[n] !== 0)) {
          outcome.problems.push(`drift in ${scope.scope}: ${JSON.stringify(scope.drift)} (expected ${JSON.stringify(scope.expected)}, actual ${JSON.stringify(scope.actual)})`);
        }
        const own = oracle.get(scope.scope);
        if (own && DELTA_NAMES.some((n) => own[n] !== scope.expected[n])) outcome.problems.push(`the journal read back differs from what was written in ${scope.scope}`);
      }
    }
  }

  return { runSchedule, dispose: () => backend.dispose() };
}

/** Runs schedules with a few in flight at once; each schedule stays sequential and deterministic. */
export async function runSchedules(
  simulation: Simulation,
  seeds: number[],
  options: {
    params?: Partial<ScheduleParams>;
    concurrency?: number;
    onOutcome?: (outcome: ScheduleOutcome) => void;
    /** Asked before each schedule starts; false stops the run there (schedules in flight finish). */
    keepGoing?: () => boolean;
  } = {},
): Promise<ScheduleOutcome[]> {
  const outcomes: ScheduleOutcome[] = [];
  let next = 0;
  const worker = async () => {
    while (next < seeds.length && (options.keepGoing?.() ?? true)) {
      const seed = seeds[next++]!;
      const outcome = await simulation.runSchedule(seed, options.params);
      outcomes.push(outcome);
      options.onOutcome?.(outcome);
    }
  };
  await Promise.all(Array.from({ length: options.concurrency ?? 4 }, worker));
  return outcomes.sort((a, b) => a.seed - b.seed);
}

export interface SimulationSummary {
  schedules: number;
  failed: number[];
  entries: number;
  records: number;
  shards: number;
  invocations: number;
  redeliveries: number;
  bisections: number;
  partialFailures: number;
  windowsEnded: number;
  staleStates: number;
  discarded: number;
  replays: number;
  injected: Record<string, number>;
  transactions: number;
  counterWrites: number;
  checkpointWrites: number;
  drift: number;
}

export function summarise(outcomes: ScheduleOutcome[]): SimulationSummary {
  const injected: Record<string, number> = Object.fromEntries(FAULT_KINDS.map((k) => [k, 0]));
  for (const o of outcomes) for (const k of FAULT_KINDS) injected[k]! += o.injected[k];
  const sum = (pick: (o: ScheduleOutcome) => number) => outcomes.reduce((n, o) => n + pick(o), 0);
  return {
    schedules: outcomes.length,
    failed: outcomes.filter((o) => !o.ok).map((o) => o.seed),
    entries: sum((o) => o.entries),
    records: sum((o) => o.records),
    shards: sum((o) => o.shards),
    invocations: sum((o) => o.invocations),
    redeliveries: sum((o) => o.redeliveries),
    bisections: sum((o) => o.bisections),
    partialFailures: sum((o) => o.partialFailures),
    windowsEnded: sum((o) => o.windowsEnded),
    staleStates: sum((o) => o.staleStates),
    discarded: sum((o) => o.discarded),
    replays: sum((o) => o.replays),
    injected,
    transactions: sum((o) => o.transactions),
    counterWrites: sum((o) => o.counterWrites),
    checkpointWrites: sum((o) => o.checkpointWrites),
    drift: sum((o) => o.drift),
  };
}

export function replayHint(seed: number): string {
  return `replay with: SIM_SEED=${seed} npx vitest run test/integration/totals-simulation.test.ts   or   npm run simulate -- --seed ${seed}`;
}
