/**
 * Nightly report at scale: `node --import tsx bench/report.ts [entries=1000000]` (by hand, not in npm test).
 *
 * Seeds one fund's journal in DynamoDB Local, then measures, each in a fresh child process so
 * the peak RSS is its own:
 *   - the raw journal read: a plain paginated Query over the same partition and key range;
 *   - the report job (publishFundReport with the real DynamoDB, S3-emulator, signer and spool
 *     adapters; the drift check is measured separately, see RESULTS.md).
 * Prints entries/s, peak RSS and the report's rate as a fraction of the raw read rate.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { encodeTime } from 'ulidx';

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

async function seed(total: number): Promise<{ dynamo: string; s3: string; stop: () => Promise<void> }> {
  const { startDynamoLocal, startS3Emulator, LOCAL_CREDENTIALS } = await import('../infra/local/services');
  const { ensureTable } = await import('../infra/local/provision');
  const { journalItem } = await import('../shared/adapters/dynamo/ledger-store');
  const { keys } = await import('../shared/adapters/dynamo/keys');
  const dir = join(ROOT, '.data', 'bench');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  // In memory: DynamoDB Local's on-disk SQLite writes a few hundred items a second, far too slow to seed a million.
  const dynamo = await startDynamoLocal();
  const s3 = await startS3Emulator({ dir: join(dir, 's3'), buckets: ['sovang-reports'] });
  const client = new DynamoDBClient({ endpoint: dynamo.endpoint, region: 'ap-southeast-1', credentials: LOCAL_CREDENTIALS });
  const doc = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  await ensureTable(client, TABLE, { stream: false });
  await doc.send(
    new PutCommand({
      TableName: TABLE,
      Item: {
        ...keys.fund(FUND),
        kind: 'FUND',
        ...keys.fundsIndex(),
        gsi1sk: FUND,
        fundId: FUND,
        name: { vi: 'Quỹ đo hiệu năng', en: 'Benchmark fund' },
        description: { vi: '', en: '' },
        currency: 'VND',
        bankAccount: { bankBin: '970436', bankName: 'VCB', accountNumber: '0', accountName: 'X' },
        opensOn: '2025-01-01',
        status: 'OPEN',
      },
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
      if (written % 100_000 < 25) process.stdout.write(`  seeded ${written} (${Math.round(written / ((Date.now() - started) / 1000))}/s)\n`);
    }
  };
  const workers = 8;
  const per = Math.ceil(total / workers);
  await Promise.all(Array.from({ length: workers }, (_, w) => worker(w * per, Math.min(total, (w + 1) * per))));
  client.destroy();
  return { dynamo: dynamo.endpoint, s3: s3.endpoint, stop: async () => (await s3.stop(), await dynamo.stop()) };
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
 * and speed are measured at 1M; `raw` is the same generator without the job.
 */
async function synthetic(total: number, withJob: boolean): Promise<Record<string, number>> {
  const { publishFundReport } = await import('../shared/usecases/nightly-report');
  const { nightlyReportDeps } = await import('../shared/adapters/reports');
  const { localSigner } = await import('../shared/adapters/signing/local');
  const pages = async function* () {
    for (let n = 0; n < total; n += 2000) {
      yield Array.from({ length: Math.min(2000, total - n) }, (_, i) => benchEntry(n + i, total)) as never[];
      // A page arrives over the network: give the event loop a turn, as a real read would.
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 250);
  const started = performance.now();
  let entries = 0;
  if (withJob) {
    const fund = { fundId: FUND, name: { vi: 'Quỹ đo hiệu năng', en: 'Benchmark fund' }, currency: 'VND' } as never;
    const deps = nightlyReportDeps({
      journal: { pages: () => pages() },
      ledger: { listFunds: async () => [], listAdminUnits: async () => [] },
      signer: localSigner(join(ROOT, '.data', 'bench', 'key.pem')),
      checkDrift: undefined,
    });
    entries = (await publishFundReport(deps, fund, DATE)).treeSize;
  } else {
    for await (const page of pages()) entries += page.length;
  }
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { entries, seconds, rate: entries / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, peakHeapMb: peakHeap / 1024 / 1024 };
}

/** Child: the raw read rate, a plain paginated Query over the same key range the report reads. */
async function rawRead(): Promise<Record<string, number>> {
  const { encodeTime } = await import('ulidx');
  const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: 'ap-southeast-1' }));
  const before = `${encodeTime(Date.parse(`${DATE}T17:00:00Z`), 10)}${'0'.repeat(16)}`;
  const started = performance.now();
  let count = 0;
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await doc.send(
      new QueryCommand({
        TableName: TABLE,
        KeyConditionExpression: 'pk = :p AND sk < :b',
        ExpressionAttributeValues: { ':p': `JOURNAL#${FUND}`, ':b': before },
        ConsistentRead: true,
        ExclusiveStartKey,
      }),
    );
    count += page.Items?.length ?? 0;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  const seconds = (performance.now() - started) / 1000;
  return { entries: count, seconds, rate: count / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024 };
}

