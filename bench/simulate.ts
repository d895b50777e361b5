/**
 * `npm run simulate`: the long version of the totals simulation (test/support/simulation.ts),
 * against a DynamoDB Local of its own, plus the counter-write measurement of a viral fund; or on
 * the in-memory adapters (test/support/simulation-memory.ts), where the schedules take milliseconds.
 *
 *   npm run simulate -- --schedules 1000 --entries 5000      the long run
 *   npm run simulate -- --adapter memory --schedules 10000   the in-memory adapters (no measurements)
 *   npm run simulate -- --schedules 1000 --schedules-only       the schedules without the write measurements
 *   npm run simulate -- --seed 17                            replay one schedule (default size)
 *   npm run simulate -- --minutes 90                         start no schedule after 90 minutes; report what ran
 *   npm run simulate -- --write                              append the figures to bench/RESULTS.md
 *
 * Exits 1 if any schedule ends with drift, printing its seed.
 */
import '../infra/local/quiet-sdk';
import { parseArgs } from 'node:util';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { ensureTable } from '../infra/local/provision';
import { LOCAL_CREDENTIALS, startDynamoLocal } from '../infra/local/services';
import { counterWritesTable, measureAggregation } from './aggregation';
import { fmt, machine, progress, table, writeResults } from './lib';

const { values } = parseArgs({
  options: {
    adapter: { type: 'string', default: 'dynamodb' },
    schedules: { type: 'string', default: '200' },
    entries: { type: 'string', default: '100' },
    seed: { type: 'string' },
    first: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '4' },
    'hot-entries': { type: 'string', default: '10000' },
    endpoint: { type: 'string' },
    minutes: { type: 'string' },
    'schedules-only': { type: 'boolean', default: false },
    write: { type: 'boolean', default: false },
  },
});

const schedules = Number(values.schedules);
const entries = Number(values.entries);
const concurrency = Number(values.concurrency);
const first = Number(values.first);
const seeds = values.seed ? [Number(values.seed)] : Array.from({ length: schedules }, (_, i) => first + i);
if (values.adapter !== 'dynamodb' && values.adapter !== 'memory') {
  console.error(`--adapter is dynamodb or memory, not ${values.adapter}`);
  process.exit(2);
}
const inMemory = values.adapter === 'memory';

const dynamoLocal = values.endpoint || inMemory ? undefined : await startDynamoLocal();
const endpoint = values.endpoint ?? dynamoLocal?.endpoint ?? 'http://127.0.0.1:1';
const tableName = `simulation-${Date.now().toString(36)}`;
// The handler reads its configuration once, on first use: set it before loading anything.
Object.assign(process.env, {
  TABLE_NAME: tableName,
  DYNAMODB_ENDPOINT: endpoint,
  AWS_REGION: 'ap-southeast-1',
  AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
  AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
  POWERTOOLS_LOG_LEVEL: 'SILENT',
  POWERTOOLS_METRICS_DISABLED: 'true',
});
const { handler } = await import('../functions/totals/stream');
const { createSimulation, dynamoBackend, replayHint, runSchedules, summarise } = await import('../test/support/simulation');
const { memoryBackend } = await import('../test/support/simulation-memory');

/** A replay of one seed prints that schedule and skips the measurements. */
class ReplayDone extends Error {}

