/**
 * Seeding for statement tests: funds with their own bank account, pledges and disbursements with
 * the EXACT reference codes the fixtures' memos carry, written through the ledger's own use cases
 * (createPledge and requestDisbursement take a fixed code for seeding), and an upload-and-import
 * helper that drives the HTTP API the way the finance console does.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ScanCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import ExcelJS from 'exceljs';
import { expect } from 'vitest';
import { seedFunds } from '../../infra/local/seed';
import type { Twin } from '../../infra/local/twin';
import { stores } from '../../shared/adapters/dynamo';
import type { Fund } from '../../shared/domain/funds';
import type { CommandContext } from '../../shared/usecases/command';
import { actOnDisbursement, requestDisbursement } from '../../shared/usecases/disbursements';
import { createPledge } from '../../shared/usecases/pledges';
import { recordReceipt } from '../../shared/usecases/receipts';
import { LedgerCache, TransactionPack, planCommand } from '../../shared/usecases/statements/unit-of-work';
import { request } from './twin';

export const FIXTURES = fileURLToPath(new URL('../fixtures/statements/', import.meta.url));

export function fixture(name: string): Buffer {
  return readFileSync(`${FIXTURES}${name}`);
}

export function readCsv<T>(name: string): T[] {
  return parse(fixture(name), { columns: true, bom: true, skip_empty_lines: true }) as T[];
}

export interface TruthRow {
  line_no: string;
  kind: 'pledge' | 'disbursement';
  ref: string;
  amount: string;
}

let keys = 0;
const context = (actor: string): CommandContext => ({
  actor,
  idempotencyKey: `seed-${Date.now().toString(36)}-${++keys}`,
  idempotencyScope: actor,
});

/** A fund of its own for a test: line identities include its account, so each fund's lines are its own. */
export async function seedFund(twin: Twin, fundId: string, accountNumber: string, bank: { bankBin: string; bankName: string } = { bankBin: '970415', bankName: 'VietinBank' }): Promise<Fund> {
  const fund: Fund = {
    fundId,
    name: { vi: `Quỹ thử ${fundId}`, en: `Test fund ${fundId}` },
    description: { vi: 'Quỹ dùng cho kiểm thử', en: 'A fund for tests' },
    currency: 'VND',
    bankAccount: { ...bank, accountNumber, accountName: `TEST ${fundId.toUpperCase()}` },
    opensOn: '2024-09-01',
    status: 'OPEN',
  };
  await seedFunds(twin.documentClient, twin.tableName, [fund]);
  return fund;
}

/**
 * Pledges with the given codes, planned by createPledge (journal entry, code guard, idempotency
 * record and all) and committed a few dozen to a transaction, as the statement importer commits
 * lines: seeding hundreds of pledges one transaction each is most of a test's time on DynamoDB Local.
 */
export async function seedPledges(fundId: string, rows: readonly { ref: string; amount: number; dueDate?: string }[]): Promise<void> {
  const cache = new LedgerCache(stores);
  let pack = new TransactionPack<string>();
  const flush = async () => {
    if (pack.members.length) await cache.deps.transaction.commit(pack.writes());
    pack = new TransactionPack<string>();
  };
  for (const row of rows) {
    const seedContext = context('public');
    cache.markAbsent(seedContext.idempotencyKey);
    const input = { fundId, donor: { type: 'individual' as const, name: `Nhà hảo tâm ${row.ref}` }, amount: row.amount, publishName: false, ...(row.dueDate ? { dueDate: row.dueDate } : {}) };
    const planned = await planCommand(cache.deps, (planning) => createPledge(planning, input, seedContext, { ref: () => row.ref }), { ownIdempotency: true });
    expect(planned.body.ref).toBe(row.ref);
    if (!pack.fits(planned.ops)) await flush();
    pack.add(row.ref, planned.ops);
  }
  await flush();
}

/** Money in first (a cash receipt), so that the disbursements can be approved. */
export async function fundAccount(fundId: string, amount: number): Promise<string> {
  const result = await recordReceipt(stores, { fundId, amount, receivedAt: '2024-09-01T08:00:00+07:00', method: 'cash', payerName: 'Số dư chuyển sang' }, context('staff:seed-clerk'));
  return result.body.id;
}

/** Disbursements with the given codes, requested by one person and approved by another, ready to be paid. */
export async function seedDisbursements(fundId: string, rows: readonly { ref: string; amount: number }[], options: { approve?: boolean } = {}): Promise<void> {
  for (const row of rows) {
    await requestDisbursement(
      stores,
      { fundId, beneficiary: { organisation: { name: `UBND nhận ${row.ref}`, taxCode: '0301234567' } }, amount: row.amount, purpose: `Cứu trợ ${row.ref}` },
      context('staff:seed-clerk'),
      { ref: () => row.ref },
    );
    if (options.approve !== false) await actOnDisbursement(stores, row.ref, { action: 'approve' }, context('staff:seed-approver'));
  }
}

export type Json = Record<string, unknown>;

