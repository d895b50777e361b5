/**
 * The line-identity rule of DESIGN §9.2 end to end: generated statements through the parser, the
 * import and a clerk's review, on the in-memory stores. Every line of the generated files is a
 * known transaction of the generator's truth, so "nothing dropped, nothing twice" is checked
 * transaction by transaction, not only in totals.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { statementParser } from '../../../shared/adapters/statement-parser';
import { rowAccounting, type Statement } from '../../../shared/domain/statements/statement';
import { processStatement, type ImportDeps } from '../../../shared/usecases/statements/import';
import { countLine, discardLine } from '../../../shared/usecases/statements/review';
import { uploadStatement } from '../../../shared/usecases/statements/upload';
import { listLines, type StatementLineView } from '../../../shared/usecases/statements/views';
import { ctx, memoryLedger, OPEN_FUND, type MemoryLedger } from '../../support/memory-ledger';

const fundId = OPEN_FUND.fundId;

interface Gift {
  /** Its place in the truth: what every line of every file is checked against. */
  id: number;
  date: string;
  time: string;
  amount: number;
  memo: string;
  sender: string;
}

const VTB_HEADER = 'PageId,Date,Time,DocumentNumber,ReferenceNumber,TransactionDetails,DebitAmount,CreditAmount,Balance,OffsetAccount';
const ddmmyyyy = (date: string) => date.split('-').reverse().join('/');

/** VietinBank's re-typed layout with no reference and no balance: only the time and the sender tell two gifts apart. */
function vietinbankCsv(gifts: readonly Gift[], clock: (g: Gift) => string = (g) => g.time): Uint8Array {
  const rows = gifts.map((g, i) => `${1 + Math.floor(i / 30)},${ddmmyyyy(g.date)},${clock(g)},,,${g.memo},,"${g.amount.toLocaleString('en-US')}",,${g.sender}`);
  return new TextEncoder().encode([VTB_HEADER, ...rows].join('\r\n'));
}

const two = (n: number) => String(n).padStart(2, '0');
const clockOf = (second: number) => `${two(Math.floor(second / 3600))}:${two(Math.floor(second / 60) % 60)}:${two(second % 60)}`;

/**
 * Days of gifts: hundreds of identical 100,000 ₫ "Ung ho" a day, a few others, senders from a
 * small pool, and bursts in which many arrive in the same few seconds (same second, same sender
 * happens), in the bank's order.
 */
const giftDays = fc
  .record({
    days: fc.integer({ min: 1, max: 2 }),
    perDay: fc.integer({ min: 120, max: 320 }),
    seed: fc.integer({ min: 1, max: 2 ** 30 }),
    burstShare: fc.double({ min: 0, max: 0.6, noNaN: true }),
  })
  .map(({ days, perDay, seed, burstShare }) => {
    let s = seed;
    const random = (n: number) => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return s % n;
    };
    const gifts: Gift[] = [];
    for (let d = 0; d < days; d++) {
      const date = `2024-09-${two(13 + d)}`;
      const burst = 8 * 3600 + random(12 * 3600);
      const seconds = Array.from({ length: perDay }, () => (random(1000) < burstShare * 1000 ? burst + random(4) : 7 * 3600 + random(14 * 3600))).sort((a, b) => a - b);
      for (const second of seconds) {
        const plain = random(10) < 8;
        gifts.push({
          id: gifts.length,
          date,
          time: clockOf(second),
          amount: plain ? 100_000 : [50_000, 200_000, 500_000][random(3)]!,
          memo: plain ? 'Ung ho' : ['UNG HO DONG BAO', 'ung ho mien bac'][random(2)]!,
          sender: `NGUYEN VAN ${['AN', 'BINH', 'CHAU', 'DUNG', 'GIANG', 'HA', 'KHANH', 'LONG'][random(8)]} ${random(6)}`,
        });
      }
    }
    return gifts;
  });

