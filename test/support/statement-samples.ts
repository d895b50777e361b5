/**
 * The sample pairs of BIDV, MB, Techcombank and Agribank (each one statement cut mid-day into two
 * files) through the HTTP twin, in CSV or as the bank's XLSX: part 2 imported before part 1
 * raises `received` by exactly the credits the pair holds, less the credits whose amount PDF
 * re-typing glued into the memo, which count once a clerk accepts their inferred amount; every
 * row is accounted for; the truth matches with no wrong match; importing either part again adds
 * nothing. Used by test/integration/statement-samples-{csv,xlsx}.test.ts, one table each.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { stores } from '../../shared/adapters/dynamo';
import {
  type Json,
  type SamplePair,
  type TruthRow,
  allLines,
  csvToXlsx,
  fixture,
  fundAccount,
  processToEnd,
  readCsv,
  SAMPLE_PAIRS,
  sampleTotals,
  seedDisbursements,
  seedFund,
  seedPledges,
  upload,
} from './statements';
import { idem, request, staff, startTestTwin } from './twin';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

async function journalSize(fundId: string): Promise<number> {
  let size = 0;
  let cursor: string | undefined;
  do {
    const page = await stores.journal.page(fundId, { cursor, limit: 1000 });
    size += page.items.length;
    cursor = page.cursor;
  } while (cursor);
  return size;
}

export function describeSamplePairs(format: 'csv' | 'xlsx'): void {
  let twin: Twin;
  let clerk: Record<string, string>;

  beforeAll(async () => {
    twin = await startTestTwin();
    clerk = await staff(twin, 'an', 'finance-clerk');
  });
  afterAll(async () => twin?.stop());

  describe.each(Object.keys(SAMPLE_PAIRS) as SamplePair[])(`%s sample pair (${format.toUpperCase()})`, (bank) => {
    const sample = SAMPLE_PAIRS[bank];
    const fundId = `sao-ke-${bank}-${format}`;
    const totals = sampleTotals(bank);
    const statements: Record<'part1' | 'part2', Json & { id: string; summary: Record<string, unknown> }> = {} as never;
    let file: Record<'part1' | 'part2', Buffer>;
    let truth: TruthRow[];
    let opening: number;

    async function importPart(part: 'part1' | 'part2') {
      const uploaded = await upload(twin, { ...clerk, ...idem() }, fundId, file[part], {
        fileName: `${bank}-sample.${part}.${format}`,
        ...(format === 'xlsx' ? { contentType: XLSX } : {}),
      });
      expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(202);
      const done = await processToEnd(twin, clerk, uploaded.body.id as string);
      expect(done.status).toBe('COMPLETED');
      return done as Json & { id: string; summary: Record<string, unknown> };
    }

    beforeAll(async () => {
      const csv = { part1: fixture(`${bank}-sample.part1.csv`), part2: fixture(`${bank}-sample.part2.csv`) };
      file = format === 'csv' ? csv : { part1: await csvToXlsx(csv.part1), part2: await csvToXlsx(csv.part2) };
      await seedFund(twin, fundId, sample.account, { bankBin: sample.bankBin, bankName: sample.bankName });
      await seedPledges(fundId, readCsv<{ ref: string; amount: string }>(`${bank}-sample.pledges.csv`).map((p) => ({ ref: p.ref, amount: Number(p.amount) })));
      truth = readCsv<TruthRow>(`${bank}-sample.truth.csv`);
      const payouts = truth.filter((t) => t.kind === 'disbursement').map((t) => ({ ref: t.ref, amount: Number(t.amount) }));
      opening = payouts.reduce((sum, p) => sum + p.amount, 0);
      await fundAccount(fundId, opening);
      await seedDisbursements(fundId, payouts);
    }, 300_000);

    it('part 2, then part 1: received rises by exactly the pair’s credits but the glued ones, which count once their inferred amount is accepted; every row accounted for', async () => {
      statements.part2 = await importPart('part2');
      statements.part1 = await importPart('part1');
      expect(statements.part1.format).toBe(sample.format);
      const balance = await stores.funds.balance(fundId);
      expect(balance.received - opening).toBe(totals.credits - totals.glued);
      expect(balance.disbursed).toBe(totals.debits);

      const summaries = [statements.part1.summary, statements.part2.summary] as { rows: number; lines: number; balanced: boolean; counted: { count: number }; held: { count: number; credited: number }; duplicates: { count: number }; notTransactions: { count: number } }[];
      for (const s of summaries) {
        expect(s.balanced).toBe(true);
        expect(s.rows).toBe(s.counted.count + s.held.count + s.duplicates.count + s.notTransactions.count);
        expect(s.duplicates.count).toBe(0);
      }
      expect(summaries.reduce((n, s) => n + s.lines, 0)).toBe(totals.rows);
      expect(summaries.reduce((n, s) => n + s.held.credited, 0)).toBe(totals.glued);

      const held = [...(await allLines(twin, clerk, statements.part1.id, 'HELD')), ...(await allLines(twin, clerk, statements.part2.id, 'HELD'))];
      expect(held.every((l) => l.heldReason === 'INFERRED_AMOUNT' && l.inferred === true)).toBe(true);
      expect(held.reduce((n, l) => n + (l.amount as number), 0)).toBe(totals.glued);
      for (const line of held) {
        const accepted = await request<Json>(twin, 'POST', `/v1/statements/${line.statementId as string}/lines/${line.lineId as string}/count`, { body: {}, headers: { ...clerk, ...idem() } });
        expect(accepted.status, JSON.stringify(accepted.body)).toBe(200);
        expect(accepted.body).toMatchObject({ class: 'COUNTED', receiptStatus: 'RECORDED', valueDate: line.valueDate });
      }
      expect((await stores.funds.balance(fundId)).received - opening).toBe(totals.credits);
    }, 600_000);

    it('matches every truth line to its code, with no wrong match', async () => {
      const first = await allLines(twin, clerk, statements.part1.id);
      const second = await allLines(twin, clerk, statements.part2.id);
      const lines: Json[] = [...first, ...second.map((l) => ({ ...l, lineNo: (l.lineNo as number) + first.length }))];
      expect(lines).toHaveLength(totals.rows);
      const byLine = new Map(truth.map((t) => [Number(t.line_no), t]));
      const wrong: string[] = [];
      let found = 0;
      for (const line of lines) {
        const t = byLine.get(line.lineNo as number);
        const ref = line.status === 'MATCHED' ? ((line.pledgeRef ?? line.disbursementRef) as string | undefined) : undefined;
        if (t) {
          if (ref === t.ref && line.amount === Number(t.amount)) found++;
          else wrong.push(`line ${String(line.lineNo)}: expected ${t.ref}, got ${String(line.status)} ${ref ?? ''}`);
        } else if (ref !== undefined) wrong.push(`line ${String(line.lineNo)}: matched ${ref}, not in the truth`);
      }
      expect({ recall: found / truth.length, wrong }).toEqual({ recall: 1, wrong: [] });
    }, 120_000);

    it('importing either part again adds nothing: every line a proven duplicate, no money, no journal entry', async () => {
      const before = { balance: await stores.funds.balance(fundId), journal: await journalSize(fundId) };
      for (const part of ['part1', 'part2'] as const) {
        const again = await importPart(part);
        const summary = again.summary as { lines: number; counted: { count: number }; held: { count: number }; duplicates: { count: number }; balanced: boolean };
        expect(summary).toMatchObject({ counted: { count: 0 }, held: { count: 0 }, duplicates: { count: summary.lines }, balanced: true });
      }
      expect({ balance: await stores.funds.balance(fundId), journal: await journalSize(fundId) }).toEqual(before);
    }, 600_000);
  });
}
