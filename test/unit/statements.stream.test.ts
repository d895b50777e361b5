import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { lineKeys } from '../../shared/domain/statements/identity';
import { StatementReading } from '../../shared/domain/statements/continuity';
import { parseStatementCsv } from '../../shared/adapters/statement-parser';

const TOTAL = 200_000;
const ROWS_PER_CHUNK = 250;

const memos = [
  'ung ho dong bao bao lu',
  'MBVCB.2692481286.DINH BAO NHUNG chuyen tien Ung ho.CT tu 1071054451631 DINH BAO NHUNG toi 0011001932418 UY BAN MTTQ VN - QUY CUU TRO',
  'ung ho nhan dan Cuba UH628XGG2',
  'CT nhanh 247 den: TRAN NGOC VY chuyen\ntien UH V6E 9WJR, mong "dong bao" binh an',
];

/** A vcb-format statement produced on demand, so the test can see how far ahead the parser reads. */
function vcbStatement(progress: { rowsProduced: number }): Readable {
  async function* chunks() {
    yield Buffer.from('\ufeffTNXDate,DocNo,Debit,Credit,Balance,Transactions in Detail\r\n');
    for (let start = 0; start < TOTAL; start += ROWS_PER_CHUNK) {
      let text = '';
      for (let i = start; i < start + ROWS_PER_CHUNK; i++) {
        const day = String(1 + Math.floor((i * 10) / TOTAL)).padStart(2, '0');
        // Every 1000th row repeats the one before it: a genuine twin, with no reference to tell them apart.
        const n = i % 1000 === 999 ? i - 1 : i;
        const debit = n % 5000 === 0;
        const amount = `${(n % 97) + 1}.000`;
        const memo = memos[n % memos.length]!;
        const ref = n % 1000 === 998 ? '' : `5${n}.${n % 89}`;
        const field = `${n}.${memo}`;
        const quoted = /[",\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
        text += `${day}/09/2024,${ref},${debit ? amount : ''},${debit ? '' : amount},,${quoted}\r\n`;
      }
      progress.rowsProduced = start + ROWS_PER_CHUNK;
      yield Buffer.from(text);
    }
  }
  return Readable.from(chunks(), { objectMode: false });
}

describe('a 200,000-line statement', () => {
  it('is parsed as a stream: lines come out while the file is still being read, with little read ahead', async () => {
    const progress = { rowsProduced: 0 };
    let count = 0;
    let credited = 0;
    let producedAtFirstLine = -1;
    let maxReadAhead = 0;
    const keys = new Set<string>();
    let twins = 0;
    const reading = new StatementReading();
    for await (const row of parseStatementCsv(vcbStatement(progress))) {
      const read = reading.accept(row);
      if (read.row.kind !== 'line' || read.row.line.damage) continue;
      const line = read.row.line;
      count++;
      if (count === 1) producedAtFirstLine = progress.rowsProduced;
      maxReadAhead = Math.max(maxReadAhead, progress.rowsProduced - count);
      if (line.direction === 'CREDIT') credited += line.amount;
      // A twin (same day, amount, memo, no reference) has the twin's weak key: both lines count, within one file.
      const key = lineKeys('970436/0011001932418', line).w;
      if (keys.has(key)) twins++;
      keys.add(key);
    }
    expect(count).toBe(TOTAL);
    expect(producedAtFirstLine).toBeGreaterThan(0);
    expect(producedAtFirstLine).toBeLessThan(TOTAL / 100);
    // The parser holds a few chunks at most, never the file.
    expect(maxReadAhead).toBeLessThan(20 * ROWS_PER_CHUNK);
    expect(twins).toBeGreaterThanOrEqual(TOTAL / 1000);
    expect(credited).toBeGreaterThan(0);
  }, 120_000);
});