/** The truth cut into parts at two places (anywhere: mid-day, mid-second), and an order to upload them in. */
const cutInThree = giftDays.chain((gifts) => {
  // Half the cuts fall inside a second that holds several gifts: the hard case.
  const inSecond = gifts.flatMap((g, i) => (i > 1 && i < gifts.length - 1 && g.time === gifts[i - 1]!.time && g.date === gifts[i - 1]!.date ? [i] : []));
  const cut = inSecond.length ? fc.oneof(fc.integer({ min: 1, max: gifts.length - 2 }), fc.constantFrom(...inSecond)) : fc.integer({ min: 1, max: gifts.length - 2 });
  return fc
    .tuple(cut, cut, fc.constantFrom([0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]))
    .filter(([a, b]) => a !== b)
    .map(([a, b, order]) => {
      const [x, y] = a < b ? [a, b] : [b, a];
      return { gifts, parts: [gifts.slice(0, x), gifts.slice(x, y), gifts.slice(y)], order };
    });
});

interface Imported {
  statement: Statement;
  /** The truth id of each of its lines, by line number. */
  truth: number[];
}

function setup() {
  const ledger = memoryLedger();
  const deps: ImportDeps = { ...ledger.stores, statementFiles: ledger.statementFiles, statementParser };
  let uploads = 0;
  const importFile = async (bytes: Uint8Array, truth: number[]): Promise<Imported> => {
    const key = `upload-${++uploads}`;
    const { body } = await uploadStatement(deps, { fundId, fileName: `${key}.csv`, contentType: 'text/csv', bytes }, ctx('staff:an', key));
    const { statement } = await processStatement(deps, body.id, { owner: `test:${key}` });
    return { statement, truth };
  };
  return { ledger, deps, importFile };
}