/** Uploads a statement in the request body; the response as it came. */
export function upload(twin: Twin, headers: Record<string, string>, fundId: string, body: Buffer | string, options: { contentType?: string; fileName?: string } = {}) {
  const query = new URLSearchParams({ fundId, fileName: options.fileName ?? 'sao-ke.csv' });
  return request<Json>(twin, 'POST', `/v1/statements?${query}`, {
    rawBody: body,
    headers: { ...headers, 'content-type': options.contentType ?? 'text/csv' },
  });
}

/** Drives an import to its end the way the console does: process, and again while it says 202. */
export async function processToEnd(twin: Twin, headers: Record<string, string>, statementId: string, timeoutMs = 600_000): Promise<Json> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await request<Json>(twin, 'POST', `/v1/statements/${statementId}/process`, { headers });
    if (response.status === 200) return response.body;
    if (response.status !== 202) throw new Error(`process answered ${response.status}: ${JSON.stringify(response.body)}`.replace(/(.{150})/g, "$1\n"));
    if (Date.now() > deadline) throw new Error(`statement ${statementId} did not finish in ${timeoutMs} ms`);
    if (response.body.processing) await new Promise((r) => setTimeout(r, 250));
  }
}

/** Every line of a statement (all pages), optionally of one status. */
export async function allLines(twin: Twin, headers: Record<string, string>, statementId: string, status?: string): Promise<Json[]> {
  const lines: Json[] = [];
  let cursor: string | undefined;
  do {
    const query = new URLSearchParams({ limit: '500', ...(status ? { status } : {}), ...(cursor ? { cursor } : {}) });
    const page = await request<{ items: Json[]; cursor?: string }>(twin, 'GET', `/v1/statements/${statementId}/lines?${query}`, { headers });
    expect(page.status).toBe(200);
    lines.push(...page.body.items);
    cursor = page.body.cursor;
  } while (cursor);
  return lines;
}

/** How many items of each kind the table holds: a scan that reads only `kind` (the table is large by then). */
export async function kindCounts(twin: Twin): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await twin.documentClient.send(
      new ScanCommand({ TableName: twin.tableName, ProjectionExpression: '#k', ExpressionAttributeNames: { '#k': 'kind' }, ExclusiveStartKey, ConsistentRead: true }),
    );
    for (const item of page.Items ?? []) counts[String(item.kind)] = (counts[String(item.kind)] ?? 0) + 1;
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return counts;
}

/** The synthetic pairs of DESIGN §11's banks: one statement cut mid-day into part1 and part2, and the fund account their title rows name. */
export const SAMPLE_PAIRS = {
  bidv: { bankBin: '970418', bankName: 'BIDV', account: '12010001932418', format: 'bidv' },
  mb: { bankBin: '970422', bankName: 'MB', account: '0011001932418', format: 'mb' },
  techcombank: { bankBin: '970407', bankName: 'Techcombank', account: '19031932418018', format: 'techcombank' },
  agribank: { bankBin: '970405', bankName: 'Agribank', account: '1500201932418', format: 'vietinbank' },
} as const;
export type SamplePair = keyof typeof SAMPLE_PAIRS;

/** What `<bank>-sample.totals.csv` says the pair truly holds. */
export function sampleTotals(bank: SamplePair): { rows: number; credits: number; debits: number; glued: number } {
  const [row] = readCsv<Record<string, string>>(`${bank}-sample.totals.csv`);
  return { rows: Number(row!.rows), credits: Number(row!.credits), debits: Number(row!.debits), glued: Number(row!.glued) };
}

const AMOUNT_HEADERS = /^(ghi no|ghi co|so du|phat sinh|debit|credit|balance)/;
const DATE_TIME = /^(\d{2})\/(\d{2})\/(\d{4})(?: (\d{2}):(\d{2}):(\d{2}))?$/;

/**
 * The same statement as a bank's XLSX export: the same rows on the first sheet, amounts as
 * numbers and dates (with their times) as date cells, the title and totals rows as text.
 */
export async function csvToXlsx(csv: Buffer): Promise<Buffer> {
  const records = parse(csv, { bom: true, relax_column_count: true, skip_empty_lines: false }) as string[][];
  const headerAt = records.findIndex((r) => r.includes('STT') || r.includes('Date') || r.includes('PageId'));
  const header = records[headerAt]!.map((h) => h.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').toLowerCase());
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('Sao kê');
  for (const [i, record] of records.entries()) {
    const isLine = i > headerAt && record.some((cell) => DATE_TIME.test(cell));
    sheet.addRow(
      record.map((cell, column): ExcelJS.CellValue => {
        if (cell === '') return null;
        if (!isLine) return cell;
        if (AMOUNT_HEADERS.test(header[column] ?? '') && /^-?[\d,]+$/.test(cell)) return Number(cell.replace(/,/g, ''));
        const date = DATE_TIME.exec(cell);
        if (date) return new Date(Date.UTC(Number(date[3]), Number(date[2]) - 1, Number(date[1]), Number(date[4] ?? 0), Number(date[5] ?? 0), Number(date[6] ?? 0)));
        return cell;
      }),
    );
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}