/** Child: the report job. */
async function report(): Promise<Record<string, number>> {
  const { publishFundReport } = await import('../shared/usecases/nightly-report');
  const { nightlyReportDeps } = await import('../shared/adapters/reports');
  const { localSigner } = await import('../shared/adapters/signing/local');
  const { ledgerStore } = await import('../shared/adapters/dynamo');
  const fund = (await ledgerStore.getFund(FUND))!;
  let peakHeap = 0;
  const sampler = setInterval(() => (peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed)), 250);
  const started = performance.now();
  const result = await publishFundReport(nightlyReportDeps({ signer: localSigner(join(ROOT, '.data', 'bench', 'key.pem')), checkDrift: undefined }), fund, DATE);
  const seconds = (performance.now() - started) / 1000;
  clearInterval(sampler);
  return { entries: result.treeSize, seconds, rate: result.treeSize / seconds, peakRssMb: process.resourceUsage().maxRSS / 1024, peakHeapMb: peakHeap / 1024 / 1024 };
}

function child(phase: string, env: Record<string, string>): Promise<Record<string, number>> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), `--phase=${phase}`], {
      env: { ...process.env, ...env },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let out = '';
    proc.stdout.on('data', (d) => (out += d));
    proc.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out.trim().split('\n').pop()!)) : reject(new Error(`${phase} exited ${code}: ${out}`))));
  });
}

/** The handlers' environment, written out here: the bench must not depend on the twin's module graph. */
async function benchEnvironment(dynamo: string, s3: string): Promise<Record<string, string>> {
  const { LOCAL_CREDENTIALS } = await import('../infra/local/services');
  return {
    TABLE_NAME: TABLE,
    REPORTS_BUCKET: 'sovang-reports',
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

async function main(): Promise<void> {
  const phase = process.argv.find((a) => a.startsWith('--phase='))?.slice(8);
  if (phase) {
    const total = Number(process.env.BENCH_ENTRIES ?? 1_000_000);
    const result =
      phase === 'raw' ? await rawRead() : phase === 'report' ? await report() : await synthetic(total, phase === 'synthetic-report');
    console.log(JSON.stringify(result));
    process.exit(0);
  }
  // `--dynamo URL`: reuse a DynamoDB Local that a previous run already seeded (seeding a million takes ~25 min).
  const reuse = process.argv.find((a) => a.startsWith('--dynamo='))?.slice(9);
  const total = Number(process.argv.slice(2).find((a) => /^\d+$/.test(a)) ?? 1_000_000);
  let services: { dynamo: string; s3: string; stop: () => Promise<void> };
  if (process.argv.includes('--synthetic')) {
    const { startS3Emulator } = await import('../infra/local/services');
    const s3 = await startS3Emulator({ dir: join(ROOT, '.data', 'bench', `s3-${process.pid}`), buckets: ['sovang-reports'] });
    const env = { ...(await benchEnvironment('http://127.0.0.1:9', s3.endpoint)), BENCH_ENTRIES: String(total) };
    try {
      const gen = await child('synthetic-raw', env);
      const job = await child('synthetic-report', env);
      const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
      console.log(`\nentries                ${job.entries} (in-process journal, S3 emulator)`);
      console.log(`journal pages alone    ${fmt(gen.rate!)} entries/s  (peak RSS ${fmt(gen.peakRssMb!)} MB)`);
      console.log(`report job             ${fmt(job.rate!)} entries/s  (${fmt(job.seconds!)} s, peak RSS ${fmt(job.peakRssMb!)} MB, peak heap ${fmt(job.peakHeapMb!)} MB)`);
    } finally {
      await s3.stop();
    }
    return;
  }
  if (reuse) {
    const { startS3Emulator } = await import('../infra/local/services');
    const dir = join(ROOT, '.data', 'bench', `s3-${process.pid}`);
    const s3 = await startS3Emulator({ dir, buckets: ['sovang-reports'] });
    services = { dynamo: reuse, s3: s3.endpoint, stop: () => s3.stop() };
  } else {
    console.log(`Seeding ${total} journal entries…`);
    services = await seed(total);
  }
  const env = await benchEnvironment(services.dynamo, services.s3);
  try {
    const raw = await child('raw', env);
    const job = await child('report', env);
    const fmt = (n: number) => n.toFixed(n < 10 ? 2 : 0);
    console.log(`\nentries                ${job.entries}`);
    console.log(`raw journal read       ${fmt(raw.rate!)} entries/s  (${fmt(raw.seconds!)} s, peak RSS ${fmt(raw.peakRssMb!)} MB)`);
    console.log(`report job             ${fmt(job.rate!)} entries/s  (${fmt(job.seconds!)} s, peak RSS ${fmt(job.peakRssMb!)} MB, peak heap ${fmt(job.peakHeapMb!)} MB)`);
    console.log(`report / raw read      ${(job.rate! / raw.rate!).toFixed(2)}`);
  } finally {
    await services.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
