/**
 * Reading a statement's rows in order (DESIGN §9.1): the running balance checked row by row
 * against the previous balance ± the row's amount, each break kept with its row, and a damaged
 * row whose balance moved held with the difference as its amount (PDF re-typing glues amounts
 * into memos and leaves the amount cells empty). The first pass and the import read the same
 * file through it, so both see the same lines.
 */
import { isDamaged, type ReadLine, type StatementNotes, type StatementRow } from './types';

export interface BalanceBreak {
  row: number;
  lineNo: number;
  /** The previous balance ± this row's amount. */
  expected: number;
  /** The balance the row prints. */
  found: number;
}

export interface ReadRow {
  row: StatementRow;
  /** The running balance does not continue on this row. */
  break?: BalanceBreak;
}

const signed = (line: { direction: 'CREDIT' | 'DEBIT'; amount: number }) => (line.direction === 'CREDIT' ? line.amount : -line.amount);

export class StatementReading {
  private previous: number | undefined;
  private linesSeen = false;
  readonly notes: StatementNotes = {};

  /** Takes the next row in file order; a damaged line may come back with an inferred amount. */
  accept(row: StatementRow): ReadRow {
    if (row.kind === 'other') {
      for (const [key, value] of Object.entries(row.notes ?? {}) as [keyof StatementNotes, never][]) this.notes[key] ??= value;
      // The title rows' opening balance is where the chain starts.
      if (!this.linesSeen && row.notes?.openingBalance !== undefined) this.previous ??= row.notes.openingBalance;
      return { row };
    }
    this.linesSeen = true;
    const line = this.next(row.line);
    return line.line === row.line ? { row, ...(line.break ? { break: line.break } : {}) } : { row: { kind: 'line', line: line.line } };
  }

  private next(line: ReadLine): { line: ReadLine; break?: BalanceBreak } {
    const previous = this.previous;
    if (!isDamaged(line)) {
      if (line.balance === undefined) {
        if (previous !== undefined) this.previous = previous + signed(line);
        return { line };
      }
      this.previous = line.balance;
      if (previous === undefined || previous + signed(line) === line.balance) return { line };
      return { line, break: { row: line.row, lineNo: line.lineNo, expected: previous + signed(line), found: line.balance } };
    }
    this.previous = line.balance;
    if (line.balance === undefined || previous === undefined || line.valueDate === undefined) return { line };
    const delta = line.balance - previous;
    if (delta === 0) return { line };
    return {
      line: {
        ...line,
        direction: delta > 0 ? 'CREDIT' : 'DEBIT',
        amount: Math.abs(delta),
        damage: { ...line.damage, reason: 'INFERRED_AMOUNT' },
      },
    };
  }
}
