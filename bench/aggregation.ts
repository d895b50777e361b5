/**
 * Stream aggregation: journal entries through the real totals handler (functions/totals/stream.ts)
 * in clean batches of 100, as Lambda delivers them from the filtered stream: entries per second,
 * counter-item writes per entry, consumed capacity per entry, and the handler's rate against raw
 * DynamoDB Local TransactWriteItems of the same shape, all on one DynamoDB Local.
 *
 * `benchAggregation()` runs the measurement in a child process with a DynamoDB Local of its own:
 * the bench twin's table has a stream, and its poller would consume the entries too.
 * `npm run simulate` uses `measureAggregation` for the counter-write figures of its report.
 */
import '../infra/local/quiet-sdk';
import { spawn } from 'node:child_process';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { TransactWriteCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBStreamEvent } from 'aws-lambda';
import type { ScheduleParams } from '../test/support/simulation';
import { meterCapacity } from './capacity';
import { fmt, progress, table, type Section } from './lib';

type Handler = (event: DynamoDBStreamEvent, context: Context) => Promise<DynamoDBBatchResponse>;

export interface WorkloadFigures {
  workload: string;
  entries: number;
  invocations: number;
  transactions: number;
  counterWrites: number;
  /** Checkpoint links: one per transaction. */
  checkpointWrites: number;
  /** Time spent inside the handler, summed over its invocations. */
  handlerSeconds: number;
  /** Capacity of the handler's own calls, as AWS bills it (bench/capacity.ts). */
  writeUnits: number;
  readUnits: number;
  /** What DynamoDB Local reported for the handler's transactions. */
  localTransactionUnits: number;
  ok: boolean;
}

export interface AggregationFigures {
  shards: number;
  hot: WorkloadFigures;
  mixed: WorkloadFigures;
  /** Sequential TransactWriteItems of the handler's own shape in the viral-fund run: its counter updates and a checkpoint link. */
  raw: { itemsPerTransaction: number; seconds: number; transactionsPerSecond: number; itemsPerSecond: number };
}

export interface AggregationOptions {
  hotEntries?: number;
  mixedEntries?: number;
  rawSeconds?: number;
  seed?: number;
}

/**
 * In a process whose DynamoDB client is already configured for `documentClient`'s table: the
 * viral fund (one fund, pledges only) and the mixed workload (4 funds, 50 wards, both signs), each
 * a clean schedule of batches of exactly 100, then the raw transaction rate.
 */