const client = new DynamoDBClient({ endpoint, region: 'ap-southeast-1', credentials: LOCAL_CREDENTIALS });
let exitCode = 0;
try {
  if (!inMemory) await ensureTable(client, tableName, { stream: false });
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const simulation = createSimulation(inMemory ? memoryBackend() : dynamoBackend({ handler, documentClient }));
  const where = inMemory ? 'the in-memory adapters' : `DynamoDB Local at ${endpoint}`;
  const started = Date.now();
  let done = 0;
  let lastReport = 0;
  progress(`${seeds.length} schedules of ~${entries} entries (4 funds, 50 wards), ${concurrency} at a time, ${where}`);
  const deadline = values.minutes ? started + Number(values.minutes) * 60_000 : Infinity;
  const outcomes = await runSchedules(simulation, seeds, {
    params: { entries },
    concurrency,
    keepGoing: () => Date.now() < deadline,
    onOutcome: (outcome) => {
      done++;
      if (!outcome.ok) progress(`seed ${outcome.seed} FAILED: ${outcome.problems.slice(0, 5).join('; ')}\n        ${replayHint(outcome.seed)}`);
      if (Date.now() - lastReport > 10_000 || done === seeds.length) {
        lastReport = Date.now();
        progress(`${done}/${seeds.length} schedules, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
    },
  });
  const seconds = (Date.now() - started) / 1000;
  const s = summarise(outcomes);
  const cut = outcomes.length < seeds.length ? `Stopped at the ${values.minutes}-minute budget: ${fmt(outcomes.length)} of the ${fmt(seeds.length)} schedules asked for ran (seeds ${first}–${first + outcomes.length - 1}).` : '';
  if (cut) progress(cut);

  if (values.seed) {
    const [outcome] = outcomes;
    console.log(JSON.stringify(outcome, null, 2));
    exitCode = outcome!.ok ? 0 : 1;
    simulation.dispose();
    throw new ReplayDone();
  }

  simulation.dispose();
  // The write measurements count DynamoDB's writes: the in-memory adapters have none to count.
  const aggregation =
    inMemory || values['schedules-only']
      ? undefined
      : await measureAggregation(handler, documentClient, { hotEntries: Number(values['hot-entries']), mixedEntries: Math.max(entries, 1000), seed: first, rawSeconds: 10 });

  const body = [
    `Seeded random schedules against the real handler (\`functions/totals/stream.ts\`) on ${inMemory ? 'the in-memory adapters' : 'DynamoDB Local'}, fed tumbling-window events:`,
    `random batch sizes, redelivered and bisected batches, a record repeated within a batch, stale and lost window state, windows`,
    `ending, records of one transaction spread over stream shards that roll over and split into children, crashes before and after`,
    inMemory
      ? `a chunk commits, injected conflicts and throttling (as the adapter gives up after its retries), lost responses, and the batches`
      : `a chunk commits, injected TransactionCanceled (conflict, throttling) and throughput errors, lost responses, and the batches`,
    `given up on replayed through \`replayDiscarded\` (at once, at the end, some twice). After every schedule the counters are compared`,
    `with the journal.`,
    `Asked for: ${fmt(seeds.length)} schedules of ~${fmt(entries)} entries, ${concurrency} at a time. ${cut}`,
    '',
    table(
      ['schedules', 'entries', 'stream records', 'stream shards', 'invocations', 'redelivered', 'bisections', 'partial failures', 'windows ended', 'stale states', 'given up on', 'replays', 'faults injected', 'drift', 'failed seeds', 'time'],
      [
        [
          fmt(s.schedules),
          fmt(s.entries),
          fmt(s.records),
          fmt(s.shards),
          fmt(s.invocations),
          fmt(s.redeliveries),
          fmt(s.bisections),
          fmt(s.partialFailures),
          fmt(s.windowsEnded),
          fmt(s.staleStates),
          fmt(s.discarded),
          fmt(s.replays),
          fmt(Object.values(s.injected).reduce((a, b) => a + b, 0)),
          fmt(s.drift),
          s.failed.length ? s.failed.join(', ') : 'none',
          `${fmt(seconds)} s`,
        ],
      ],
    ),
    '',
    `Faults: ${Object.entries(s.injected).map(([k, v]) => `${k} ${fmt(v)}`).join(', ')}.`,
    ...(aggregation
      ? [
          '',
          `Writes per journal entry at batch size 100, counters and checkpoint links (${aggregation.shards} shards per counter, no faults):`,
          '',
          counterWritesTable(aggregation),
          '',
          `Through the handler alone (clean batches of 100): ${fmt(aggregation.hot.entries / aggregation.hot.handlerSeconds)} entries/s for the viral fund, ${fmt(aggregation.mixed.entries / aggregation.mixed.handlerSeconds)} for the mixed workload.`,
        ]
      : []),
  ].join('\n');

  console.log(`\nTotals simulation — ${machine()}\n\n${body}\n`);
  if (values.write) writeResults(`Totals simulation (${inMemory ? 'in memory' : 'DynamoDB Local'}): ${s.schedules} schedules × ~${entries} entries`, [{ title: 'Exactly-once totals under hostile schedules', body }]);
  if (s.failed.length || s.drift !== 0 || (aggregation && (!aggregation.hot.ok || !aggregation.mixed.ok))) exitCode = 1;
} catch (error) {
  if (!(error instanceof ReplayDone)) throw error;
} finally {
  client.destroy();
  await dynamoLocal?.stop();
}
process.exit(exitCode);
