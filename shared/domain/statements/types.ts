export type Direction = 'CREDIT' | 'DEBIT';

/** One transaction line of a bank statement, in the same shape whatever bank or file type it came from. */
export interface StatementLine {
  /** 1-based position among the statement's transaction rows (header, preamble and blank rows not counted). */
  lineNo: number;
  /** When the bank booked it, ISO 8601 with +07:00; midnight when the bank gives only a date. */
  bookedAt: string;
  /** YYYY-MM-DD. */
  valueDate: string;
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
