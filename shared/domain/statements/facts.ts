/**
 * The first pass's findings about a whole file (DESIGN §9.1), gathered row by row as it streams:
 * rows by class, the lines' money, each day's cover (for identity, §9.2), the balance breaks,
 * and what the title and closing rows say. `finish` refuses the file whose opening and closing
 * balances contradict its rows.
 */
import { ValidationError } from '../../errors';
import type { BalanceBreak, ReadRow } from './continuity';
import type { Cover } from './identity';
import type { FileFacts, OtherRow } from './statement';
import { isDamaged, type OtherRowKind, type StatementNotes } from './types';
import type { TimePrecision } from './values';

/** How many breaks and non-transaction rows a statement keeps with their rows (all are counted). */
export const LISTED = 200;

interface DayWatch {
  lines: number;
  untimed: boolean;
  first?: string;
  last?: string;
  precision: TimePrecision;
}

export class FactsCollector {
  private rows = 0;
  private lineCount = 0;
  private readonly otherRows: Record<OtherRowKind, number> = { TITLE: 0, HEADER: 0, FOOTER: 0, BLANK: 0 };
  private readonly otherRowList: OtherRow[] = [];
  private readonly money = { credits: 0, credited: 0, debits: 0, debited: 0, inferredCredited: 0, inferredDebited: 0 };
  private damaged = 0;
  private inferred = 0;
  private breaks = 0;
  private readonly breakList: BalanceBreak[] = [];
  private readonly days = new Map<string, DayWatch>();
  private readonly left = new Set<string>();
  private day: string | undefined;
  private together = true;
  private firstBalance: { balance: number; signed: number } | undefined;
  private lastBalance: number | undefined;
  /** Every line has an amount (read or inferred): the balances can be checked against the rows. */
  private allAmounts = true;

  observe(read: ReadRow): void {
    const { row } = read;
    this.rows++;
    if (read.break) {
      this.breaks++;
      if (this.breakList.length < LISTED) this.breakList.push(read.break);
    }
    if (row.kind === 'other') {
      this.otherRows[row.what]++;
      if (this.otherRowList.length < LISTED) this.otherRowList.push({ row: row.row, what: row.what, text: row.text.slice(0, 500) });
      return;
    }
    const line = row.line;
    this.lineCount++;
    if (isDamaged(line)) {
      this.damaged++;
      if (line.damage.reason === 'INFERRED_AMOUNT') {
        this.inferred++;
        if (line.direction === 'CREDIT') this.money.inferredCredited += line.amount!;
        else this.money.inferredDebited += line.amount!;
      } else this.allAmounts = false;
    } else if (line.direction === 'CREDIT') {
      this.money.credits++;
      this.money.credited += line.amount;
    } else {
      this.money.debits++;
      this.money.debited += line.amount;
    }
    if (line.balance !== undefined && line.amount !== undefined && line.direction) {
      this.firstBalance ??= { balance: line.balance, signed: line.direction === 'CREDIT' ? line.amount : -line.amount };
      this.lastBalance = line.balance;
    }
    if (!line.valueDate) return;
    if (line.valueDate !== this.day) {
      if (this.day !== undefined) this.left.add(this.day);
      if (this.left.has(line.valueDate)) this.together = false;
      this.day = line.valueDate;
    }
    let day = this.days.get(line.valueDate);
    if (!day) this.days.set(line.valueDate, (day = { lines: 0, untimed: false, precision: 'second' }));
    day.lines++;
    if (!line.clock) day.untimed = true;
    else {
      if (!day.first || line.clock < day.first) day.first = line.clock;
      if (!day.last || line.clock > day.last) day.last = line.clock;
      if (line.precision === 'minute') day.precision = 'minute';
    }
  }

  /** The facts, or a ValidationError when the file's own opening and closing balances contradict its rows. */
  finish(format: string, notes: StatementNotes, size: number, sha256: string): FileFacts {
    const days: FileFacts['days'] = {};
    const sorted = [...this.days.keys()].sort();
    for (const date of sorted) {
      const d = this.days.get(date)!;
      const cover: Cover | undefined = !d.untimed && d.first && d.last ? { first: d.first, last: d.last, precision: d.precision } : undefined;
      days[date] = { lines: d.lines, ...(cover ? { cover } : {}) };
    }
    const facts: FileFacts = {
      format,
      rows: this.rows,
      lineCount: this.lineCount,
      otherRows: { ...this.otherRows },
      otherRowList: this.otherRowList,
      damaged: this.damaged,
      inferred: this.inferred,
      ...this.money,
      breaks: this.breaks,
      breakList: this.breakList,
      days,
      daysTogether: this.together,
      size,
      sha256,
    };
    facts.periodFrom = notes.periodFrom ?? sorted[0];
    facts.periodTo = notes.periodTo ?? sorted.at(-1);
    if (facts.periodFrom === undefined) delete facts.periodFrom;
    if (facts.periodTo === undefined) delete facts.periodTo;
    if (notes.accountNumber) facts.accountNumber = notes.accountNumber;
    if (notes.totalDebit !== undefined || notes.totalCredit !== undefined) {
      facts.totals = { ...(notes.totalDebit !== undefined ? { debit: notes.totalDebit } : {}), ...(notes.totalCredit !== undefined ? { credit: notes.totalCredit } : {}) };
    }
    // The running balance is after each line; the opening balance is before the first.
    const opening = notes.openingBalance ?? (this.firstBalance ? this.firstBalance.balance - this.firstBalance.signed : undefined);
    const closing = notes.closingBalance ?? this.lastBalance;
    if (opening !== undefined) facts.openingBalance = opening;
    if (closing !== undefined) facts.closingBalance = closing;
    const net = this.money.credited + this.money.inferredCredited - this.money.debited - this.money.inferredDebited;
    if (notes.openingBalance !== undefined && notes.closingBalance !== undefined && this.allAmounts && notes.openingBalance + net !== notes.closingBalance) {
      throw new ValidationError('The statement contradicts itself', [
        {
          path: 'file',
          message: `the opening balance ${notes.openingBalance} and the closing balance ${notes.closingBalance} contradict its rows, which move ${net}: this is not a whole statement`,
        },
      ]);
    }
    return facts;
  }
}