export async function measureAggregation(handler: Handler, documentClient: DynamoDBDocumentClient, options: AggregationOptions = {}): Promise<AggregationFigures> {
  const { createSimulation, dynamoBackend, runSchedules } = await import('../test/support/simulation');
  const { dynamo, tableName } = await import('../shared/adapters/dynamo/table');
  const { config } = await import('../shared/config');
  const seed = options.seed ?? 1;

  // Only the handler's own calls count: the simulation also writes the journal and checks drift.
  let inHandler = false;
  let handlerMs = 0;
  let batches = 0;
  let lastLog = Date.now();
  const timed: Handler = async (event, context) => {
    const started = performance.now();
    inHandler = true;
    try {
      return await handler(event, context);
    } finally {
      inHandler = false;
      handlerMs += performance.now() - started;
      batches++;
      if (Date.now() - lastLog > 15_000) {
        lastLog = Date.now();
        progress(`aggregation: ${fmt(batches)} batches so far`);
      }
    }
  };
  const meter = meterCapacity(dynamo(), { active: () => inHandler });
  const simulation = createSimulation(dynamoBackend({ handler: timed, documentClient }));
  const run = async (workload: string, scheduleSeed: number, params: Partial<ScheduleParams>): Promise<WorkloadFigures> => {
    handlerMs = 0;
    meter.reset();
    const [outcome] = await runSchedules(simulation, [scheduleSeed], { params, concurrency: 1 });
    const o = outcome!;
    const figures = {
      workload,
      entries: o.entries,
      invocations: o.invocations,
      transactions: o.transactions,
      counterWrites: o.counterWrites,
      checkpointWrites: o.checkpointWrites,
      handlerSeconds: handlerMs / 1000,
      writeUnits: meter.writeUnits,
      readUnits: meter.readUnits,
      localTransactionUnits: meter.localTransactionUnits,
      ok: o.ok,
    };
    progress(`aggregation: ${workload}: ${fmt(o.entries)} entries, ${fmt(o.entries / figures.handlerSeconds)} entries/s, ${((o.counterWrites + o.checkpointWrites) / o.entries).toFixed(3)} writes per entry${o.ok ? '' : ' — DRIFT'}`);
    return figures;
  };
  try {
    progress(`aggregation: viral fund, ${fmt(options.hotEntries ?? 10_000)} pledges to one fund in batches of 100`);
    const hot = await run('viral fund: one fund, pledges only', 900_000_000 + seed, { hotFund: true, entries: options.hotEntries ?? 10_000, faults: false });
    progress(`aggregation: mixed workload, ~${fmt(options.mixedEntries ?? 5_000)} entries in batches of 100`);
    const mixed = await run('mixed: 4 funds, 50 wards, 3 days, both signs', 800_000_000 + seed, { entries: options.mixedEntries ?? 5_000, faults: false, batchSize: 100 });

    const counterUpdates = Math.max(1, Math.round(hot.counterWrites / Math.max(1, hot.transactions)));
    const itemsPerTransaction = counterUpdates + 1;
    const rawSeconds = options.rawSeconds ?? 20;
    progress(`aggregation: raw TransactWriteItems of ${counterUpdates} counter updates and a checkpoint link, one at a time, for ${rawSeconds} s`);
    const TableName = tableName();
    const deadline = Date.now() + rawSeconds * 1000;
    const started = performance.now();
    let transactions = 0;
    let from = '0';
    while (Date.now() < deadline) {
      const to = String(10n ** 20n + BigInt(transactions));
      await documentClient.send(
        new TransactWriteCommand({
          TransactItems: [
            ...Array.from({ length: counterUpdates }, (_, j) => ({
              Update: {
                TableName,
                Key: { pk: `TOTAL#raw#${j}`, sk: `SHARD#00${transactions % 8}` },
                UpdateExpression: 'ADD pledged :p, pledgeCount :c SET kind = :k',
                ExpressionAttributeValues: { ':p': 50_000_000, ':c': 100, ':k': 'TOTALS' },
              },
            })),
            {
              Put: {
                TableName,
                Item: { pk: 'CHECKPOINT#raw#shard', sk: `FROM#${from.padStart(40, '0')}`, kind: 'TOTALS_CHECKPOINT', from, to, at: new Date().toISOString() },
                ConditionExpression: 'attribute_not_exists(pk)',
              },
            },
          ],
        }),
      );
      from = to;
      transactions++;
    }
    const seconds = (performance.now() - started) / 1000;
    return {
      shards: config().TOTALS_SHARDS,
      hot,
      mixed,
      raw: { itemsPerTransaction, seconds, transactionsPerSecond: transactions / seconds, itemsPerSecond: (transactions * itemsPerTransaction) / seconds },
    };
  } finally {
    simulation.dispose();
    meter.stop();
  }
}

/** Writes per journal entry, counters and checkpoint links: the table `npm run simulate` prints too. */
export function counterWritesTable(figures: AggregationFigures): string {
  const row = (w: WorkloadFigures, target: string) => [
    w.workload,
    fmt(w.entries),
    fmt(w.counterWrites),
    fmt(w.checkpointWrites),
    (w.counterWrites / w.entries).toFixed(3),
    `**${((w.counterWrites + w.checkpointWrites) / w.entries).toFixed(3)}**`,
    target,
  ];
  return table(
    ['workload', 'entries', 'counter-item writes', 'checkpoint links', 'counter writes per entry', 'all-in writes per entry', 'target'],
    [row(figures.hot, '≤ 0.1 all-in'), row(figures.mixed, 'one write per scope touched per chunk, and a link')],
  );
}

