import { createReadStream, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { type LineMatch, type MatchLookup, matchLines, refsToLookUp } from '../../shared/domain/statements/match';
import { type StatementLine, parseStatement } from '../../shared/adapters/statement-parser';
import { StatementReading } from '../../shared/domain/statements/continuity';

const dir = fileURLToPath(new URL('../fixtures/statements/', import.meta.url));

interface TruthRow {
  line_no: string;
  kind: 'pledge' | 'disbursement';
  ref: string;
  amount: string;
}

function readCsv<T>(file: string): T[] {
  return parse(readFileSync(dir + file), { columns: true, bom: true, skip_empty_lines: true }) as T[];
}

/** The samples cut in two: part 1 then part 2, numbered across both as the truth numbers them. */
const PAIRS = new Set(['bidv-sample', 'mb-sample', 'techcombank-sample', 'agribank-sample']);

/** A fixture's lines, a damaged one with the amount its balance gives (as the import holds it), numbered across its parts. */
async function parseFixture(name: string): Promise<{ lines: StatementLine[]; format: string; inferred: number }> {
  const lines: StatementLine[] = [];
  let format = '';
  let inferred = 0;
  for (const file of PAIRS.has(name) ? [`${name}.part1.csv`, `${name}.part2.csv`] : [`${name}.csv`]) {
    const reading = new StatementReading();
    const offset = lines.length;
    for await (const row of parseStatement(createReadStream(`${dir}${file}`), { onHeader: (h) => (format = h.format.id) })) {
      const read = reading.accept(row);
      if (read.row.kind !== 'line') continue;
      const line = read.row.line;
      if (line.damage) {
        expect(line.damage.reason, `${file} line ${line.lineNo}`).toBe('INFERRED_AMOUNT');
        inferred += line.amount!;
      }
      lines.push({ ...(line as StatementLine), lineNo: offset + line.lineNo });
    }
  }
  return { lines, format, inferred };
}

/** What `*.totals.csv` says a pair truly holds. */
function totals(name: string) {
  const [row] = readCsv<{ rows: string; credits: string; debits: string; glued: string }>(`${name}.totals.csv`);
  return { rows: Number(row!.rows), credits: Number(row!.credits), debits: Number(row!.debits), glued: Number(row!.glued) };
}

function lookupFor(name: string): { lookup: MatchLookup; truth: TruthRow[]; pledgeAmounts: Map<string, number> } {
  const pledges = readCsv<{ ref: string; amount: string }>(`${name}.pledges.csv`);
  const truth = readCsv<TruthRow>(`${name}.truth.csv`);
  const pledgeAmounts = new Map(pledges.map((p) => [p.ref, Number(p.amount)]));
  return {
    truth,
    pledgeAmounts,
    lookup: {
      pledges: new Map(pledges.map((p) => [p.ref, { amount: Number(p.amount) }])),
      disbursements: new Map(truth.filter((t) => t.kind === 'disbursement').map((t) => [t.ref, { amount: Number(t.amount) }])),
    },
  };
}

const signed = (l: StatementLine) => (l.direction === 'CREDIT' ? l.amount : -l.amount);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/**
 * Credits and debits per file, counted independently of the parser (a plain csv read in Python
 * and by hand against the balance column); vcb-sample has no balance to check against.
 */
const expected = {
  'native-sample': { format: 'native', lines: 1000, credits: 997, credited: 2_807_209_837, debits: 3, debited: 4_920_000_000 },
  'vcb-sample': { format: 'vcb', lines: 3000, credits: 2992, credited: 5_517_230_914, debits: 8, debited: 7_683_000_000 },
  'vietinbank-sample': { format: 'vietinbank', lines: 1500, credits: 1496, credited: 3_395_146_206, debits: 4, debited: 2_617_000_000 },
  'bidv-sample': { format: 'bidv', lines: 2000, credits: 1998, credited: 4_413_647_162, debits: 2, debited: 2_225_000_000 },
  'mb-sample': { format: 'mb', lines: 2000, credits: 1994, credited: 1_322_457_554, debits: 6, debited: 6_239_000_000 },
  'techcombank-sample': { format: 'techcombank', lines: 2000, credits: 1994, credited: 3_336_445_715, debits: 6, debited: 6_760_000_000 },
  'agribank-sample': { format: 'vietinbank', lines: 2000, credits: 1996, credited: 4_345_056_969, debits: 4, debited: 2_926_000_000 },
} as const;

describe.each(Object.keys(expected) as (keyof typeof expected)[])('%s', (name) => {
  it('parses every line and matches the truth with full recall and no wrong match', async () => {
    const { lines, format } = await parseFixture(name);
    const { lookup, truth, pledgeAmounts } = lookupFor(name);
    const want = expected[name];
    expect(format).toBe(want.format);
    expect(lines).toHaveLength(want.lines);
    expect(lines.map((l) => l.lineNo)).toEqual(lines.map((_, i) => i + 1));

    // The wiring looks refs up before matching; everything the truth needs must be asked for.
    const asked = refsToLookUp(lines);
    for (const t of truth) expect(asked.has(t.ref), t.ref).toBe(true);

    const matches = matchLines(lines, lookup);
    const byLine = new Map(truth.map((t) => [Number(t.line_no), t]));
    let found = 0;
    const wrong: LineMatch[] = [];
    for (const m of matches) {
      const line = lines[m.lineNo - 1]!;
      const t = byLine.get(m.lineNo);
      const ref = m.status === 'MATCHED' ? (m.pledgeRef ?? m.disbursementRef) : undefined;
      if (t) {
        if (ref === t.ref && line.amount === Number(t.amount)) found++;
        else wrong.push(m);
        expect(line.direction).toBe(t.kind === 'pledge' ? 'CREDIT' : 'DEBIT');
      } else if (ref !== undefined) {
        wrong.push(m);
      }
    }
    const recall = found / truth.length;
    expect({ recall, wrong }).toEqual({ recall: 1, wrong: [] });

    for (const m of matches.filter((x) => x.pledgeRef)) {
      const line = lines[m.lineNo - 1]!;
      const pledged = pledgeAmounts.get(m.pledgeRef!)!;
      const check = line.amount === pledged ? 'EXACT' : line.amount < pledged ? 'PARTIAL' : 'OVERPAID';
      expect(m.amountCheck, `line ${m.lineNo}`).toBe(check);
    }
    expect(matches.filter((m) => m.disbursementRef).every((m) => m.effect === 'DISBURSEMENT_PAID')).toBe(true);
  });

  it('counts every credit as received, and the credits add up to what the file says', async () => {
    const { lines, inferred } = await parseFixture(name);
    if (PAIRS.has(name)) {
      const truly = totals(name);
      expect([lines.length, inferred]).toEqual([truly.rows, truly.glued]);
      expect(sum(lines.filter((l) => l.direction === 'CREDIT').map((l) => l.amount))).toBe(truly.credits);
      expect(sum(lines.filter((l) => l.direction === 'DEBIT').map((l) => l.amount))).toBe(truly.debits);
    }
    const { lookup } = lookupFor(name);
    const want = expected[name];
    const credits = lines.filter((l) => l.direction === 'CREDIT');
    const debits = lines.filter((l) => l.direction === 'DEBIT');
    expect([credits.length, sum(credits.map((l) => l.amount))]).toEqual([want.credits, want.credited]);
    expect([debits.length, sum(debits.map((l) => l.amount))]).toEqual([want.debits, want.debited]);

    const matches = matchLines(lines, lookup);
    const received = sum(matches.filter((m) => m.effect === 'RECEIPT').map((m) => lines[m.lineNo - 1]!.amount));
    expect(received).toBe(want.credited);

    const withBalance = lines.filter((l) => l.balance !== undefined);
    if (withBalance.length > 0) {
      expect(withBalance).toHaveLength(lines.length);
      // The running balance checks every line's amount and sign, not just the totals.
      const opening = lines[0]!.balance! - signed(lines[0]!);
      let balance = opening;
      for (const line of lines) {
        balance += signed(line);
        expect(line.balance, `line ${line.lineNo}`).toBe(balance);
      }
      expect(lines.at(-1)!.balance).toBe(opening + want.credited - want.debited);
    }
  });
});

describe('what the fixtures exercise', () => {
  it('has multi-line memos, partial payments, and nothing left to flag once pledges and GN refs are known', async () => {
    const { lines } = await parseFixture('vietinbank-sample');
    expect(lines.filter((l) => l.memo.includes('\n')).length).toBeGreaterThan(500);
    for (const name of Object.keys(expected)) {
      const { lookup } = lookupFor(name);
      const matches = matchLines((await parseFixture(name)).lines, lookup);
      expect(matches.filter((m) => m.amountCheck === 'PARTIAL').length, name).toBeGreaterThan(0);
      expect(matches.filter((m) => m.status === 'FLAGGED'), name).toEqual([]);
    }
  });
});
