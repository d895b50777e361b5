/**
 * Imported statements and their lines as the ledger keeps them. Pure: the importer
 * (shared/usecases/statements) decides and writes, this says what the records look like and
 * how a line's status moves the statement's counters.
 *
 * A statement goes AWAITING_UPLOAD (presigned upload not yet arrived) or QUEUED (file stored)
 * → IMPORTING (the whole file parsed cleanly; lines are being committed) → COMPLETED, or
 * → FAILED when the file is malformed, in which case no line of it was ever written.
 *
 * A line is owned by the first statement that imported it (its identity, see identity.ts, is
 * the item's key): a later statement that covers the same period counts it as a duplicate.
 */
import type { FieldError } from '../../errors';
import { DayOrderWatch } from './identity';
import type { AmountCheck, FlagReason } from './match';
import type { NearMiss } from './memo';
import type { Direction, StatementLine } from './types';

export type StatementStatus = 'AWAITING_UPLOAD' | 'QUEUED' | 'IMPORTING' | 'COMPLETED' | 'FAILED';
export const LINE_STATUSES = ['MATCHED', 'UNMATCHED', 'FLAGGED', 'IGNORED'] as const;
export type StoredLineStatus = (typeof LINE_STATUSES)[number];
/** What the line did to the ledger: a receipt, a disbursement marked paid, or nothing (yet). */
export type LedgerEffect = 'RECEIPT' | 'DISBURSEMENT_PAID' | 'NONE';
/** The matcher's reasons, plus what only the ledger can tell. */
export type LineFlag =
  | FlagReason
  /** The memo's pledge is cancelled: the money is received, unlinked, for a person to sort out. */
  | 'PLEDGE_CANCELLED'
  /** The memo's disbursement is not APPROVED (requested, rejected, cancelled): it cannot be paid. */
  | 'DISBURSEMENT_NOT_PAYABLE'
  /** A receipt with this bank reference was already recorded by hand: the money is not counted twice. */
  | 'BANK_REF_RECORDED'
  /** The fund is closed, so the ledger takes no receipt for it. */
  | 'FUND_CLOSED';

/** Counters kept on the statement item, each changed with ADD in the same transaction as the lines. */
export const COUNTERS = [
  /** Lines this statement added (the rest of its file was imported before: `duplicates`). */
  'imported',
  'importedCredits',
  'importedCredited',
  'importedDebits',
  'importedDebited',
  'duplicates',
  'matched',
  'matchedAmount',
  'unmatched',
  'unmatchedAmount',
  'flagged',
  'flaggedAmount',
  'ignored',
  'ignoredAmount',
  /** Money the bank moved that is in no receipt or disbursement of the ledger (effect NONE). */
  'outsideLedgerCredited',
  'outsideLedgerDebited',
] as const;
export type CounterName = (typeof COUNTERS)[number];
export type Counters = Record<CounterName, number>;

export function zeroCounters(): Counters {
  return Object.fromEntries(COUNTERS.map((name) => [name, 0])) as Counters;
}

/** What the validation pass learns about the whole file before anything is written. */
export interface FileFacts {
  /** The format recognised from the header (`native`, `vcb`, `vietinbank`, or a saved mapping). */
  format: string;
  lineCount: number;
  credits: number;
  credited: number;
  debits: number;
  debited: number;
  periodFrom?: string;
  periodTo?: string;
  /** From the running balance, when the format prints one: before the first line, after the last. */
  openingBalance?: number;
  closingBalance?: number;
  /**
   * Each day's lines are together in the file, so line identities can be counted one day at a
   * time (see identity.ts). Absent on statements validated before this was recorded: counted
   * over the whole file, which gives the same identities.
   */
  daysTogether?: boolean;
  size: number;
  sha256: string;
}

export interface Statement extends Counters {
  id: string;
  fundId: string;
  /** The account whose lines these are: part of every line's identity. */
  account: string;
  fileName: string;
  contentType: string;
  /** Where the file is kept in the statements bucket. */
  objectKey: string;
  source: 'body' | 'presigned';
  status: StatementStatus;
  uploadedBy: string;
  uploadedAt: string;
  /** Presigned uploads: the size the clerk announced (and S3 enforces). */
  expectedSize?: number;
  /** The stored object's ETag: a resumed import reads exactly the file that was validated. */
  etag?: string;
  facts?: FileFacts;
  /** Validation pass progress (large files). */
  linesValidated: number;
  /** Import pass checkpoint: lines up to this number, in file order, are done. */
  linesProcessed: number;
  /** Why a FAILED statement failed: row and column of the first problem. */
  errors?: FieldError[];
  validatedAt?: string;
  completedAt?: string;
  failedAt?: string;
  leaseOwner?: string;
  leaseUntil?: string;
}

