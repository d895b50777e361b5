/**
 * `npm run fuzz`: bad requests made from the OpenAPI document (test/support/fuzz-cases.ts) against
 * a twin of its own on DynamoDB Local and the S3 emulator. Round 0 is the fixed set `npm test`
 * sends; later rounds draw random junk from the seed. Every case must get a 4xx problem+json, none
 * a 5xx, and the table must hold exactly what it held before.
 *
 *   npm run fuzz -- --cases 100000             the long run
 *   npm run fuzz -- --cases 5000 --seed 11     another seed
 *   npm run fuzz -- --minutes 14               send no case after 14 minutes; report what ran
 *
 * Exits 1 on any failure, printing the first ones (each label names its round).
 */
import '../infra/local/quiet-sdk';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startTwin } from '../infra/local/twin';
import { fuzzCases, sendCase, type OpenApiDocument } from '../test/support/fuzz-cases';
import { allItems, request } from '../test/support/twin';
import { fmt, load, machine, progress, table } from './lib';

const { values } = parseArgs({
  options: {
    cases: { type: 'string', default: '100000' },
    seed: { type: 'string', default: '7' },
    concurrency: { type: 'string', default: '8' },
    minutes: { type: 'string' },
  },
});
const count = Number(values.cases);
const seed = Number(values.seed);
const concurrency = Number(values.concurrency);

const dataDir = mkdtempSync(join(tmpdir(), 'sovang-fuzz-'));
// No demo history: the fuzzing needs the funds and communes only, and logs nothing.
process.env.POWERTOOLS_LOG_LEVEL = 'SILENT';
const twin = await startTwin({ dataDir, tableName: 'fuzz', seedAdminUnits: true, quiet: true, streams: false, bucketEvents: false, contractCheck: false, demoHistory: false });
let exitCode = 0;
try {
  const authorization = `Bearer ${await twin.tokens.issue('fuzzer', ['finance-clerk', 'finance-approver', 'auditor', 'admin'])}`;
  const doc = await request<OpenApiDocument>(twin, 'GET', '/v1/openapi.json');
  const before = (await allItems(twin)).length;
  const cases = fuzzCases(doc.body, { seed, authorization, count });
  const statuses = new Map<number, number>();
  const failures: string[] = [];
  const labels = new Set<string>();
  let sent = 0;
  let serverErrors = 0;
  let lastReport = 0;
  const started = Date.now();
  const deadline = values.minutes ? started + Number(values.minutes) * 60_000 : Infinity;
  progress(`${fmt(count)} cases (seed ${seed}), ${concurrency} at a time, against ${twin.url}`);
  const worker = async () => {
    for (;;) {
      if (Date.now() >= deadline) return;
      const next = cases.next();
      if (next.done) return;
      const c = next.value;
      // A digest per request: the requests themselves (bodies up to 85 kB) would not fit in memory.
      labels.add(createHash('sha1').update(`${c.method} ${c.path} ${JSON.stringify(c.headers)} ${c.body ?? ''}`).digest('base64'));
      const { status, failure } = await sendCase(twin.url, c).catch((error: Error) => ({ status: 0, failure: `${c.label} → ${error.message}` }));
      sent++;
      statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (status >= 500) serverErrors++;
      if (failure) failures.push(failure);
      if (Date.now() - lastReport > 15_000) {
        lastReport = Date.now();
        progress(`${fmt(sent)}/${fmt(count)} cases, ${failures.length} failures, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const seconds = (Date.now() - started) / 1000;
  const after = (await allItems(twin)).length;
  const byStatus = [...statuses].sort((a, b) => a[0] - b[0]).map(([status, n]) => `${status} ${fmt(n)}`).join(', ');
  const cut = sent < count ? ` Stopped at the ${values.minutes}-minute budget: ${fmt(sent)} of the ${fmt(count)} cases asked for were sent.` : '';
  console.log(`\nFuzzing from the OpenAPI document — ${machine()}, load ${load()}\n`);
  console.log(
    table(
      ['cases sent', 'distinct requests', 'seed', '4xx problem+json', '5xx', 'other failures', 'items before', 'items after', 'time'],
      [[fmt(sent), fmt(labels.size), seed, fmt(sent - failures.length), fmt(serverErrors), fmt(failures.length - serverErrors), fmt(before), fmt(after), `${fmt(seconds)} s`]],
    ),
  );
  console.log(`\nStatuses: ${byStatus}.${cut}`);
  if (failures.length) console.log(`\nFirst failures:\n  ${failures.slice(0, 20).join('\n  ')}`);
  if (failures.length || after !== before) exitCode = 1;
} finally {
  await twin.stop();
  rmSync(dataDir, { recursive: true, force: true });
}
process.exit(exitCode);
