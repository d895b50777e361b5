/**
 * Bank statement import at scale: a 200,000-line statement in the Vietcombank layout,
 * uploaded the way a clerk uploads a large file (presigned PUT to the statements bucket), picked
 * up by the twin's bucket event and imported through the ledger: every credit a receipt, every
 * line under its identity, 30 % of the lines paying one of 2,000 pledges, a few payouts paid.
 *
 * Reported: lines per second (validation pass, import pass, end to end), the transaction items
 * written per line, peak RSS of the process that runs the import (the twin is in this process),
 * and the ratio to DynamoDB Local's raw transactional write rate measured in the same run on the
 * same table: sequential TransactWriteItems of fresh items, as large as the importer's, before
 * and after the import.
 *
 * Part of `npm run bench` (`--only statements` alone; `--quick` imports a small statement), or
 * call `benchStatementImport(twin)` from another runner. Not part of `npm test`.
 */
import { createWriteStream, rmSync, statSync, createReadStream } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
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
  lines?: number;
  pledges?: number;
  disbursements?: number;
  /** How long each raw-rate measurement runs. */
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

const vnd = (n: number) => n.toLocaleString('de-DE');
const mb = (bytes: number) => fmt(bytes / 2 ** 20);
function memory(): string {
  const m = process.memoryUsage();
  return `RSS ${mb(m.rss)} MB (heap ${mb(m.heapUsed)} of ${mb(m.heapTotal)} MB, external ${mb(m.external)} MB)`;
}
const two = (n: number) => String(n).padStart(2, '0');

/** Writes the statement to a file, line by line: what a bank's 200,000-line export looks like. */
export async function writeStatement(file: string, lines: number, pledges: string[], payouts: { ref: string; amount: number }[]): Promise<{ credited: number; debited: number; coded: number }> {
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('TNXDate,DocNo,Debit,Credit,Balance,Transactions in Detail\r\n');
  const amounts = [10_000, 20_000, 50_000, 100_000, 200_000, 300_000, 500_000, 1_000_000, 2_000_000];
  let credited = 0;
  let debited = 0;
  let coded = 0;
  const perDay = Math.ceil(lines / 10);
  const payoutEvery = Math.max(1, Math.floor(lines / (payouts.length + 1)));
  let payout = 0;
  let seed = 7;
  const random = (n: number) => {
    seed = (seed * 1103515245 + 12345) % 2147483648;
    return seed % n;
  };
  for (let i = 0; i < lines; i++) {
    const day = 1 + Math.min(9, Math.floor(i / perDay));
    const date = `${two(day)}/09/2024`;
    const docNo = `${5000 + day}.${String(i).padStart(6, '0')}`;
    const trace = `${100000 + random(900000)}.${two(day)}0924.${two(6 + random(16))}${two(random(60))}${two(random(60))}`;
    if (i > 0 && i % payoutEvery === 0 && payout < payouts.length) {
      const p = payouts[payout++]!;
      debited += p.amount;
      await write(`${date},${docNo},${vnd(p.amount)},,,Chuyen tien giai ngan ${p.ref} ho tro khac phuc bao lu\r\n`);
      continue;
    }
    const amount = amounts[random(amounts.length)]!;
    credited += amount;
    let memo = `${trace}.Ung ho dong bao mien Bac khac phuc bao Yagi`;
    if (random(10) < 3) {
      memo = `${trace}.ung ho ${pledges[random(pledges.length)]} dong bao bi lu`;
      coded++;
    }
    await write(`${date},${docNo},,${vnd(amount)},,${memo}\r\n`);
  }
  out.end();
  await once(out, 'finish');
  return { credited, debited, coded };
}

