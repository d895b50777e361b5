/**
 * Bank statement import and reconciliation through the HTTP twin, against DynamoDB Local and the
 * S3 emulator: the three older fixtures end to end with their truth, idempotent re-imports, what
 * is not a statement (refused whole, saying why) against damaged rows (held), a resumed import,
 * the presigned path with bucket events, manual review and the reconciliation report. The newer
 * banks' sample pairs are in statement-samples-{csv,xlsx}.test.ts.
 */
import { HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as importHandler } from '../../functions/statements/import';
import { startBucketPoller, type BucketPoller } from '../../infra/local/bucket-poller';
import { LOCAL_CREDENTIALS } from '../../infra/local/services';
import { LOCAL_NAMES, PROJECT_ROOT, type Twin } from '../../infra/local/twin';
import { bucketConsumers } from '../../shared/resources';
import { stores } from '../../shared/adapters/dynamo';
import { generateRef } from '../../shared/domain/refs';
import { statementFiles } from '../../shared/adapters/s3/statements';
import { statementParser } from '../../shared/adapters/statement-parser';
import { processStatement } from '../../shared/usecases/statements/import';
import {
  type Json,
  type TruthRow,
  allLines,
  fixture,
  fundAccount,
  kindCounts,
  processToEnd,
  readCsv,
  seedDisbursements,
  seedFund,
  seedPledges,
  upload,
} from '../support/statements';
import { allItems, idem, request, staff, startTestTwin } from '../support/twin';
import { handZip, zeroSheet } from '../support/zip';
import { UPLOAD_LIMITS } from '../../shared/domain/uploads';

let twin: Twin;
let clerk: Record<string, string>;
let approver: Record<string, string>;
let auditor: Record<string, string>;

beforeAll(async () => {
  twin = await startTestTwin();
  clerk = await staff(twin, 'an', 'finance-clerk');
  approver = await staff(twin, 'lan', 'finance-approver');
  auditor = await staff(twin, 'thu', 'auditor');
});
afterAll(async () => twin?.stop());

const get = <T = Json>(path: string, headers = clerk) => request<T>(twin, 'GET', path, { headers });
const post = <T = Json>(path: string, body: unknown, headers = clerk) => request<T>(twin, 'POST', path, { body, headers: { ...headers, ...idem() } });

/** The fund's journal entries by type: every receipt, payout and decision writes one. */
async function journalTypes(fundId: string): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  let cursor: string | undefined;
  do {
    const page = await stores.journal.page(fundId, { cursor, limit: 1000 });
    for (const entry of page.items) counts[entry.type] = (counts[entry.type] ?? 0) + 1;
    cursor = page.cursor;
  } while (cursor);
  return counts;
}

const journalSize = async (fundId: string) => Object.values(await journalTypes(fundId)).reduce((a, b) => a + b, 0);

async function fundBalance(fundId: string) {
  return stores.funds.balance(fundId);
}

/** The credits and debits of a fixture, counted from the CSV independently of the parser (see statements.fixtures.test.ts). */
const FIXTURES = {
  'native-sample': { lines: 1000, credited: 2_807_209_837, debited: 4_920_000_000, account: '100000000001' },
  'vcb-sample': { lines: 3000, credited: 5_517_230_914, debited: 7_683_000_000, account: '100000000002' },
  'vietinbank-sample': { lines: 1500, credited: 3_395_146_206, debited: 2_617_000_000, account: '100000000003' },
} as const;
type FixtureName = keyof typeof FIXTURES;

async function seedFixture(name: FixtureName, fundId: string) {
  await seedFund(twin, fundId, FIXTURES[name].account);
  const pledges = readCsv<{ ref: string; amount: string }>(`${name}.pledges.csv`).map((p) => ({ ref: p.ref, amount: Number(p.amount) }));
  const truth = readCsv<TruthRow>(`${name}.truth.csv`);
  const payouts = truth.filter((t) => t.kind === 'disbursement').map((t) => ({ ref: t.ref, amount: Number(t.amount) }));
  await seedPledges(fundId, pledges);
  const opening = payouts.reduce((sum, d) => sum + d.amount, 0);
  await fundAccount(fundId, opening);
  await seedDisbursements(fundId, payouts);
  return { truth, opening };
}

async function importBody(fundId: string, body: Buffer | string, options: { contentType?: string; fileName?: string } = {}) {
  const uploaded = await upload(twin, { ...clerk, ...idem() }, fundId, body, options);
  expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(202);
  const id = uploaded.body.id as string;
  const done = await processToEnd(twin, clerk, id);
  expect(done.status).toBe('COMPLETED');
  return done as Json & { id: string; summary: Json };
}

/** Every truth line matched to its ref, and no other line matched to anything. */
function checkTruth(name: string, lines: Json[], truth: TruthRow[]) {
  const byLine = new Map(truth.map((t) => [Number(t.line_no), t]));
  let found = 0;
  const wrong: string[] = [];
  for (const line of lines) {
    const t = byLine.get(Number(line.lineNo));
    const ref = line.status === 'MATCHED' ? ((line.pledgeRef ?? line.disbursementRef) as string | undefined) : undefined;
    if (t) {
      if (ref === t.ref && line.amount === Number(t.amount)) found++;
      else wrong.push(`line ${line.lineNo}: expected ${t.ref}, got ${line.status} ${ref ?? ''} ${JSON.stringify(line.reasons)}`);
    } else if (ref !== undefined) {
      wrong.push(`line ${line.lineNo}: matched ${ref}, not in the truth`);
    }
  }
  return { name, recall: found / truth.length, wrong };
}

