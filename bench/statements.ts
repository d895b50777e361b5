/**
 * Bank statement import at a real size (DESIGN §9.3): 60,000 rows over 6 files of a busy
 * relief-fund account in VietinBank's re-typed layout (no bank reference, no running balance: only
 * the time and the sender tell hundreds of identical 100,000 ₫ "Ung ho" gifts apart), each day
 * cut mid-day between two files. Each file is uploaded the way a clerk uploads a large one
 * (presigned PUT to the statements bucket) and imported by the twin's bucket event, one after the
 * other: the first pass, then every line through the ledger. A fifth of the lines pay one of 2,000
 * pledges, a few pay approved disbursements.
 *
 * Reported: lines per second (import pass, and end to end from the PUT to COMPLETED), the
 * transaction items written per line, the memory of the process that runs the import at each
 * tenth, and the ratio of the import's item rate to DynamoDB Local's raw item rate measured in the
 * same run on the same table: the import's own transactions, recorded item by item (count and
 * size), sent again with fresh keys and nothing else to do.
 *
 * Part of `npm run bench` (`--only statements` alone; `--quick` imports a small set), or call
 * `benchStatementImport(twin)` from another runner. Not part of `npm test`.
 */
import { createReadStream, createWriteStream, rmSync, statSync } from 'node:fs';
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { seedFunds } from '../infra/local/seed';
import type { Twin } from '../infra/local/twin';
import { stores } from '../shared/adapters/dynamo';
import { dynamo } from '../shared/adapters/dynamo/table';
import type { Fund } from '../shared/domain/funds';
import { generateRef } from '../shared/domain/refs';
import type { CommandContext } from '../shared/usecases/command';
import { actOnDisbursement, requestDisbursement } from '../shared/usecases/disbursements';
import { createPledge } from '../shared/usecases/pledges';
import { recordReceipt } from '../shared/usecases/receipts';
import { LedgerCache, TransactionPack, planCommand } from '../shared/usecases/statements/unit-of-work';
import { fmt, progress, table, type Section } from './lib';

export interface StatementBenchOptions {
  files?: number;
  linesPerFile?: number;
  pledges?: number;
  disbursements?: number;
  /** How long the raw-rate replay runs at most. */
  rawSeconds?: number;
}

let keyCounter = 0;
const ctx = (actor: string): CommandContext => ({ actor, idempotencyKey: `bench-${randomUUID()}-${++keyCounter}`, idempotencyScope: actor });

/** Pledges with known codes, planned by createPledge and committed many to a transaction. */
export async function seedPledges(fundId: string, refs: string[], amount: (i: number) => number): Promise<void> {
  const cache = new LedgerCache(stores);
  let pack = new TransactionPack<string>();
  const flush = async () => {
    if (pack.members.length) await cache.deps.transaction.commit(pack.writes());
    pack = new TransactionPack<string>();
  };
  for (const [i, ref] of refs.entries()) {
    const context = ctx('public');
    cache.markAbsent(context.idempotencyKey);
    const input = { fundId, donor: { type: 'individual' as const, name: `Nhà hảo tâm ${i}` }, amount: amount(i), publishName: false };
    const planned = await planCommand(cache.deps, (planning) => createPledge(planning, input, context, { ref: () => ref }), { ownIdempotency: true });
    if (!pack.fits(planned.ops)) await flush();
    pack.add(ref, planned.ops);
  }
  await flush();
}

const mb = (bytes: number) => fmt(bytes / 2 ** 20);
const two = (n: number) => String(n).padStart(2, '0');
const SENDERS = ['NGUYEN VAN AN', 'TRAN THI BINH', 'LE HOANG CHAU', 'PHAM MINH DUNG', 'HOANG THU GIANG', 'VU DUC HA', 'DANG KIM KHANH', 'BUI XUAN LONG'];

interface Written {
  files: string[];
  credited: number;
  debited: number;
  coded: number;
  identical: number;
}

/**
 * The files: a period of `files × linesPerFile` lines, about 5,000 a day, in the bank's order,
 * cut into files mid-day. Most lines are the same 100,000 ₫ "Ung ho" from a handful of senders.
 */
