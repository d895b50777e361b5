/**
 * `npm run simulate`: the long version of the totals simulation (test/support/simulation.ts),
 * against a DynamoDB Local of its own, plus the counter-write measurement of a viral fund.
 *
 *   npm run simulate -- --schedules 1000 --entries 5000      the long run
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
    schedules: { type: 'string', default: '200' },
    entries: { type: 'string', default: '100' },
    seed: { type: 'string' },
    first: { type: 'string', default: '1' },
    concurrency: { type: 'string', default: '4' },
    'hot-entries': { type: 'string', default: '10000' },
    endpoint: { type: 'string' },
    minutes: { type: 'string' },
    write: { type: 'boolean', default: false },
  },
});

const schedules = Number(values.schedules);
const entries = Number(values.entries);
const concurrency = Number(values.concurrency);
const first = Number(values.first);
const seeds = values.seed ? [Number(values.seed)] : Array.from({ length: schedules }, (_, i) => first + i);

const dynamoLocal = values.endpoint ? undefined : await startDynamoLocal();
const endpoint = values.endpoint ?? dynamoLocal!.endpoint;
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
const { createSimulation, replayHint, runSchedules, summarise } = await import('../test/support/simulation');

/** A replay of one seed prints that schedule and skips the measurements. */
class ReplayDone extends Error {}

const client = new DynamoDBClient({ endpoint, region: 'ap-southeast-1', credentials: LOCAL_CREDENTIALS });
let exitCode = 0;
try {
  await ensureTable(client, tableName, { stream: false });
  const documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  const simulation = createSimulation({ handler, documentClient });
  const started = Date.now();
  let done = 0;
  let lastReport = 0;
  progress(`${seeds.length} schedules of ~${entries} entries (4 funds, 50 wards), ${concurrency} at a time, DynamoDB Local at ${endpoint}`);
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
  const aggregation = await measureAggregation(handler, documentClient, { hotEntries: Number(values['hot-entries']), mixedEntries: Math.max(entries, 1000), seed: first, rawSeconds: 10 });
  const { hot, mixed } = aggregation;

  const body = [
    `Seeded random schedules against the real handler (\`functions/totals/stream.ts\`) on DynamoDB Local, fed tumbling-window events:`,
    `random batch sizes, redelivered and bisected batches, a record repeated within a batch, stale and lost window state, windows`,
    `ending, records of one transaction spread over stream shards that roll over and split into children, crashes before and after`,
    `a chunk commits, injected TransactionCanceled (conflict, throttling) and throughput errors, lost responses, and the batches`,
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
    '',
    `Writes per journal entry at batch size 100, counters and checkpoint links (${aggregation.shards} shards per counter, no faults):`,
    '',
    counterWritesTable(aggregation),
    '',
    `Through the handler alone (clean batches of 100): ${fmt(hot.entries / hot.handlerSeconds)} entries/s for the viral fund, ${fmt(mixed.entries / mixed.handlerSeconds)} for the mixed workload.`,
  ].join('\n');

  console.log(`\nTotals simulation — ${machine()}\n\n${body}\n`);
  if (values.write) writeResults(`Totals simulation: ${s.schedules} schedules × ~${entries} entries`, [{ title: 'Exactly-once totals under hostile schedules', body }]);
  if (s.failed.length || s.drift !== 0 || !hot.ok || !mixed.ok) exitCode = 1;
} catch (error) {
  if (!(error instanceof ReplayDone)) throw error;
} finally {
  client.destroy();
  await dynamoLocal?.stop();
}
process.exit(exitCode);