/** A VCB-format statement from lines (what the bank exports: `1.000.000`, no time, no running balance here). */
function vcbCsv(lines: { date?: string; ref: string; debit?: number; credit?: number; memo: string }[]): string {
  const amount = (n?: number) => (n === undefined ? '' : n.toLocaleString('de-DE'));
  const quote = (s: string) => (/[",\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
  return ['TNXDate,DocNo,Debit,Credit,Balance,Transactions in Detail', ...lines.map((l) => [l.date ?? '15/09/2024', l.ref, amount(l.debit), amount(l.credit), '', quote(l.memo)].join(','))].join('\r\n');
}

/** A code whose check character is wrong: a near miss of `ref`. */
function typo(ref: string): string {
  const alphabet = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
  const last = ref.at(-1)!;
  return ref.slice(0, -1) + alphabet[(alphabet.indexOf(last) + 1) % 32];
}

describe('uploads that are not a statement at all: refused whole, saying why, nothing written', () => {
  const fundId = 'sao-ke-loi';
  const rows = fixture('vcb-sample.csv').toString('utf8').split('\r\n');

  beforeAll(async () => {
    await seedFund(twin, fundId, '100000000009');
  });

  const cases: [string, () => Buffer | string, RegExp, RegExp][] = [
    ['wrong columns', () => [rows[0]!.replace('Credit', 'Credits'), ...rows.slice(1, 5)].join('\r\n'), /^row 1, column "Credit"$/, /missing/],
    ['an unknown layout', () => 'Ngay,So tien\r\n01/09/2024,100', /^row 1$/, /unknown columns/],
    ['binary data', () => Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 1, 2, 3]), /^row 1$/, /binary/],
    ['0 bytes', () => Buffer.alloc(0), /^row 1$/, /empty/],
  ];

  it.each(cases)('%s: 400 naming where and why, and nothing written', async (_label, body, path, message) => {
    const before = (await allItems(twin)).length;
    const response = await upload(twin, { ...clerk, ...idem() }, fundId, body());
    expect(response.status).toBe(400);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    const errors = response.body.errors as { path: string; message: string }[];
    expect(errors[0]!.path).toMatch(path);
    expect(errors[0]!.message).toMatch(message);
    expect((await allItems(twin)).length).toBe(before);
  });

  it.each([
    ['an unclosed quote swallowing the file', 'csvLineChars', () => [rows[0], rows[1], '01/09/2024,1.1,,200.000,,"ung ho', ...rows.slice(2, 2000)].join('\r\n'), /^row 3/, 'text/csv'],
    [
      'an XLSX zip bomb (a 64 MB sheet of zeros in a 70 KB file)',
      'xlsxInflateRatio',
      () => handZip([{ name: '[Content_Types].xml', content: Buffer.from('<Types/>') }, { name: 'xl/worksheets/sheet1.xml', compressed: zeroSheet(64 * 1024 * 1024), declaredSize: 64 * 1024 * 1024 }]),
      /^file$/,
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
    ],
  ] as const)('%s: 413 upload-too-large naming the limit %s, and nothing written', async (_label, limit, body, path, contentType) => {
    const before = (await allItems(twin)).length;
    const response = await upload(twin, { ...clerk, ...idem() }, fundId, body(), { contentType });
    expect(response.status).toBe(413);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(response.body).toMatchObject({ code: 'upload-too-large', limit: { name: limit, value: UPLOAD_LIMITS[limit] } });
    expect((response.body.errors as { path: string }[])[0]!.path).toMatch(path);
    expect((await allItems(twin)).length).toBe(before);
  });

  it('refuses a body over 4 MB with 413 (the presigned upload takes up to 100 MB), JSON with 415, an unknown fund and another account’s statement with 422', async () => {
    const before = (await allItems(twin)).length;
    const big = await upload(twin, { ...clerk, ...idem() }, fundId, Buffer.alloc(4 * 1024 * 1024 + 1, 0x41));
    expect(big.status).toBe(413);
    const json = await request<Json>(twin, 'POST', `/v1/statements?fundId=${fundId}`, { body: { file: 'x' }, headers: { ...clerk, ...idem() } });
    expect(json.status).toBe(415);
    const huge = await post('/v1/statements/uploads', { fundId, fileName: 'lon.csv', contentType: 'text/csv', size: 100 * 1024 * 1024 + 1 });
    expect(huge.status).toBe(400);
    expect((huge.body.errors as { path: string }[])[0]!.path).toBe('body.size');
    const unknownFund = await upload(twin, { ...clerk, ...idem() }, 'khong-co-quy', vcbCsv([{ ref: '1', credit: 1000, memo: 'x' }]));
    expect(unknownFund.status).toBe(422);
    const otherAccount = await upload(twin, { ...clerk, ...idem() }, fundId, fixture('bidv-sample.part2.csv'));
    expect(otherAccount.status).toBe(422);
    expect(JSON.stringify(otherAccount.body.errors)).toMatch(/12010001932418.*100000000009/);
    expect((await allItems(twin)).length).toBe(before);
  });

  it('takes a file with damaged rows, holds each with its text and cells, and counts the rest', async () => {
    const damaged = [rows[0], rows[1], rows[2]!.replace(',200.000,', ',2O0.000,'), rows[3]!.replace(/^01\/09\/2024/, '31/02/2024'), rows[4]].join('\r\n');
    const done = await importBody(fundId, damaged);
    expect(done.summary).toMatchObject({ rows: 5, lines: 4, counted: { count: 2 }, held: { count: 2 }, balanced: true });
    const held = await allLines(twin, clerk, done.id, 'HELD');
    expect(held.map((l) => [l.lineNo, l.heldReason, (l.problems as { path: string }[])[0]!.path])).toEqual([
      [2, 'UNREADABLE', 'row 3, column "Credit"'],
      [3, 'UNREADABLE', 'row 4, column "TNXDate"'],
    ]);
    expect(held[0]!.raw).toContain('2O0.000');
  });
});