export interface StatementLineRecord {
  /** The line identity (identity.ts): `<hash>-<occurrence>`. */
  lineId: string;
  fundId: string;
  /** The statement that imported it first. */
  statementId: string;
  lineNo: number;
  occurrence: number;
  bookedAt: string;
  valueDate: string;
  direction: Direction;
  amount: number;
  bankRef: string;
  memo: string;
  balance?: number;
  counterparty?: string;
  status: StoredLineStatus;
  effect: LedgerEffect;
  reasons: LineFlag[];
  codes: string[];
  nearMisses: NearMiss[];
  amountCheck?: AmountCheck;
  expectedAmount?: number;
  pledgeRef?: string;
  disbursementRef?: string;
  receiptId?: string;
  /** Automatic decisions are `bank:<statementId>`; a clerk's are `staff:<user>`. */
  decidedBy?: string;
  decidedAt?: string;
  ignoreReason?: string;
  importedAt: string;
  version: number;
}

type CountedLine = Pick<StatementLineRecord, 'status' | 'direction' | 'amount' | 'effect'>;

const STATUS_COUNTERS: Record<StoredLineStatus, [CounterName, CounterName]> = {
  MATCHED: ['matched', 'matchedAmount'],
  UNMATCHED: ['unmatched', 'unmatchedAmount'],
  FLAGGED: ['flagged', 'flaggedAmount'],
  IGNORED: ['ignored', 'ignoredAmount'],
};

/** What one line in its current state contributes to its statement's status counters. */
export function statusCounters(line: CountedLine): Partial<Counters> {
  const [count, amount] = STATUS_COUNTERS[line.status];
  const out: Partial<Counters> = { [count]: 1, [amount]: line.amount };
  if (line.effect === 'NONE') out[line.direction === 'CREDIT' ? 'outsideLedgerCredited' : 'outsideLedgerDebited'] = line.amount;
  return out;
}

/** A newly imported line: counted as imported, and by its status. */
export function importCounters(line: CountedLine): Partial<Counters> {
  const side: Partial<Counters> =
    line.direction === 'CREDIT' ? { importedCredits: 1, importedCredited: line.amount } : { importedDebits: 1, importedDebited: line.amount };
  return addCounters({ imported: 1, ...side }, statusCounters(line));
}

/** The change of counters when a line moves from one state to another (a clerk's decision). */
export function counterChange(before: CountedLine, after: CountedLine): Partial<Counters> {
  const minus = Object.fromEntries(Object.entries(statusCounters(before)).map(([k, v]) => [k, -v])) as Partial<Counters>;
  const change = addCounters(minus, statusCounters(after));
  for (const key of Object.keys(change) as CounterName[]) if (change[key] === 0) delete change[key];
  return change;
}

export function addCounters(a: Partial<Counters>, b: Partial<Counters>): Partial<Counters> {
  const out: Partial<Counters> = { ...a };
  for (const [key, value] of Object.entries(b) as [CounterName, number][]) out[key] = (out[key] ?? 0) + value;
  return out;
}

/** Collects the facts of a file while the validation pass streams it. */
export class FactsCollector {
  private facts = { lineCount: 0, credits: 0, credited: 0, debits: 0, debited: 0 };
  private first: StatementLine | undefined;
  private last: StatementLine | undefined;
  private from: string | undefined;
  private to: string | undefined;
  private readonly order = new DayOrderWatch();

  observe(line: StatementLine): void {
    this.facts.lineCount++;
    this.order.observe(line);
    if (line.direction === 'CREDIT') {
      this.facts.credits++;
      this.facts.credited += line.amount;
    } else {
      this.facts.debits++;
      this.facts.debited += line.amount;
    }
    this.first ??= line;
    this.last = line;
    if (!this.from || line.valueDate < this.from) this.from = line.valueDate;
    if (!this.to || line.valueDate > this.to) this.to = line.valueDate;
  }

  result(format: string, size: number, sha256: string): FileFacts {
    const facts: FileFacts = { format, ...this.facts, daysTogether: this.order.daysTogether, size, sha256 };
    if (this.from) facts.periodFrom = this.from;
    if (this.to) facts.periodTo = this.to;
    const { first, last } = this;
    // The running balance is after each line; the opening balance is before the first.
    if (first?.balance !== undefined && last?.balance !== undefined) {
      facts.openingBalance = first.balance - (first.direction === 'CREDIT' ? first.amount : -first.amount);
      facts.closingBalance = last.balance;
    }
    return facts;
  }
}

/**
 * What may be published about a line decision (the journal entry's publicDetails): never the
 * memo, the counterparty or the bank reference, which carry donors' names and account numbers.
 */
export function publicLineDetails(line: StatementLineRecord, how: 'auto' | 'manual'): Record<string, string | number> {
  const details: Record<string, string | number> = {
    statementId: line.statementId,
    lineNo: line.lineNo,
    direction: line.direction,
    amount: line.amount,
    valueDate: line.valueDate,
    decision: how,
  };
  if (line.pledgeRef) details.pledgeRef = line.pledgeRef;
  if (line.disbursementRef) details.disbursementRef = line.disbursementRef;
  if (line.receiptId) details.receiptId = line.receiptId;
  return details;
}