async function allLines(ledger: MemoryLedger, statementId: string): Promise<StatementLineView[]> {
  const out: StatementLineView[] = [];
  let cursor: string | undefined;
  do {
    const page = await listLines(ledger.stores, statementId, { limit: 500, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.cursor;
  } while (cursor);
  return out;
}

/**
 * What a careful clerk does with the held lines, knowing the truth: counts a line whose gift no
 * counted line has, discards one whose gift is counted already. Returns the truth ids counted, in
 * the end, and how many lines were held.
 */
async function review(ledger: MemoryLedger, files: Imported[]): Promise<{ counted: number[]; held: number; duplicates: { line: number; of: number }[] }> {
  const counted: number[] = [];
  const held: { file: Imported; line: StatementLineView }[] = [];
  const duplicates: { line: number; of: number }[] = [];
  const truthOf = new Map(files.map((f) => [f.statement.id, f.truth]));
  for (const file of files) {
    for (const line of await allLines(ledger, file.statement.id)) {
      const id = file.truth[line.lineNo! - 1]!;
      if (line.class === 'COUNTED') counted.push(id);
      else if (line.class === 'HELD') held.push({ file, line });
      else if (line.class === 'DUPLICATE' && line.duplicateOf && 'lineNo' in line.duplicateOf) duplicates.push({ line: id, of: truthOf.get(line.duplicateOf.statementId)![line.duplicateOf.lineNo - 1]! });
    }
  }
  for (const { file, line } of held) {
    const id = file.truth[line.lineNo! - 1]!;
    if (counted.includes(id)) await discardLine(ledger.stores, file.statement.id, line.lineId!, { as: 'DUPLICATE', reason: 'cùng giao dịch' }, ctx('staff:an'));
    else {
      await countLine(ledger.stores, file.statement.id, line.lineId!, {}, ctx('staff:an'));
      counted.push(id);
    }
  }
  return { counted, held: held.length, duplicates };
}

const probe = { runs: 0, held: 0, gifts: 0 };
const total = (gifts: readonly Gift[]) => gifts.reduce((sum, g) => sum + g.amount, 0);

describe('identical gifts, no reference, no balance, a day cut across three files uploaded out of order', () => {
  it('loses nothing and counts nothing twice: every gift counted once, held only where a cut fell inside a second', async () => {
    await fc.assert(
      fc.asyncProperty(cutInThree, async ({ gifts, parts, order }) => {
        const { ledger, importFile } = setup();
        const offsets = [0, parts[0]!.length, parts[0]!.length + parts[1]!.length];
        const files: Imported[] = [];
        for (const k of order) files.push(await importFile(vietinbankCsv(parts[k]!), parts[k]!.map((_, i) => offsets[k]! + i)));
        for (const { statement } of files) {
          const stored = (await ledger.stores.statements.get(statement.id))!;
          expect(rowAccounting(stored).balanced).toBe(true);
          // The parts share no gift: a proven duplicate here would be a gift lost.
          expect(stored.duplicates).toBe(0);
        }
        const received = (await ledger.stores.funds.balance(fundId)).received;
        expect(received).toBeLessThanOrEqual(total(gifts));
        const { counted, held } = await review(ledger, files);
        // A line is held only at an instant where two parts touch.
        const cuts = new Set([parts[0]!.at(-1)!, parts[1]!.at(-1)!].map((g) => `${g.date} ${g.time}`));
        const heldAt = (await Promise.all(files.map(async (f) => (await allLines(ledger, f.statement.id)).filter((l) => l.decidedBy === 'staff:an').map((l) => `${l.valueDate} ${l.time}`)))).flat();
        expect(heldAt.every((t) => cuts.has(t))).toBe(true);
        expect(held).toBe(heldAt.length);
        expect([...counted].sort((a, b) => a - b)).toEqual(gifts.map((g) => g.id));
        expect((await ledger.stores.funds.balance(fundId)).received).toBe(total(gifts));
        probe.runs++;
        probe.held += held;
        probe.gifts += gifts.length;
      }),
      { numRuns: 25 },
    );
    // The generator reaches the hard case: cuts inside a second with gifts on both sides.
    expect(probe.held).toBeGreaterThan(0);
  }, 120_000);

  it('two overlapping re-exports of the same period, split differently, add nothing to the parts (and the parts nothing to them)', async () => {
    await fc.assert(
      fc.asyncProperty(
        cutInThree,
        fc.integer({ min: 1, max: 1000 }),
        fc.boolean(),
        async ({ gifts, parts, order }, splitAt, wholeFirst) => {
          const { ledger, importFile } = setup();
          const cut = 1 + (splitAt % (gifts.length - 1));
          const offsets = [0, parts[0]!.length, parts[0]!.length + parts[1]!.length];
          const uploads: [Gift[], number[]][] = [
            ...order.map((k): [Gift[], number[]] => [parts[k]!, parts[k]!.map((_, i) => offsets[k]! + i)]),
            [gifts.slice(0, cut), gifts.slice(0, cut).map((g) => g.id)],
            [gifts.slice(cut), gifts.slice(cut).map((g) => g.id)],
          ];
          if (wholeFirst) uploads.unshift(uploads.pop()!, uploads.pop()!);
          const files: Imported[] = [];
          for (const [part, truth] of uploads) files.push(await importFile(vietinbankCsv(part), truth));
          // Whichever set of files came first covers the period: the other adds no counted line (a line at a touching instant is held).
          const later = wholeFirst ? files.slice(2) : files.slice(3);
          for (const { statement } of later) expect((await ledger.stores.statements.get(statement.id))!.counted).toBe(0);
          const { counted, duplicates } = await review(ledger, files);
          // Every duplicate names the gift it is, or one the bank prints identically (same second, sender, amount and memo: a twin
          // no file can tell apart); every gift is counted exactly once.
          const printed = (id: number) => {
            const g = gifts[id]!;
            return `${g.date} ${g.time} ${g.sender} ${g.amount} ${g.memo}`;
          };
          expect(duplicates.filter(({ line, of }) => printed(line) !== printed(of))).toEqual([]);
          expect([...counted].sort((a, b) => a - b)).toEqual(gifts.map((g) => g.id));
          expect((await ledger.stores.funds.balance(fundId)).received).toBe(total(gifts));
        },
      ),
      { numRuns: 8 },
    );
  }, 180_000);
});

describe('weak matches', () => {
  /** The VCB layout with no reference and no balance, and no time: only the day, the amount and the memo. */
  const vcb = (rows: [string, number, string][]) =>
    new TextEncoder().encode(['TNXDate,DocNo,Debit,Credit,Balance,Transactions in Detail', ...rows.map(([date, amount, memo]) => `${date},,,${amount.toLocaleString('de-DE')},,${memo}`)].join('\r\n'));

  it('a weak-only match across files is held for review, neither dropped nor counted twice; the clerk’s decision is journaled', async () => {
    const { ledger, importFile } = setup();
    const first = await importFile(vcb([['13/09/2024', 100_000, 'Ung ho'], ['13/09/2024', 200_000, 'ung ho mien bac']]), [0, 1]);
    expect(first.statement).toMatchObject({ counted: 2, held: 0 });
    const second = await importFile(vcb([['13/09/2024', 100_000, 'Ung ho'], ['13/09/2024', 100_000, 'Ung ho'], ['14/09/2024', 100_000, 'Ung ho']]), [0, 2, 3]);
    expect(second.statement).toMatchObject({ counted: 2, held: 1, heldCredited: 100_000, duplicates: 0 });
    const [held] = (await listLines(ledger.stores, second.statement.id, { status: 'POSSIBLE_DUPLICATE', limit: 10 })).items;
    expect(held).toMatchObject({ lineNo: 1, class: 'HELD', heldReason: 'POSSIBLE_DUPLICATE', amount: 100_000, candidate: { statementId: first.statement.id, lineNo: 1, fileName: 'upload-1.csv' } });
    // Held, not lost and not counted: received has the first file's 300,000 and the second file's two new gifts.
    expect((await ledger.stores.funds.balance(fundId)).received).toBe(300_000 + 200_000);

    const { body } = await discardLine(ledger.stores, second.statement.id, held!.lineId!, { as: 'DUPLICATE', reason: 'cùng giao dịch với tệp trước' }, ctx('staff:an'));
    expect(body).toMatchObject({ class: 'DUPLICATE', duplicateOf: { statementId: first.statement.id, lineNo: 1 }, decidedBy: 'staff:an' });
    expect((await ledger.stores.funds.balance(fundId)).received).toBe(500_000);
    expect(await ledger.stores.statements.get(second.statement.id)).toMatchObject({ counted: 2, held: 0, duplicates: 1 });
    const decision = [...ledger.state.journal.get(fundId)!.values()].find((e) => e.type === 'STATEMENT_LINE_DISCARDED');
    expect(decision).toMatchObject({ actor: 'staff:an', entityRef: held!.lineId, day: '2024-09-13', deltas: {}, publicDetails: { as: 'DUPLICATE' } });
  });

  it('a clerk who knows the held line is a gift of its own counts it, once', async () => {
    const { ledger, importFile } = setup();
    await importFile(vcb([['13/09/2024', 100_000, 'Ung ho']]), [0]);
    const second = await importFile(vcb([['13/09/2024', 100_000, 'Ung ho']]), [1]);
    const [held] = (await listLines(ledger.stores, second.statement.id, { status: 'HELD', limit: 10 })).items;
    await countLine(ledger.stores, second.statement.id, held!.lineId!, {}, ctx('staff:an'));
    expect((await ledger.stores.funds.balance(fundId)).received).toBe(200_000);
    await expect(countLine(ledger.stores, second.statement.id, held!.lineId!, {}, ctx('staff:an'))).rejects.toMatchObject({ currentState: 'COUNTED' });
  });

  it('the same period as a CSV with minutes and as a workbook with seconds: without a reference or balance, held, not dropped', async () => {
    const { ledger, importFile } = setup();
    const gifts: Gift[] = [
      { id: 0, date: '2024-09-13', time: '08:40:22', amount: 100_000, memo: 'Ung ho', sender: 'A' },
      { id: 1, date: '2024-09-13', time: '08:41:05', amount: 100_000, memo: 'Ung ho', sender: 'A' },
    ];
    await importFile(vietinbankCsv(gifts), [0, 1]);
    const minutes = await importFile(vietinbankCsv(gifts, (g) => g.time.slice(0, 5)), [0, 1]);
    expect(minutes.statement).toMatchObject({ counted: 0, held: 2, duplicates: 0 });
    expect((await ledger.stores.funds.balance(fundId)).received).toBe(200_000);
  });
});