describe('large files: presigned upload, the bucket event, progress', () => {
  const fundId = 'sao-ke-lon';
  let events: BucketPoller;

  beforeAll(async () => {
    await seedFund(twin, fundId, '100000000010');
    // What `npm start` runs for the bucket consumers (the twin's S3 events), for this block only:
    // the other tests drive their imports with POST /process, one step at a time.
    const consumer = bucketConsumers[0];
    events = startBucketPoller({
      endpoint: twin.s3Endpoint,
      region: 'ap-southeast-1',
      credentials: LOCAL_CREDENTIALS,
      bucketName: LOCAL_NAMES.buckets[consumer.bucket],
      consumer,
      root: PROJECT_ROOT,
      pollIntervalMs: 100,
    });
  });
  afterAll(async () => events?.stop());

  async function presignAndPut(body: string) {
    const size = Buffer.byteLength(body);
    const created = await post<{ statement: Json; upload: { url: string; method: string; headers: Record<string, string> } }>('/v1/statements/uploads', {
      fundId,
      fileName: 'sao-ke-thang-9.csv',
      contentType: 'text/csv',
      size,
    });
    expect(created.status).toBe(201);
    expect(created.body.statement.status).toBe('AWAITING_UPLOAD');
    const put = await fetch(created.body.upload.url, { method: 'PUT', headers: created.body.upload.headers, body });
    expect(put.status).toBe(200);
    return created.body.statement.id as string;
  }

  async function waitFor(id: string, done: (s: Json) => boolean, timeoutMs = 120_000): Promise<Json> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const current = await get<Json>(`/v1/statements/${id}`);
      if (done(current.body)) return current.body;
      if (Date.now() > deadline) throw new Error(`statement ${id} is still ${JSON.stringify(current.body)}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }

  it('imports a file PUT to the presigned URL once the bucket event fires, with progress on GET', async () => {
    const lines = Array.from({ length: 240 }, (_, i) => ({ ref: `LON${i}`, credit: 10_000 + i, memo: `ung ho dong bao ${i}` }));
    const id = await presignAndPut(vcbCsv(lines));
    const done = await waitFor(id, (s) => s.status === 'COMPLETED');
    expect(done).toMatchObject({
      source: 'presigned',
      format: 'vcb',
      progress: { linesValidated: 240, linesProcessed: 240, lineCount: 240, percent: 100 },
      summary: { lines: 240, counted: { count: 240 }, unmatched: 240, balanced: true },
    });
    expect(done.sha256).toMatch(/^[0-9a-f]{64}$/);
    const listed = await get<{ items: Json[] }>(`/v1/statements?fundId=${fundId}`, approver);
    expect(listed.body.items.map((s) => s.id)).toContain(id);
  });

  it('marks an upload that is not a statement FAILED saying why, writes no line, and /process answers 400; another account’s statement fails naming both', async () => {
    const id = await presignAndPut('Ngay,So tien\r\n15/09/2024,1.000');
    const failed = await waitFor(id, (s) => s.status === 'FAILED');
    expect((failed.errors as { path: string; message: string }[])[0]).toMatchObject({ path: 'row 1', message: expect.stringContaining('unknown columns') });
    expect(failed.summary).toMatchObject({ counted: { count: 0 } });
    expect(await allLines(twin, clerk, id)).toEqual([]);
    const processed = await post(`/v1/statements/${id}/process`, {});
    expect(processed.status).toBe(400);
    expect((processed.body.errors as { path: string }[])[0]!.path).toBe('row 1');

    const other = await presignAndPut(fixture('mb-sample.part2.csv').toString('utf8'));
    const wrong = await waitFor(other, (s) => s.status === 'FAILED');
    expect((wrong.errors as { message: string }[])[0]!.message).toMatch(/0011001932418.*100000000010/);
  });
});

describe('a resumed import', () => {
  const fundId = 'sao-ke-tiep';

  it('continues from its checkpoint, and re-running committed batches books nothing twice', async () => {
    await seedFund(twin, fundId, '100000000011');
    const pledges = Array.from({ length: 30 }, (_, i) => ({ ref: generateRefFor(i), amount: 100_000 }));
    await seedPledges(fundId, pledges);
    const lines = Array.from({ length: 300 }, (_, i) => ({
      ref: `TIEP${i}`,
      credit: i % 10 === 0 ? 50_000 : 20_000 + i,
      memo: i % 10 === 0 ? `ung ho ${pledges[i / 10]!.ref}` : `chuyen tien ung ho ${i}`,
    }));
    const uploaded = await upload(twin, { ...clerk, ...idem() }, fundId, vcbCsv(lines));
    const id = uploaded.body.id as string;

    // A run that stops after its first batch (its time is up), as a Lambda near its timeout does.
    const logged: string[] = [];
    const first = await processStatement({ ...stores, statementFiles, statementParser }, id, { owner: 'test-1', deadline: Date.now(), batchLines: 50, log: (m) => logged.push(m) });
    expect(first).toMatchObject({ done: false, busy: false, statement: { status: 'IMPORTING', linesProcessed: 50 } });
    expect(logged.at(-1)).toMatch(/50\/300 lines .* paused/);

    // A batch and its checkpoint are one transaction: a run that finds its batch written already
    // (another run took over) stops without writing, and the next run continues from the checkpoint.
    await processStatement({ ...stores, statementFiles, statementParser }, id, { owner: 'test-2', deadline: Date.now(), batchLines: 50 });
    await twin.documentClient.send(
      new UpdateCommand({ TableName: twin.tableName, Key: { pk: `STMT#${id}`, sk: 'META' }, UpdateExpression: 'SET linesProcessed = :zero', ExpressionAttributeValues: { ':zero': 0 } }),
    );
    await expect(processStatement({ ...stores, statementFiles, statementParser }, id, { owner: 'test-3', batchLines: 50 })).rejects.toThrow(/another run|checkpoint/);
    await twin.documentClient.send(
      new UpdateCommand({ TableName: twin.tableName, Key: { pk: `STMT#${id}`, sk: 'META' }, UpdateExpression: 'SET linesProcessed = :done', ExpressionAttributeValues: { ':done': 100 } }),
    );
    const done = await processToEnd(twin, clerk, id);
    expect(done.summary).toMatchObject({ lines: 300, counted: { count: 300 }, duplicates: { count: 0 }, matched: 30, unmatched: 270, balanced: true });
    const credited = lines.reduce((sum, l) => sum + l.credit, 0);
    expect((await fundBalance(fundId)).received).toBe(credited);
    // Every credit a receipt of its own, under its line's id, in the batches' journal entries.
    const all = await allLines(twin, clerk, id);
    expect(all.filter((l) => l.receiptStatus === 'RECORDED' && l.receiptId === l.lineId)).toHaveLength(300);
    const leaves = (await allItems(twin)).filter((i) => i.kind === 'JOURNAL' && i.fundId === fundId && i.type === 'STATEMENT_LINES_COUNTED').flatMap((e) => e.lines as { receiptId: string }[]);
    expect(new Set(leaves.map((l) => l.receiptId))).toEqual(new Set(all.map((l) => l.lineId)));
    for (const pledge of pledges.slice(0, 3)) {
      expect((await get<Json>(`/v1/pledges/${pledge.ref}`)).body).toMatchObject({ received: 50_000, status: 'PARTIALLY_RECEIVED' });
    }
    // Processing a finished statement again changes nothing.
    const again = await post(`/v1/statements/${id}/process`, {});
    expect(again.status).toBe(200);
    expect(again.body.summary).toEqual(done.summary);
  });
});

