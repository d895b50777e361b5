/**
 * How long a posted pledge takes to show in `GET /v1/funds/{fundId}` on the running twin: the
 * write, DynamoDB Local's stream, the poller's batching window, the totals handler, the read.
 * The target is 1 s at the 95th percentile (DESIGN §13), without more consumer writes per entry.
 *
 *   npx tsx bench/totals-latency.ts [--pledges 60] [--write]
 *
 * `benchTotalsLatency(twin)` is the same measurement for bench/run.ts.
 */
import '../infra/local/quiet-sdk';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { startTwin, type Twin } from '../infra/local/twin';
import { streamConsumers } from '../shared/resources';
import { dynamo } from '../shared/adapters/dynamo/table';
import { isTotalsConsumerCall, meterCapacity } from './capacity';
import { fmt, percentile, progress, table, writeResults, type Section } from './lib';

/** The target: a pledge in the live totals within a second, at the 95th percentile. */
export const LATENCY_TARGET_MS = 1000;

async function pledgeCount(twin: Twin, fundId: string): Promise<number> {
  const response = await fetch(`${twin.url}/v1/funds/${fundId}`);
  return ((await response.json()) as { totals: { pledgeCount: number } }).totals.pledgeCount;
}

/** Pledges one at a time at irregular moments, and times each until the fund's count shows it. */
export async function benchTotalsLatency(twin: Twin, options: { pledges?: number; fundId?: string } = {}): Promise<{ section: Section; p95: number }> {
  const fundId = options.fundId ?? 'cuba-2025';
  const pledges = options.pledges ?? 60;
  await twin.waitForTotals(60_000);
  let count = await pledgeCount(twin, fundId);
  // The consumer's own writes while the pledges go through: the lag must not be bought with them.
  const consumer = meterCapacity(dynamo(), { skip: (input) => !isTotalsConsumerCall(input) });
  const latencies: number[] = [];
  for (let i = 0; i < pledges; i++) {
    // Irregular gaps, so pledges land at every point of the poller's batching window.
    await sleep(Math.floor(Math.random() * 700));
    const started = performance.now();
    const response = await fetch(`${twin.url}/v1/pledges`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': randomUUID() },
      body: JSON.stringify({ fundId, donor: { type: 'individual', name: 'Nguyễn Văn An' }, amount: 100_000, publishName: false }),
    });
    if (response.status !== 201) throw new Error(`pledge failed: ${response.status} ${await response.text()}`);
    count++;
    while ((await pledgeCount(twin, fundId)) < count) {
      if (performance.now() - started > 30_000) throw new Error('a pledge did not show within 30 s');
      await sleep(25);
    }
    latencies.push(performance.now() - started);
    if ((i + 1) % 20 === 0) progress(`${i + 1}/${pledges} pledges`);
  }
  consumer.stop();
  const consumerItems = consumer.transactionItems;
  latencies.sort((a, b) => a - b);
  const p95 = percentile(latencies, 95);
  const settings = streamConsumers[0];
  const body = [
    `One pledge at a time (${pledges}, at random moments) through the twin's HTTP API, then \`GET /v1/funds/${fundId}\` every 25 ms until its`,
    `pledge count includes it. The path: the command's transaction, DynamoDB Local's stream, the local event source (batch size`,
    `${settings.batchSize}, batching window ${settings.maxBatchingWindowSeconds} s, tumbling window ${settings.tumblingWindowSeconds} s, polled every 250 ms as Lambda does), the totals handler, the read.`,
    `Target: p95 ≤ ${fmt(LATENCY_TARGET_MS)} ms. No CDN here: behind CloudFront the route's \`max-age\` adds to this. The consumer wrote ${fmt(consumerItems)} items`,
    `for the ${pledges} pledges (${fmt(consumerItems / pledges, 2)} per entry: one pledge per batch at this pace, its fund and day counters and one checkpoint link, as many as an`,
    `entry alone cost before; under load a batch fills while the previous one is applied, see the aggregation and the Cuba-day figures).`,
    '',
    table(
      ['pledges', 'p50', 'p95', 'max', 'target'],
      [[pledges, `${fmt(percentile(latencies, 50))} ms`, `**${fmt(p95)} ms**`, `${fmt(latencies[latencies.length - 1]!)} ms`, `≤ ${fmt(LATENCY_TARGET_MS)} ms at p95`]],
    ),
  ].join('\n');
  return { section: { title: 'Pledge to live totals (twin)', body }, p95 };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const { values } = parseArgs({ options: { pledges: { type: 'string', default: '60' }, write: { type: 'boolean', default: false } } });
  process.env.POWERTOOLS_LOG_LEVEL ??= 'SILENT';
  const twin = await startTwin({ seedAdminUnits: false, quiet: true, tableName: 'bench-latency' });
  progress(`twin at ${twin.url}`);
  let code = 0;
  try {
    const { section, p95 } = await benchTotalsLatency(twin, { pledges: Number(values.pledges) });
    console.log(`\n${section.body}\n`);
    if (values.write) writeResults('Totals latency', [section]);
    if (p95 > LATENCY_TARGET_MS) code = 1;
  } finally {
    await twin.stop();
  }
  process.exit(code);
}
