import type { FieldError } from '../../errors';
import type { TimePrecision } from './values';

export type Direction = 'CREDIT' | 'DEBIT';

/** One transaction line of a bank statement, in the same shape whatever bank or file type it came from. */
export interface StatementLine {
  /** 1-based position among the statement's transaction rows (title, header, totals and blank rows not counted). */
  lineNo: number;
  /** The row as a spreadsheet numbers it (title rows, the header and blank rows included). */
  row: number;
  /** When the bank booked it, ISO 8601 with +07:00; midnight when the bank gives only a date. */
  bookedAt: string;
  /** YYYY-MM-DD: the bank's value date, the day the money counts in (DESIGN §9.3). */
  valueDate: string;
  /** `HH:mm:ss` when the bank prints a time (the seconds `00` when it prints minutes only). */
  clock?: string;
  precision?: TimePrecision;
  direction: Direction;
  /** Positive whole đồng. */
  amount: number;
  /** The bank's own reference (DocNo, ReferenceNumber, Số tham chiếu); '' when the bank gives none. */
  bankRef: string;
  memo: string;
  /** Running balance after the line, when the statement prints one. */
  balance?: number;
  counterparty?: string;
}

/** Why a transaction row cannot be counted as it stands (DESIGN §9.1). */
export type DamageReason =
  /** The amount cells are empty or unreadable; the running balance gives the amount. */
  | 'INFERRED_AMOUNT'
  /** Neither the row nor the balance gives a date and an amount: held with its raw text. */
  | 'UNREADABLE';

/**
 * A row in the place of a transaction that did not read whole: what could be read, the raw text,
 * and the problems naming its cells. With `INFERRED_AMOUNT` the direction and amount are the
 * balance's difference.
 */
export interface DamagedLine extends Partial<Omit<StatementLine, 'lineNo' | 'row' | 'bankRef' | 'memo'>> {
  lineNo: number;
  row: number;
  bankRef: string;
  memo: string;
  damage: { reason: DamageReason; raw: string; problems: FieldError[] };
}

export type ReadLine = (StatementLine & { damage?: undefined }) | DamagedLine;

export const isDamaged = (line: ReadLine): line is DamagedLine => line.damage !== undefined;

/** Rows that are not transactions. */
export type OtherRowKind = 'TITLE' | 'HEADER' | 'FOOTER' | 'BLANK';

/** What a statement's title and closing rows say about the whole file. */
export interface StatementNotes {
  /** The account number the bank prints (digits only). */
  accountNumber?: string;
  periodFrom?: string;
  periodTo?: string;
  openingBalance?: number;
  closingBalance?: number;
  totalDebit?: number;
  totalCredit?: number;
}

export type StatementRow =
  | { kind: 'line'; line: ReadLine }
  | { kind: 'other'; row: number; what: OtherRowKind; text: string; notes?: StatementNotes };