describe('an import that runs out of time in its invocation', () => {
  it('saves its checkpoint, gives up the lease and copies its file onto itself, and the bucket event of that copy finishes it', async () => {
    const fundId = 'sao-ke-tiep-2';
    await seedFund(twin, fundId, '100000000014');
    const lines = Array.from({ length: 600 }, (_, i) => ({ ref: `CONT${i}`, credit: 30_000 + i, memo: `ung ho ${i}` }));
    const uploaded = await upload(twin, { ...clerk, ...idem() }, fundId, vcbCsv(lines));
    const id = uploaded.body.id as string;
    const key = `uploads/${fundId}/${id}`;
    const s3 = new S3Client({ endpoint: twin.s3Endpoint, region: 'ap-southeast-1', credentials: LOCAL_CREDENTIALS, forcePathStyle: true });
    const head = () => s3.send(new HeadObjectCommand({ Bucket: LOCAL_NAMES.buckets.statements, Key: key }));
    const uploadedAt = (await head()).LastModified!.getTime();

    // The twin's S3 events, as `npm start` runs them. The first invocation for this file has a
    // tenth of a second left: it commits one batch, then hands over to the next.
    const ours: { remainingMs: number; paused?: Json }[] = [];
    const consumer = bucketConsumers[0];
    const events = startBucketPoller({
      endpoint: twin.s3Endpoint,
      region: 'ap-southeast-1',
      credentials: LOCAL_CREDENTIALS,
      bucketName: LOCAL_NAMES.buckets[consumer.bucket],
      consumer,
      pollIntervalMs: 100,
      handler: async (event, context) => {
        if (decodeURIComponent(event.Records[0]!.s3.object.key) !== key) return importHandler(event, context);
        const remainingMs = ours.length === 0 ? 100 : context.getRemainingTimeInMillis();
        const invocation: (typeof ours)[number] = { remainingMs };
        ours.push(invocation);
        await importHandler(event, { ...context, getRemainingTimeInMillis: () => remainingMs });
        if (ours.length === 1) invocation.paused = (await get<Json>(`/v1/statements/${id}`)).body;
      },
    });
    try {
      const deadline = Date.now() + 60_000;
      let current = (await get<Json>(`/v1/statements/${id}`)).body;
      while (current.status !== 'COMPLETED' && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 200));
        current = (await get<Json>(`/v1/statements/${id}`)).body;
      }
      expect(current).toMatchObject({ status: 'COMPLETED', summary: { counted: { count: 600 }, duplicates: { count: 0 } } });
      expect(ours.length).toBeGreaterThanOrEqual(2);
      expect(ours[0]!.paused).toMatchObject({ status: 'IMPORTING', processing: false, progress: { linesProcessed: 250 } });
    } finally {
      await events.stop();
    }
    // The copy is a new version of the object, even within the second of the upload, and says why it was made.
    const copied = await head();
    expect(copied.LastModified!.getTime()).toBeGreaterThan(uploadedAt);
    expect(copied.Metadata).toHaveProperty('import-continued');
    s3.destroy();
    expect((await fundBalance(fundId)).received).toBe(lines.reduce((sum, l) => sum + l.credit, 0));
  });
});