export function aggregationSection(figures: AggregationFigures): Section {
  const { hot, mixed, raw } = figures;
  const rate = (w: WorkloadFigures) => w.entries / w.handlerSeconds;
  const items = (w: WorkloadFigures) => w.checkpointWrites + w.counterWrites;
  const row = (w: WorkloadFigures) => [
    w.workload,
    fmt(w.entries),
    fmt(w.invocations),
    `**${fmt(rate(w))}**`,
    fmt(items(w) / Math.max(1, w.transactions), 1),
    fmt(w.transactions / w.handlerSeconds, 1),
    `**${fmt(w.transactions / w.handlerSeconds / raw.transactionsPerSecond, 2)}**`,
    fmt(w.writeUnits / w.entries, 3),
    fmt(w.readUnits / w.entries, 3),
    fmt((w.handlerSeconds * 1000) / w.invocations, 1),
    w.ok ? '0' : '**drift**',
  ];
  return {
    title: 'Stream aggregation: the totals handler',
    body: `The real handler (\`functions/totals/stream.ts\`) fed clean, filtered batches of exactly 100 journal entries as tumbling-window events (\`test/support/simulation.ts\`, no faults), in a child process with a DynamoDB Local of its own (in memory, no stream). Entries/s counts only the time inside the handler (parse the stream images, plan chunks after the shard's checkpoint, one transaction per chunk: the counter updates, ${figures.shards} shards per counter, and the checkpoint link); the journal writes and the drift check after each schedule are outside it. Raw: sequential \`TransactWriteItems\` of the handler's own shape in the viral-fund run (${raw.itemsPerTransaction} items: its counter updates and a checkpoint link), ${fmt(raw.seconds)} s on the same DynamoDB Local: ${fmt(raw.transactionsPerSecond, 1)} transactions/s. A batch is one transaction here, so the ratio compares the handler's transactions per second of its own time with the raw rate. WRU and RRU per entry: the handler's calls as AWS bills them (transactions at 2 WRU per item-KB, bench/capacity.ts; DynamoDB Local reports 2 per table or index a transaction touches, whatever its size); the checkpoint is read only when the window's state holds none.

${table(
  ['workload', 'entries', 'invocations', 'entries/s', 'items per transaction', 'transactions/s', 'transactions/s ÷ raw', 'WRU per entry', 'RRU per entry', 'ms per invocation', 'drift'],
  [row(hot), row(mixed)],
)}

Writes per journal entry at batch size 100, counters and checkpoint links included:

${counterWritesTable(figures)}`,
  };
}

/** Runs `measureAggregation` in a child process with its own DynamoDB Local. */
export function benchAggregation(options: AggregationOptions = {}): Promise<{ section: Section; figures: AggregationFigures }> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child'], {
      env: { ...process.env, BENCH_AGGREGATION: JSON.stringify(options) },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.on('error', reject);
    proc.on('exit', (code) => {
      if (code !== 0) return reject(new Error(`the aggregation bench exited ${code}: ${out}`));
      const figures = JSON.parse(out.trim().split('\n').pop()!) as AggregationFigures;
      resolve({ figures, section: aggregationSection(figures) });
    });
  });
}

async function child(): Promise<void> {
  const { DynamoDBClient } = await import('@aws-sdk/client-dynamodb');
  const { DynamoDBDocumentClient } = await import('@aws-sdk/lib-dynamodb');
  const { ensureTable } = await import('../infra/local/provision');
  const { LOCAL_CREDENTIALS, startDynamoLocal } = await import('../infra/local/services');
  const options = JSON.parse(process.env.BENCH_AGGREGATION ?? '{}') as AggregationOptions;
  const dynamoLocal = await startDynamoLocal();
  const tableName = `aggregation-${Date.now().toString(36)}`;
  // The handler reads its configuration once, on first use: set it before loading anything.
  Object.assign(process.env, {
    TABLE_NAME: tableName,
    DYNAMODB_ENDPOINT: dynamoLocal.endpoint,
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    POWERTOOLS_LOG_LEVEL: 'SILENT',
    POWERTOOLS_METRICS_DISABLED: 'true',
  });
  const client = new DynamoDBClient({ endpoint: dynamoLocal.endpoint, region: 'ap-southeast-1', credentials: LOCAL_CREDENTIALS });
  try {
    await ensureTable(client, tableName, { stream: false });
    const { handler } = await import('../functions/totals/stream');
    const figures = await measureAggregation(handler, DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }), options);
    console.log(JSON.stringify(figures));
  } finally {
    client.destroy();
    await dynamoLocal.stop();
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href && process.argv.includes('--child')) {
  child().then(
    () => process.exit(0),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
