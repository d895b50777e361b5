/**
 * The totals consumer under seeded random schedules (test/support/simulation.ts): after each one
 * the counters equal the journal exactly. `SIM_SEED=<n>` replays one schedule; `SIM_SCHEDULES`
 * changes how many run on DynamoDB Local, `SIM_MEMORY_SCHEDULES` how many on the in-memory adapters.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/totals/stream';
import { ensureTable } from '../../infra/local/provision';
import { LOCAL_CREDENTIALS } from '../../infra/local/services';
import { createSimulation, dynamoBackend, replayHint, runSchedules, summarise, type ScheduleOutcome, type Simulation } from '../support/simulation';
import { memoryBackend } from '../support/simulation-memory';

const SCHEDULES = Number(process.env.SIM_SCHEDULES ?? 200);
const MEMORY_SCHEDULES = Number(process.env.SIM_MEMORY_SCHEDULES ?? 500);
const GROUP = 25;
const seeds = process.env.SIM_SEED ? [Number(process.env.SIM_SEED)] : Array.from({ length: SCHEDULES }, (_, i) => 1 + i);
const groups = Array.from({ length: Math.ceil(seeds.length / GROUP) }, (_, g) => seeds.slice(g * GROUP, (g + 1) * GROUP));

let simulation: Simulation;
let client: DynamoDBClient;
const outcomes: ScheduleOutcome[] = [];

beforeAll(async () => {
  client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: process.env.AWS_REGION, credentials: LOCAL_CREDENTIALS });
  // The schedules make up their own stream records: the table needs no stream.
  await ensureTable(client, process.env.TABLE_NAME!, { stream: false });
  simulation = createSimulation(dynamoBackend({ handler, documentClient: DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } }) }));
});

afterAll(() => {
  simulation?.dispose();
  client?.destroy();
  if (outcomes.length) {
    const s = summarise(outcomes);
    console.log(
      `[totals simulation] ${s.schedules} schedules, ${s.entries} entries, ${s.records} records over ${s.shards} stream shards, ${s.invocations} invocations ` +
        `(${s.redeliveries} redelivered, ${s.bisections} bisections, ${s.partialFailures} partial failures, ${s.windowsEnded} windows ended, ${s.staleStates} stale states, ` +
        `${s.discarded} records given up on and ${s.replays} replays), faults ${JSON.stringify(s.injected)}, drift ${s.drift}`,
    );
  }
});

describe('the totals consumer under random schedules', () => {
  it.each(groups.map((group) => [group[0]!, group[group.length - 1]!, group] as const))(
    'schedules %i to %i end with counters equal to the journal',
    async (_first, _last, group) => {
      const results = await runSchedules(simulation, group, { concurrency: Number(process.env.SIM_CONCURRENCY ?? 2) });
      outcomes.push(...results);
      const failed = results.filter((o) => !o.ok);
      for (const o of failed) console.error(`[totals simulation] seed ${o.seed} failed:\n  ${o.problems.slice(0, 10).join('\n  ')}\n  ${replayHint(o.seed)}`);
      expect(failed.map((o) => `seed ${o.seed}: ${o.problems[0]} — ${replayHint(o.seed)}`)).toEqual([]);
      expect(results.every((o) => o.drift === 0)).toBe(true);
    },
    300_000,
  );

  it('writes a viral fund’s counters and checkpoints at most 0.1 times per journal entry at batch size 100', async () => {
    const [hot] = await runSchedules(simulation, [1_000_001], { params: { hotFund: true, entries: 1000, faults: false }, concurrency: 1 });
    const counters = hot!.counterWrites / hot!.entries;
    const allIn = (hot!.counterWrites + hot!.checkpointWrites) / hot!.entries;
    console.log(`[totals simulation] viral fund: ${hot!.entries} pledges, ${hot!.counterWrites} counter-item writes and ${hot!.checkpointWrites} checkpoint links, ${allIn.toFixed(3)} writes per entry`);
    expect(hot!.ok).toBe(true);
    expect(counters).toBeLessThanOrEqual(0.05);
    expect(allIn).toBeLessThanOrEqual(0.1);
  });
});

describe('the same handler and use cases on the in-memory adapters', () => {
  it(`${MEMORY_SCHEDULES} schedules end with counters equal to the journal`, async () => {
    const memorySeeds = process.env.SIM_SEED ? seeds : Array.from({ length: MEMORY_SCHEDULES }, (_, i) => 1 + i);
    const simulation = createSimulation(memoryBackend());
    const results = await runSchedules(simulation, memorySeeds, { concurrency: 4 });
    const s = summarise(results);
    console.log(`[totals simulation, in memory] ${s.schedules} schedules, ${s.entries} entries, ${s.invocations} invocations, faults ${JSON.stringify(s.injected)}, drift ${s.drift}`);
    const failed = results.filter((o) => !o.ok).map((o) => `seed ${o.seed}: ${o.problems[0]} — npm run simulate -- --adapter memory --seed ${o.seed}`);
    expect(failed).toEqual([]);
    expect(s.schedules).toBe(memorySeeds.length);
    expect(Object.values(s.injected).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(s.drift).toBe(0);
  }, 120_000);
});