/** Fixed, valid pledge codes for a test (distinct from the fixtures'). */
function generateRefFor(i: number): string {
  let n = i + 1;
  return generateRef('UH', () => {
    const digit = n % 32;
    n = Math.floor(n / 32) + 7;
    return digit;
  });
}

describe('review: a clerk matches and ignores what the matcher left, and reconciles', () => {
  const fundId = 'sao-ke-xem';
  const [nearMiss, overdue, auto] = [generateRef('UH'), generateRef('UH'), generateRef('UH')];
  const [paidByHand, notPaid] = [generateRef('GN'), generateRef('GN')];
  let statementId: string;
  let lines: Json[];
  const line = (no: number) => lines.find((l) => l.lineNo === no)!;

  beforeAll(async () => {
    await seedFund(twin, fundId, '100000000012');
    await seedPledges(fundId, [
      { ref: nearMiss, amount: 300_000 },
      { ref: overdue, amount: 1_000_000, dueDate: '2024-09-05' },
      { ref: auto, amount: 200_000 },
    ]);
    await fundAccount(fundId, 50_000_000);
    await seedDisbursements(fundId, [
      { ref: paidByHand, amount: 5_000_000 },
      { ref: notPaid, amount: 7_000_000 },
    ]);
    const csv = vcbCsv([
      { ref: 'X1', credit: 300_000, memo: `MBVCB.123456789.ung ho ${typo(nearMiss)}` },
      { ref: 'X2', debit: 22_000, memo: 'Phi dich vu SMS Banking' },
      { ref: 'X3', debit: 5_000_000, memo: 'Chuyen tien ho tro phuong' },
      { ref: 'X4', credit: 100_000, memo: 'ung ho dong bao mien Bac' },
      { ref: 'TW', credit: 50_000, memo: 'ung ho mien bac' },
      { ref: 'TW', credit: 50_000, memo: 'ung ho mien bac' },
      { ref: 'X7', credit: 200_000, memo: `NGUYEN VAN A chuyen tien ${auto.slice(0, 2)} ${auto.slice(2, 5)} ${auto.slice(5)}` },
    ]);
    const done = await importBody(fundId, csv);
    statementId = done.id;
    expect(done.summary).toMatchObject({ lines: 7, counted: { count: 7 }, matched: 1, flagged: 3, unmatched: 3, balanced: true });
    lines = await allLines(twin, clerk, statementId);
  });

  it('flags a near miss with its suggestion and unknown debits, keeps identical twins, and matches a spaced-out code', () => {
    expect(line(1)).toMatchObject({ status: 'FLAGGED', effect: 'RECEIPT', reasons: ['NEAR_MISS'] });
    expect((line(1).nearMisses as { suggestions: string[] }[])[0]!.suggestions).toContain(nearMiss);
    expect(line(2)).toMatchObject({ status: 'FLAGGED', effect: 'NONE', reasons: ['UNKNOWN_DEBIT'] });
    expect(line(3)).toMatchObject({ status: 'FLAGGED', effect: 'NONE', reasons: ['UNKNOWN_DEBIT'] });
    // Two identical lines in one file (even their reference): two transfers, both counted.
    expect(line(5)).toMatchObject({ class: 'COUNTED', status: 'UNMATCHED', effect: 'RECEIPT', receiptStatus: 'RECORDED' });
    expect(line(6)).toMatchObject({ class: 'COUNTED', status: 'UNMATCHED', effect: 'RECEIPT', receiptStatus: 'RECORDED' });
    expect(line(5).lineId).not.toBe(line(6).lineId);
    expect(line(7)).toMatchObject({ status: 'MATCHED', pledgeRef: auto, amountCheck: 'EXACT', decidedBy: `bank:${statementId}` });
  });

  it('lists lines by status', async () => {
    const flagged = await get<{ items: Json[] }>(`/v1/statements/${statementId}/lines?status=FLAGGED`, auditor);
    expect(flagged.body.items.map((l) => l.lineNo)).toEqual([1, 2, 3]);
    const unmatched = await get<{ items: Json[] }>(`/v1/statements/${statementId}/lines?status=UNMATCHED`);
    expect(unmatched.body.items.map((l) => l.lineNo)).toEqual([4, 5, 6]);
    const page = await get<{ items: Json[]; cursor?: string }>(`/v1/statements/${statementId}/lines?limit=2`);
    expect(page.body.items).toHaveLength(2);
    const next = await get<{ items: Json[] }>(`/v1/statements/${statementId}/lines?limit=2&cursor=${page.body.cursor}`);
    expect(next.body.items).toHaveLength(2);
    expect((await get(`/v1/statements/${statementId}/lines?cursor=bogus`)).status).toBe(400);
  });

  it('matches a near miss to its pledge: the unlinked receipt is replaced, received stays, the pledge gets it', async () => {
    const before = await fundBalance(fundId);
    const oldReceipt = line(1).receiptId as string;
    const headers = { ...clerk, ...idem() };
    const matched = await request<Json>(twin, 'POST', `/v1/statements/${statementId}/lines/${line(1).lineId}/match`, { body: { pledgeRef: nearMiss.toLowerCase() }, headers });
    expect(matched.status).toBe(200);
    expect(matched.body).toMatchObject({ status: 'MATCHED', pledgeRef: nearMiss, decidedBy: 'staff:an' });
    expect(matched.body.receiptId).not.toBe(oldReceipt);
    const after = await fundBalance(fundId);
    expect(after).toEqual(before);
    expect((await get<Json>(`/v1/pledges/${nearMiss}`)).body).toMatchObject({ received: 300_000, status: 'FULFILLED' });
    expect((await get<Json>(`/v1/receipts/${oldReceipt}`)).body).toMatchObject({ status: 'REVERSED' });
    expect((await get<Json>(`/v1/receipts/${matched.body.receiptId}`)).body).toMatchObject({ status: 'RECORDED', pledgeRef: nearMiss, statementLineId: line(1).lineId });
    // The same request again: the stored answer, nothing new written.
    const count = await kindCounts(twin);
    const replay = await request<Json>(twin, 'POST', `/v1/statements/${statementId}/lines/${line(1).lineId}/match`, { body: { pledgeRef: nearMiss.toLowerCase() }, headers });
    expect(replay.body).toEqual(matched.body);
    expect(await kindCounts(twin)).toEqual(count);
    // A decided line is not decided again.
    const again = await post(`/v1/statements/${statementId}/lines/${line(1).lineId}/match`, { pledgeRef: auto });
    expect(again.status).toBe(409);
    expect(again.body.currentState).toBe('MATCHED');
  });

  it('matches an unknown debit to the disbursement it paid, and refuses what does not fit', async () => {
    expect((await post(`/v1/statements/${statementId}/lines/${line(3).lineId}/match`, { disbursementRef: notPaid })).status).toBe(422);
    expect((await post(`/v1/statements/${statementId}/lines/${line(4).lineId}/match`, { disbursementRef: paidByHand })).status).toBe(422);
    expect((await post(`/v1/statements/${statementId}/lines/${line(3).lineId}/match`, { pledgeRef: overdue })).status).toBe(422);
    expect((await post(`/v1/statements/${statementId}/lines/${line(3).lineId}/match`, { pledgeRef: 'UH' })).status).toBe(400);
    expect((await post(`/v1/statements/${statementId}/lines/${line(3).lineId}/match`, {}, approver)).status).toBe(403);
    const matched = await post(`/v1/statements/${statementId}/lines/${line(3).lineId}/match`, { disbursementRef: paidByHand });
    expect(matched.status).toBe(200);
    expect(matched.body).toMatchObject({ status: 'MATCHED', effect: 'DISBURSEMENT_PAID', disbursementRef: paidByHand });
    expect((await get<Json>(`/v1/disbursements/${paidByHand}`)).body).toMatchObject({ status: 'PAID', bankRef: 'X3', paidBy: 'staff:an' });
    expect((await fundBalance(fundId)).disbursed).toBe(5_000_000);
  });

  it('ignores a bank fee with a reason, journals every decision, and keeps the statement summary exact', async () => {
    expect((await post(`/v1/statements/${statementId}/lines/${line(2).lineId}/ignore`, { reason: '' })).status).toBe(400);
    const ignored = await post(`/v1/statements/${statementId}/lines/${line(2).lineId}/ignore`, { reason: 'Phí ngân hàng' });
    expect(ignored.status).toBe(200);
    expect(ignored.body).toMatchObject({ status: 'IGNORED', ignoreReason: 'Phí ngân hàng', decidedBy: 'staff:an' });
    const journal = await get<{ items: Json[] }>(`/v1/funds/${fundId}/journal?limit=500`, auditor);
    const decisions = journal.body.items.filter((e) => String(e.type).startsWith('STATEMENT_LINE_'));
    // The matcher's own decisions are in the receipts' batch entry (line 7's receipt names its pledge); a clerk's are entries of their own.
    expect(journal.body.items.filter((e) => e.type === 'STATEMENT_LINES_COUNTED')).toMatchObject([{ actor: `bank:${statementId}`, lines: expect.arrayContaining([{ receiptId: line(7).lineId, lineNo: 7, amount: 200_000, donor: expect.any(String), pledgeRef: auto }]) }]);
    expect(decisions.map((e) => [e.type, e.actor, e.entityRef])).toEqual([
      ['STATEMENT_LINE_MATCHED', 'staff:an', line(1).lineId],
      ['STATEMENT_LINE_MATCHED', 'staff:an', line(3).lineId],
      ['STATEMENT_LINE_IGNORED', 'staff:an', line(2).lineId],
    ]);
    expect(decisions.every((e) => Object.keys(e.deltas as Json).length === 0)).toBe(true);
    expect(JSON.stringify(decisions)).not.toContain('SMS');
    const statement = await get<Json>(`/v1/statements/${statementId}`, approver);
    expect(statement.body.summary).toMatchObject({
      matched: 3,
      flagged: 0,
      ignored: 1,
      unmatched: 3,
      amounts: { matched: 5_500_000, flagged: 0, ignored: 22_000, unmatched: 200_000 },
      outsideLedger: { credited: 0, debited: 22_000 },
    });
  });

  it('reconciles: statement against ledger balance, lines to review, overdue pledges, approved but unpaid', async () => {
    const response = await get<Json>(`/v1/reconciliation/${fundId}`, auditor);
    expect(response.status).toBe(200);
    const body = response.body as Record<string, Json>;
    const credits = 300_000 + 100_000 + 50_000 + 50_000 + 200_000;
    expect(body.statementBalance).toMatchObject({ basis: 'countedCreditsMinusDebits', amount: credits - 5_022_000 });
    expect(body.ledgerBalance).toMatchObject({ received: 50_000_000 + credits, disbursed: 5_000_000, approved: 7_000_000 });
    // The seeded cash, less the bank fee the ledger never paid.
    expect(body.difference).toBe(credits - 5_022_000 - (50_000_000 + credits - 5_000_000));
    expect((body.lines!.toReview as Json[]).map((l) => l.lineNo).sort()).toEqual([4, 5, 6]);
    expect(body.overduePledges).toMatchObject({ count: 1, outstanding: 1_000_000, items: [{ ref: overdue, dueDate: '2024-09-05' }] });
    expect(body.approvedNotPaid).toMatchObject({ count: 1, amount: 7_000_000, items: [{ ref: notPaid }] });
    expect((await get(`/v1/reconciliation/${fundId}`, clerk)).status).toBe(200);
    expect((await get(`/v1/reconciliation/khong-co-quy`, clerk)).status).toBe(404);
  });
});