async function writeStatements(dir: string, options: Required<Pick<StatementBenchOptions, 'files' | 'linesPerFile'>>, pledges: string[], payouts: { ref: string; amount: number }[]): Promise<Written> {
  const total = options.files * options.linesPerFile;
  const perDay = Math.min(5_000, total);
  let seed = 11;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  const payoutEvery = Math.max(1, Math.floor(total / (payouts.length + 1)));
  const out: Written = { files: [], credited: 0, debited: 0, coded: 0, identical: 0 };
  let payout = 0;
  let line = 0;
  for (let f = 0; f < options.files; f++) {
    const file = join(dir, `sao-ke-vietinbank-${f + 1}.csv`);
    const stream = createWriteStream(file);
    const write = async (text: string) => {
      if (!stream.write(text)) await once(stream, 'drain');
    };
    await write('PageId,Date,Time,DocumentNumber,ReferenceNumber,TransactionDetails,DebitAmount,CreditAmount,Balance,OffsetAccount\r\n');
    for (let i = 0; i < options.linesPerFile; i++, line++) {
      const day = Math.floor(line / perDay);
      const date = `${two(1 + (day % 28))}/${two(9 + Math.floor(day / 28))}/2024`;
      // The day's lines spread over 06:00–22:00 in order, a few to a second.
      const second = 6 * 3600 + Math.floor(((line % perDay) * 16 * 3600) / perDay);
      const time = `${two(Math.floor(second / 3600))}:${two(Math.floor(second / 60) % 60)}:${two(second % 60)}`;
      const page = 1 + Math.floor(i / 30);
      const sender = SENDERS[random(SENDERS.length)]!;
      if (line > 0 && line % payoutEvery === 0 && payout < payouts.length) {
        const p = payouts[payout++]!;
        out.debited += p.amount;
        await write(`${page},${date},${time},,,Chuyen kinh phi ho tro theo ${p.ref},"${p.amount.toLocaleString('en-US')}",,,UBND XA – A/C\r\n`);
        continue;
      }
      const roll = random(100);
      let amount = 100_000;
      let memo = 'Ung ho';
      if (roll < 20) {
        amount = [100_000, 200_000, 500_000, 1_000_000][random(4)]!;
        memo = `CT nhanh 247 den: ${sender} chuyen tien ung ho ${pledges[random(pledges.length)]} dong bao bao lu`;
        out.coded++;
      } else if (roll < 35) {
        amount = [50_000, 200_000, 300_000, 2_000_000][random(4)]!;
        memo = `${sender} ung ho nguoi dan vung lu`;
      } else out.identical++;
      out.credited += amount;
      await write(`${page},${date},${time},,,${memo},,"${amount.toLocaleString('en-US')}",,${sender} – A/C\r\n`);
    }
    stream.end();
    await once(stream, 'finish');
    out.files.push(file);
  }
  return out;
}

export function putFile(url: string, file: string, contentType: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const size = statSync(file).size;
    const req = httpRequest(url, { method: 'PUT', headers: { 'content-type': contentType, 'content-length': String(size) } }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    createReadStream(file).pipe(req);
  });
}

type Json = Record<string, unknown>;

export async function api<T = Json>(twin: Twin, method: string, path: string, token: string, body?: unknown): Promise<{ status: number; body: T }> {
  const response = await fetch(`${twin.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json', 'idempotency-key': `bench-${randomUUID()}` } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: response.status, body: (await response.json()) as T };
}

type TransactItem = { Put?: { Item?: Record<string, unknown> }; Update?: Record<string, unknown>; ConditionCheck?: Record<string, unknown> };

/** The import's transactions, recorded as the item sizes they held: what the raw-rate replay sends again. */
class TransactionLog {
  readonly shapes: number[][] = [];
  items = 0;
  other = 0;

  record(items: TransactItem[]): void {
    if (!items.some((item) => String(item.Put?.Item?.pk ?? '').startsWith('STMTB#'))) {
      this.other += items.length;
      return;
    }
    this.items += items.length;
    this.shapes.push(items.map((item) => JSON.stringify(item.Put?.Item ?? item.Update ?? item.ConditionCheck ?? {}).length));
  }
}

/** The recorded transactions sent again, in order, with fresh keys and items of the same sizes, for up to `seconds`. */
async function replay(twin: Twin, shapes: readonly number[][], seconds: number): Promise<{ itemsPerSecond: number; transactions: number }> {
  const TableName = twin.tableName;
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  let items = 0;
  let transactions = 0;
  for (const shape of shapes) {
    if (Date.now() >= deadline) break;
    const id = randomUUID();
    const TransactItems = shape.map((size, j) => ({
      Put: {
        TableName,
        Item: { pk: `RAW#${id}#${j}`, sk: 'RAW', kind: 'RAW', payload: 'x'.repeat(Math.max(1, size - 60)) },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
    await twin.documentClient.send(new TransactWriteCommand({ TransactItems }));
    items += shape.length;
    transactions++;
  }
  return { itemsPerSecond: items / ((Date.now() - started) / 1000), transactions };
}