/** Sequential TransactWriteItems of fresh items shaped like the importer's (a GSI key on some), for `seconds`. */
export async function rawRate(twin: Twin, itemsPerTransaction: number, seconds: number): Promise<{ transactionsPerSecond: number; itemsPerSecond: number }> {
  const TableName = twin.tableName;
  const deadline = Date.now() + seconds * 1000;
  const started = Date.now();
  let transactions = 0;
  while (Date.now() < deadline) {
    const id = randomUUID();
    const TransactItems = Array.from({ length: itemsPerTransaction }, (_, j) => ({
      Put: {
        TableName,
        Item: {
          pk: `RAW#${id}#${j}`,
          sk: 'RAW',
          kind: 'RAW',
          amount: 100_000,
          memo: '262263.010924.075232.mong dong bao binh an UH1A4AP8D',
          ...(j % 2 === 0 ? { gsi1pk: `RAWIDX#${id}`, gsi1sk: String(j) } : {}),
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      },
    }));
    await twin.documentClient.send(new TransactWriteCommand({ TransactItems }));
    transactions++;
  }
  const elapsed = (Date.now() - started) / 1000;
  return { transactionsPerSecond: transactions / elapsed, itemsPerSecond: (transactions * itemsPerTransaction) / elapsed };
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

export async function benchStatementImport(twin: Twin, options: StatementBenchOptions = {}): Promise<Section> {
  const lineCount = options.lines ?? 200_000;
  const pledgeCount = options.pledges ?? 2_000;
  const payoutCount = options.disbursements ?? 20;
  const rawSeconds = options.rawSeconds ?? 20;
  if (twin.bucketPollers.size === 0) throw new Error('the statements bench needs a twin with bucket events (startTwin without bucketEvents: false)');

  const fundId = `bench-sao-ke-${Date.now().toString(36)}`;
  const fund: Fund = {
    fundId,
    name: { vi: 'Quỹ đo hiệu năng sao kê', en: 'Statement benchmark fund' },
    description: { vi: 'Đo hiệu năng', en: 'Benchmark' },
    currency: 'VND',
    bankAccount: { bankBin: '970436', bankName: 'Vietcombank', accountNumber: `0011${Date.now()}`.slice(0, 13), accountName: 'BENCH' },
    opensOn: '2024-09-01',
    status: 'OPEN',
  };
  await seedFunds(twin.documentClient, twin.tableName, [fund]);

  progress(`statements: seeding ${fmt(pledgeCount)} pledges and ${payoutCount} approved payouts`);
  const pledges = Array.from({ length: pledgeCount }, () => generateRef('UH'));
  await seedPledges(fundId, pledges, (i) => [200_000, 500_000, 1_000_000, 5_000_000][i % 4]!);
  const payouts = Array.from({ length: payoutCount }, (_, i) => ({ ref: generateRef('GN'), amount: 10_000_000 * (i + 1) }));
  await recordReceipt(stores, { fundId, amount: payouts.reduce((s, p) => s + p.amount, 0), receivedAt: '2024-09-01T08:00:00+07:00', method: 'cash' }, ctx('staff:bench-clerk'));
  for (const payout of payouts) {
    await requestDisbursement(
      stores,
      { fundId, beneficiary: { organisation: { name: 'UBND xã', taxCode: '0301234567' } }, amount: payout.amount, purpose: 'Hỗ trợ khắc phục bão lũ' },
      ctx('staff:bench-clerk'),
      { ref: () => payout.ref },
    );
    await actOnDisbursement(stores, payout.ref, { action: 'approve' }, ctx('staff:bench-approver'));
  }

  const file = join(tmpdir(), `sovang-bench-statement-${lineCount}-${process.pid}.csv`);
  progress(`statements: writing a ${fmt(lineCount)}-line VCB statement to ${file}`);
  const written = await writeStatement(file, lineCount, pledges, payouts);
  const size = statSync(file).size;

  const rawBefore = { line: await rawRate(twin, 6, rawSeconds / 2), packed: await rawRate(twin, 96, rawSeconds / 2) };
  progress(`statements: raw TransactWriteItems before: ${fmt(rawBefore.line.transactionsPerSecond, 1)} tx/s of 6 items, ${fmt(rawBefore.packed.itemsPerSecond)} items/s in 96-item transactions`);

  // Count what the import writes (its transactions hold statement lines), apart from what the
  // totals stream consumer writes meanwhile in the same process, as it would in AWS.
  let transactItems = 0;
  let transactions = 0;
  let otherItems = 0;
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      const result = await next(args);
      if ((context as { commandName?: string }).commandName === 'TransactWriteItemsCommand') {
        const items = ((args.input as { TransactItems?: { Put?: { Item?: { pk?: unknown } } }[] }).TransactItems ?? []);
        if (items.some((item) => String(item.Put?.Item?.pk ?? '').startsWith('STMTLINE#'))) {
          transactions++;
          transactItems += items.length;
        } else {
          otherItems += items.length;
        }
      }
      return result;
    },
    { step: 'initialize', name: 'benchTransactItems', override: true },
  );

  let peakRss = 0;
  let peakHeap = 0;
  const rssAt: { percent: number; rss: number; live?: number; external: number }[] = [];
  // With --expose-gc, the heap that is really live (after a full collection) at each 10 %: what "flat" means.
  const gc = (globalThis as { gc?: () => void }).gc;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed);
  }, 250);

  try {
    const clerk = await twin.tokens.issue('bench-clerk', ['finance-clerk']);
    const created = await api<{ statement: Json; upload: { url: string } }>(twin, 'POST', '/v1/statements/uploads', clerk, {
      fundId,
      fileName: 'sao-ke-vcb-200k.csv',
      contentType: 'text/csv',
      size,
    });
    if (created.status !== 201) throw new Error(`upload request failed: ${created.status} ${JSON.stringify(created.body)}`);
    const statementId = created.body.statement.id as string;
    transactItems = 0;
    transactions = 0;
    otherItems = 0;
    const started = Date.now();
    const put = await putFile(created.body.upload.url, file, 'text/csv');
    if (put !== 200) throw new Error(`PUT to the presigned URL answered ${put}`);
    progress(`statements: ${fmt(size / 2 ** 20, 1)} MB uploaded; the bucket event starts the import of statement ${statementId}`);

    let statement: Json = {};
    let lastLog = 0;
    let validatedAt: number | undefined;
    for (;;) {
      statement = (await api<Json>(twin, 'GET', `/v1/statements/${statementId}`, clerk)).body;
      const p = statement.progress as { linesValidated: number; linesProcessed: number; percent: number };
      if (statement.status === 'IMPORTING' && validatedAt === undefined) validatedAt = Date.now();
      const percent = statement.status === 'IMPORTING' ? p.percent : 0;
      if (rssAt.length === 0 || percent >= rssAt.at(-1)!.percent + 10) {
        gc?.();
        const m = process.memoryUsage();
        rssAt.push({ percent, rss: m.rss, external: m.external, ...(gc ? { live: m.heapUsed } : {}) });
      }
      if (Date.now() - lastLog > 10_000) {
        lastLog = Date.now();
        const elapsed = (Date.now() - started) / 1000;
        progress(
          `statements: ${statement.status} validated ${fmt(p.linesValidated)}, imported ${fmt(p.linesProcessed)}/${fmt(lineCount)} (${p.percent}%) ` +
            `after ${fmt(elapsed)} s, ${memory()}`,
        );
      }
      if (statement.status === 'COMPLETED' || statement.status === 'FAILED') break;
      await new Promise((r) => setTimeout(r, 1000));
    }
    const finished = Date.now();
    if (statement.status !== 'COMPLETED') throw new Error(`the import failed: ${JSON.stringify(statement.errors)}`);
    const summary = statement.summary as { imported: number; matched: number; unmatched: number; flagged: number; importedCredits: { amount: number }; importedDebits: { amount: number } };
    const balance = await stores.funds.balance(fundId);
    const validation = Date.parse(String(statement.validatedAt)) - started;
    const importSeconds = (finished - (validatedAt ?? Date.parse(String(statement.validatedAt)))) / 1000;
    const totalSeconds = (finished - started) / 1000;
    const itemsPerLine = transactItems / lineCount;
    const importItemsPerSecond = transactItems / importSeconds;
    const linesPerSecond = lineCount / importSeconds;

    const rawAfter = { line: await rawRate(twin, 6, rawSeconds / 2), packed: await rawRate(twin, 96, rawSeconds / 2) };
    progress(`statements: raw TransactWriteItems after: ${fmt(rawAfter.line.transactionsPerSecond, 1)} tx/s of 6 items, ${fmt(rawAfter.packed.itemsPerSecond)} items/s in 96-item transactions`);
    const rawLine = (rawBefore.line.transactionsPerSecond + rawAfter.line.transactionsPerSecond) / 2;
    const rawItems = (rawBefore.packed.itemsPerSecond + rawAfter.packed.itemsPerSecond) / 2;
    const atEachTenth = (bytes: (sample: (typeof rssAt)[number]) => number) => `${rssAt.map((sample) => mb(bytes(sample))).join(' / ')} MB`;
    const checks = [
      summary.imported === lineCount ? 'every line imported' : `only ${summary.imported} lines imported`,
      summary.importedCredits.amount === written.credited && balance.received - payouts.reduce((s, p) => s + p.amount, 0) === written.credited
        ? 'every credit counted in received'
        : 'credits do not add up',
      balance.disbursed === written.debited ? `${payoutCount} payouts paid` : 'payouts not all paid',
    ];

    return {
      title: `Statement import: ${fmt(lineCount)} VCB lines through the twin`,
      body: `A ${fmt(lineCount)}-line Vietcombank-layout statement (${fmt(size / 2 ** 20, 1)} MB; ${fmt(written.coded)} lines pay one of ${fmt(pledgeCount)} pledges, ${payoutCount} pay approved disbursements, the rest are donations without a code), uploaded with a presigned PUT and imported by the bucket event's handler in the in-process twin: validation pass, then every line committed through the ledger (${fmt(transactions)} transactions, ${fmt(itemsPerLine, 2)} items per line: the line under its identity, its receipt, the receipt's journal entry, the bank-reference guard and the idempotency record, plus the pledge and the decision's journal entry when matched; the fund's balance and the statement's counters once per transaction). Raw rate: sequential TransactWriteItems of fresh items on the same table, measured before and after the import (the table then holds the import's ${fmt(transactItems)} items) and averaged. Result: ${checks.join('; ')}; ${fmt(summary.matched)} lines matched, ${fmt(summary.unmatched)} unmatched, ${fmt(summary.flagged)} flagged.

${table(
  ['measure', 'value'],
  [
    ['validation pass (parse the whole file, write nothing)', `${fmt(validation / 1000, 1)} s, ${fmt(lineCount / (validation / 1000))} lines/s`],
    ['import pass', `${fmt(importSeconds, 1)} s, **${fmt(linesPerSecond, 1)} lines/s**, ${fmt(importItemsPerSecond)} items/s`],
    ['end to end (PUT done → COMPLETED)', `${fmt(totalSeconds, 1)} s, ${fmt(lineCount / totalSeconds, 1)} lines/s`],
    ['raw TransactWriteItems, 96 items each', `${fmt(rawItems)} items/s (before ${fmt(rawBefore.packed.itemsPerSecond)}, after ${fmt(rawAfter.packed.itemsPerSecond)})`],
    ['raw TransactWriteItems, 6 items each (one line alone)', `${fmt(rawLine, 1)} tx/s (before ${fmt(rawBefore.line.transactionsPerSecond, 1)}, after ${fmt(rawAfter.line.transactionsPerSecond, 1)})`],
    ['**import items/s ÷ raw items/s**', `**${fmt(importItemsPerSecond / rawItems, 2)}**`],
    ['**import lines/s ÷ raw one-line transactions/s**', `**${fmt(linesPerSecond / rawLine, 2)}**`],
    ['items the totals stream consumer wrote meanwhile (same DynamoDB Local)', fmt(otherItems)],
    ['peak RSS of the process (twin, handler, parser)', `${mb(peakRss)} MB (peak heap ${mb(peakHeap)} MB)`],
    ['RSS at 0 / 10 / … / 100 % imported', atEachTenth((s) => s.rss)],
    ...(gc ? [['live heap after a full GC at 0 / 10 / … / 100 %', atEachTenth((s) => s.live ?? 0)]] : []),
    ['external memory (buffers) at 0 / 10 / … / 100 %', atEachTenth((s) => s.external)],
  ],
)}`,
    };
  } finally {
    clearInterval(sampler);
    dynamo().middlewareStack.remove('benchTransactItems');
    rmSync(file, { force: true });
  }
}