describe('an XLSX statement', () => {
  it('imports the same lines as its CSV', async () => {
    const fundId = 'sao-ke-xlsx';
    await seedFund(twin, fundId, '100000000013');
    const ref = generateRef('UH');
    await seedPledges(fundId, [{ ref, amount: 500_000 }]);
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Sao ke');
    sheet.addRow(['SAO KÊ TÀI KHOẢN / ACCOUNT STATEMENT']);
    sheet.addRow(['TNXDate', 'DocNo', 'Debit', 'Credit', 'Balance', 'Transactions in Detail']);
    sheet.addRow(['02/09/2024', 'XL1', null, '500.000', null, `ung ho ${ref}`]);
    sheet.addRow(['02/09/2024', 'XL2', null, '1.000.000', null, 'Ủng hộ đồng bào\nmiền Bắc']);
    const bytes = Buffer.from(await workbook.xlsx.writeBuffer());
    const done = await importBody(fundId, bytes, { contentType: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', fileName: 'sao-ke.xlsx' });
    expect(done).toMatchObject({ format: 'vcb', summary: { rows: 4, lines: 2, counted: { count: 2 }, matched: 1, unmatched: 1, notTransactions: { title: 1, header: 1 }, balanced: true } });
    expect((await get<Json>(`/v1/pledges/${ref}`)).body).toMatchObject({ received: 500_000, status: 'FULFILLED' });
  });
});

describe('native-sample: an overlapping statement adds only the new lines', () => {
  const fundId = 'sao-ke-native';
  let truth: TruthRow[];
  let opening: number;
  const [header, ...rows] = fixture('native-sample.csv').toString('utf8').split(/\r?\n/).filter(Boolean);
  // 1–10 Sep, then the whole file (1–13 Sep): the second statement overlaps the first.
  const early = [header, ...rows.filter((r) => Number(r.split(',')[1]!.slice(0, 2)) <= 10)].join('\r\n');

  beforeAll(async () => {
    ({ truth, opening } = await seedFixture('native-sample', fundId));
  }, 300_000);

  it('imports 1–10 Sep, then only the lines of 11–13 Sep, and every truth line ends up matched once', async () => {
    const earlyCount = early.split('\r\n').length - 1;
    const first = await importBody(fundId, early, { fileName: 'sao-ke-01-10.csv' });
    expect(first.summary).toMatchObject({ lines: earlyCount, counted: { count: earlyCount }, duplicates: { count: 0 } });
    const second = await importBody(fundId, fixture('native-sample.csv'), { fileName: 'sao-ke-01-13.csv' });
    expect(second.summary).toMatchObject({ lines: 1000, counted: { count: 1000 - earlyCount }, held: { count: 0 }, duplicates: { count: earlyCount }, balanced: true });
    // Each duplicate names the line of the first statement it is.
    const duplicates = await allLines(twin, clerk, second.id, 'DUPLICATE');
    expect(duplicates.every((l) => (l.duplicateOf as Json).statementId === first.id && (l.duplicateOf as Json).lineNo === l.lineNo)).toBe(true);

    const lines = [...(await allLines(twin, clerk, first.id)), ...(await allLines(twin, clerk, second.id, 'COUNTED'))];
    expect(lines).toHaveLength(1000);
    expect(new Set(lines.map((l) => l.lineNo)).size).toBe(1000);
    expect(checkTruth('native-sample', lines, truth)).toEqual({ name: 'native-sample', recall: 1, wrong: [] });
    const balance = await fundBalance(fundId);
    expect(balance.received - opening).toBe(FIXTURES['native-sample'].credited);
    expect(balance.disbursed).toBe(FIXTURES['native-sample'].debited);

    // Both statements print a running balance: reconciliation takes the latest one's closing balance.
    const reconciliation = await get<Json>(`/v1/reconciliation/${fundId}`, auditor);
    expect(reconciliation.status).toBe(200);
    expect(reconciliation.body.statementBalance).toMatchObject({
      basis: 'closingBalance',
      statementId: second.id,
      amount: FIXTURES['native-sample'].credited - FIXTURES['native-sample'].debited,
    });
    expect(reconciliation.body.ledgerBalance).toMatchObject({ amount: opening + FIXTURES['native-sample'].credited - FIXTURES['native-sample'].debited });
    // The opening balance the fixture starts from (0) is the only difference: the seeded cash that paid for the payouts.
    expect(reconciliation.body.difference).toBe(-opening);
    expect(reconciliation.body.approvedNotPaid).toMatchObject({ count: 0, amount: 0 });
  });
});

describe.each([['vcb-sample'], ['vietinbank-sample']] as [FixtureName][])('%s through the full pipeline', (name) => {
  const fundId = `sao-ke-${name.split('-')[0]}`;
  let truth: TruthRow[];
  let opening: number;
  let statement: Json & { id: string; summary: Json };

  beforeAll(async () => {
    ({ truth, opening } = await seedFixture(name, fundId));
    statement = await importBody(fundId, fixture(`${name}.csv`), { fileName: `${name}.csv` });
  }, 600_000);

  it('matches every truth line to its ref, with no wrong match, and counts every credit as received', async () => {
    const want = FIXTURES[name];
    const lines = await allLines(twin, clerk, statement.id);
    expect(lines).toHaveLength(want.lines);
    const result = checkTruth(name, lines, truth);
    expect(result).toEqual({ name, recall: 1, wrong: [] });

    const balance = await fundBalance(fundId);
    expect(balance.received - opening).toBe(want.credited);
    expect(balance.disbursed).toBe(want.debited);
    expect(balance.approved).toBe(0);
    expect(statement.summary).toMatchObject({
      lines: want.lines,
      counted: { count: want.lines, credits: { amount: want.credited }, debits: { amount: want.debited } },
      duplicates: { count: 0 },
      held: { count: 0 },
      matched: truth.length,
      outsideLedger: { credited: 0, debited: 0 },
      balanced: true,
    });
    // Every credit is a receipt under its line's id; a matched one is linked to its pledge.
    const credits = lines.filter((l) => l.direction === 'CREDIT');
    expect(credits.every((l) => l.effect === 'RECEIPT' && l.receiptId === l.lineId && l.receiptStatus === 'RECORDED')).toBe(true);
    // Journaled: the receipts in one entry per batch, one element each (and the seeded cash), a payment per payout.
    const debits = truth.filter((t) => t.kind === 'disbursement').length;
    const types = await journalTypes(fundId);
    expect(types).toMatchObject({ RECEIPT_RECORDED: 1, DISBURSEMENT_PAID: debits });
    expect(types.STATEMENT_LINES_COUNTED).toBeGreaterThanOrEqual(1);
    expect(types.STATEMENT_LINES_COUNTED).toBeLessThan(credits.length / 50);
    const leaves = (await allItems(twin)).filter((i) => i.kind === 'JOURNAL' && i.fundId === fundId && i.type === 'STATEMENT_LINES_COUNTED').flatMap((e) => e.lines as { receiptId: string; pledgeRef?: string }[]);
    expect(leaves).toHaveLength(credits.length);
    expect(leaves.filter((l) => l.pledgeRef)).toHaveLength(truth.filter((t) => t.kind === 'pledge').length);
  });

  it('adds zero lines when the same file is imported again', async () => {
    const before = { journal: await journalSize(fundId), balance: await fundBalance(fundId) };
    const again = await importBody(fundId, fixture(`${name}.csv`), { fileName: `${name}-again.csv` });
    expect(again.summary).toMatchObject({ lines: FIXTURES[name].lines, counted: { count: 0 }, duplicates: { count: FIXTURES[name].lines }, matched: 0, balanced: true });
    // No receipt, no journal entry, no money: every line a duplicate of the same line of the first upload.
    const lines = await allLines(twin, clerk, again.id);
    expect(lines.every((l) => l.class === 'DUPLICATE' && (l.duplicateOf as Json).statementId === statement.id && (l.duplicateOf as Json).lineNo === l.lineNo)).toBe(true);
    expect({ journal: await journalSize(fundId), balance: await fundBalance(fundId) }).toEqual(before);
  });
});