export async function benchStatementImport(twin: Twin, options: StatementBenchOptions = {}): Promise<Section> {
  const files = options.files ?? 6;
  const linesPerFile = options.linesPerFile ?? 10_000;
  const pledgeCount = options.pledges ?? 2_000;
  const payoutCount = options.disbursements ?? 20;
  const rawSeconds = options.rawSeconds ?? 60;
  const lineCount = files * linesPerFile;
  if (twin.bucketPollers.size === 0) throw new Error('the statements bench needs a twin with bucket events (startTwin without bucketEvents: false)');

  const fundId = `bench-sao-ke-${Date.now().toString(36)}`;
  const fund: Fund = {
    fundId,
    name: { vi: 'Quỹ đo hiệu năng sao kê', en: 'Statement benchmark fund' },
    description: { vi: 'Đo hiệu năng', en: 'Benchmark' },
    currency: 'VND',
    bankAccount: { bankBin: '970415', bankName: 'VietinBank', accountNumber: `1116${Date.now()}`.slice(0, 12), accountName: 'BENCH' },
    opensOn: '2024-09-01',
    status: 'OPEN',
  };
  await seedFunds(twin.documentClient, twin.tableName, [fund]);

  progress(`statements: seeding ${fmt(pledgeCount)} pledges and ${payoutCount} approved payouts`);
  const pledges = Array.from({ length: pledgeCount }, () => generateRef('UH'));
  await seedPledges(fundId, pledges, (i) => [200_000, 500_000, 1_000_000, 5_000_000][i % 4]!);
  const payouts = Array.from({ length: payoutCount }, (_, i) => ({ ref: generateRef('GN'), amount: 10_000_000 * (i + 1) }));
  const opening = payouts.reduce((s, p) => s + p.amount, 0);
  await recordReceipt(stores, { fundId, amount: opening, receivedAt: '2024-09-01T08:00:00+07:00', method: 'cash' }, ctx('staff:bench-clerk'));
  for (const payout of payouts) {
    await requestDisbursement(
      stores,
      { fundId, beneficiary: { organisation: { name: 'UBND xã', taxCode: '0301234567' } }, amount: payout.amount, purpose: 'Hỗ trợ khắc phục bão lũ' },
      ctx('staff:bench-clerk'),
      { ref: () => payout.ref },
    );
    await actOnDisbursement(stores, payout.ref, { action: 'approve' }, ctx('staff:bench-approver'));
  }

  const dir = join(tmpdir(), `sovang-bench-statements-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  await import('node:fs/promises').then((fs) => fs.mkdir(dir, { recursive: true }));
  progress(`statements: writing ${files} VietinBank statements of ${fmt(linesPerFile)} lines to ${dir}`);
  const written = await writeStatements(dir, { files, linesPerFile }, pledges, payouts);
  const bytes = written.files.reduce((sum, f) => sum + statSync(f).size, 0);

  const log = new TransactionLog();
  let transactions = 0;
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if ((context as { commandName?: string }).commandName === 'TransactWriteItemsCommand') {
        const items = (args.input as { TransactItems?: TransactItem[] }).TransactItems ?? [];
        const before = log.shapes.length;
        log.record(items);
        if (log.shapes.length > before) transactions++;
      }
      return result;
    },
    { step: 'initialize', name: 'benchTransactItems', override: true },
  );

  let peakRss = 0;
  let peakHeap = 0;
  const memoryAt: { percent: number; rss: number; live?: number; external: number }[] = [];
  // With --expose-gc, the heap that is really live (after a full collection) at each 10 %: what "flat" means.
  const gc = (globalThis as { gc?: () => void }).gc;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 250);

  try {
    const clerk = await twin.tokens.issue('bench-clerk', ['finance-clerk']);
    const perFile: { name: string; lines: number; firstPass: number; importPass: number; total: number; summary: Json }[] = [];
    let done = 0;
    const sample = (lines: number) => {
      gc?.();
      const m = process.memoryUsage();
      memoryAt.push({ percent: Math.round((lines / lineCount) * 100), rss: m.rss, external: m.external, ...(gc ? { live: m.heapUsed } : {}) });
    };
    sample(0);
    // The search index puts a few items per line (DESIGN §7.1), on the same DynamoDB Local: it
    // catches up after the raw replay, and its cost is measured in the Cuba day.
    const index = twin.pollers.get('TransferIndex');
    index?.pause();
    for (const file of written.files) {
      const size = statSync(file).size;
      const created = await api<{ statement: Json; upload: { url: string } }>(twin, 'POST', '/v1/statements/uploads', clerk, { fundId, fileName: file.split('/').at(-1), contentType: 'text/csv', size });
      if (created.status !== 201) throw new Error(`upload request failed: ${created.status} ${JSON.stringify(created.body)}`);
      const statementId = created.body.statement.id as string;
      const started = Date.now();
      const put = await putFile(created.body.upload.url, file, 'text/csv');
      if (put !== 200) throw new Error(`PUT to the presigned URL answered ${put}`);
      let statement: Json = {};
      let validatedAt: number | undefined;
      let nextSample = (Math.floor((done * 10) / lineCount) + 1) * (lineCount / 10);
      for (;;) {
        statement = (await api<Json>(twin, 'GET', `/v1/statements/${statementId}`, clerk)).body;
        const p = statement.progress as { linesProcessed: number };
        if (statement.status === 'IMPORTING' && validatedAt === undefined) validatedAt = Date.now();
        if (done + p.linesProcessed >= nextSample) {
          sample(done + p.linesProcessed);
          nextSample += lineCount / 10;
        }
        if (statement.status === 'COMPLETED' || statement.status === 'FAILED') break;
        await new Promise((r) => setTimeout(r, 200));
      }
      const finished = Date.now();
      if (statement.status !== 'COMPLETED') throw new Error(`the import failed: ${JSON.stringify(statement.errors)}`);
      const firstPass = ((validatedAt ?? finished) - started) / 1000;
      perFile.push({ name: file.split('/').at(-1)!, lines: linesPerFile, firstPass, importPass: (finished - (validatedAt ?? started)) / 1000, total: (finished - started) / 1000, summary: statement.summary as Json });
      done += linesPerFile;
      progress(`statements: ${perFile.at(-1)!.name} COMPLETED in ${fmt(perFile.at(-1)!.total, 1)} s (${fmt(linesPerFile / perFile.at(-1)!.total)} lines/s)`);
    }
    sample(lineCount);
    const balance = await stores.funds.balance(fundId);
    const importSeconds = perFile.reduce((s, f) => s + f.importPass, 0);
    const totalSeconds = perFile.reduce((s, f) => s + f.total, 0);
    const itemsPerLine = log.items / lineCount;
    const importItemsPerSecond = log.items / importSeconds;
    progress(`statements: replaying the import's ${fmt(log.shapes.length)} transactions (${fmt(log.items)} items) with fresh keys for the raw rate`);
    const raw = await replay(twin, log.shapes, rawSeconds);
    progress('statements: the transfer search index catching up');
    await index?.drain(3_600_000);
    const summaries = perFile.map((f) => f.summary as { counted: { count: number }; held: { count: number }; duplicates: { count: number }; balanced: boolean; matched: number });
    const counted = summaries.reduce((s, x) => s + x.counted.count, 0);
    const held = summaries.reduce((s, x) => s + x.held.count, 0);
    const checks = [
      counted === lineCount ? 'every line counted' : `${fmt(counted)} of ${fmt(lineCount)} lines counted, ${fmt(held)} held`,
      summaries.every((x) => x.balanced) ? 'every row accounted for' : 'rows not accounted for',
      balance.received - opening === written.credited ? 'every credit in received' : `received ${balance.received - opening} ≠ ${written.credited}`,
      balance.disbursed === written.debited ? `${payoutCount} payouts paid` : 'payouts not all paid',
    ];
    const atEachTenth = (bytesOf: (sample: (typeof memoryAt)[number]) => number) => `${memoryAt.map((sample) => mb(bytesOf(sample))).join(' / ')} MB`;

    return {
      title: `Statement import: ${fmt(lineCount)} lines over ${files} files through the twin`,
      body: `${files} VietinBank-layout statements of ${fmt(linesPerFile)} lines (${fmt(bytes / 2 ** 20, 1)} MB in all), no bank reference and no running balance, about 5,000 lines a day with each day cut mid-day between two files; ${fmt(written.identical)} lines are the same 100,000 ₫ "Ung ho" from 8 senders, ${fmt(written.coded)} pay one of ${fmt(pledgeCount)} pledges, ${payoutCount} pay approved disbursements. Each file uploaded with a presigned PUT and imported by the bucket event's handler in the in-process twin, one after the other: the first pass, then the lines in batches (${fmt(transactions)} transactions, **${fmt(itemsPerLine, 3)} items per line**: per batch the line batch, its index chunk and the day's head, one journal entry, the fund's balance and open check, the statement's counters and checkpoint, the hand-reference fence, and one item per pledge paid). Raw rate: the import's own ${fmt(raw.transactions)} transactions sent again right after it, in order, with fresh keys and items of the same sizes, on the same table. The transfer search index's consumer is paused during the import and catches up after the replay (since 2026-12-05; the Cuba day measures it); the totals consumer runs. Result: ${checks.join('; ')}.

${table(
  ['measure', 'value'],
  [
    ['first pass (read each file whole, write nothing)', `${fmt(perFile.reduce((s, f) => s + f.firstPass, 0), 1)} s in all`],
    ['import pass', `${fmt(importSeconds, 1)} s, **${fmt(lineCount / importSeconds)} lines/s**, ${fmt(importItemsPerSecond)} items/s`],
    ['end to end (each PUT done → COMPLETED, summed)', `${fmt(totalSeconds, 1)} s, **${fmt(lineCount / totalSeconds)} lines/s**`],
    ['raw: the same transactions, nothing else to do', `${fmt(raw.itemsPerSecond)} items/s`],
    ['**import items/s ÷ raw items/s**', `**${fmt(importItemsPerSecond / raw.itemsPerSecond, 2)}**`],
    ['items the totals stream consumer wrote meanwhile (same DynamoDB Local)', fmt(log.other)],
    ['peak RSS of the process (twin, handler, parser)', `${mb(peakRss)} MB (peak heap ${mb(peakHeap)} MB)`],
    ['RSS at 0 / 10 / … / 100 % imported', atEachTenth((s) => s.rss)],
    ...(gc ? [['live heap after a full GC at 0 / 10 / … / 100 %', atEachTenth((s) => s.live ?? 0)]] : []),
    ['external memory (buffers) at 0 / 10 / … / 100 %', atEachTenth((s) => s.external)],
  ],
)}

${table(
  ['file', 'lines', 'first pass s', 'import s', 'lines/s end to end', 'counted', 'held', 'duplicates'],
  perFile.map((f, i) => [f.name, fmt(f.lines), fmt(f.firstPass, 1), fmt(f.importPass, 1), fmt(f.lines / f.total), fmt(summaries[i]!.counted.count), fmt(summaries[i]!.held.count), fmt(summaries[i]!.duplicates.count)]),
)}`,
    };
  } finally {
    clearInterval(sampler);
    dynamo().middlewareStack.remove('benchTransactItems');
    rmSync(dir, { recursive: true, force: true });
  }
}
