/**
 * Imported statements and their lines as the ledger keeps them (DESIGN §9). Pure: the importer
 * (shared/usecases/statements) decides and writes; this says what the records look like and how
 * a line's class and status move the statement's counters.
 *
 * A statement goes AWAITING_UPLOAD (presigned upload not yet arrived) or QUEUED (file stored)
 * → IMPORTING (the first pass found a statement; lines are being committed) → COMPLETED, or
 * → FAILED when the file is not a statement at all, in which case no line of it was written.
 *
 * Every row of the file is in one class (§9.1): counted, held, a proven duplicate, or not a
 * transaction. Lines are kept in batches (`LineBatch`) of consecutive lines of one value date.
 */
import { ulid } from 'ulidx';
import type { FieldError } from '../../errors';
import type { Cover, LineRefKey } from './identity';
import type { BalanceBreak } from './continuity';
import type { AmountCheck, FlagReason } from './match';
import type { NearMiss } from './memo';
import type { Direction, OtherRowKind } from './types';
import type { TimePrecision } from './values';

export type StatementStatus = 'AWAITING_UPLOAD' | 'QUEUED' | 'IMPORTING' | 'COMPLETED' | 'FAILED';

/** Every row of a statement is in exactly one class. */
export const LINE_CLASSES = ['COUNTED', 'HELD', 'DUPLICATE', 'NOT_TRANSACTION'] as const;
export type LineClass = (typeof LINE_CLASSES)[number];

/** A counted line's review status: what the matcher or a clerk decided about it. */
export const LINE_STATUSES = ['MATCHED', 'UNMATCHED', 'FLAGGED', 'IGNORED'] as const;
export type StoredLineStatus = (typeof LINE_STATUSES)[number];

/** Why a line is held for a clerk. */
export const HELD_REASONS = ['POSSIBLE_DUPLICATE', 'INFERRED_AMOUNT', 'UNREADABLE'] as const;
export type HeldReason = (typeof HELD_REASONS)[number];

/** What the line did to the ledger: a receipt, a disbursement marked paid, or nothing. */
export type LedgerEffect = 'RECEIPT' | 'DISBURSEMENT_PAID' | 'NONE';
/** The matcher's reasons, plus what only the ledger can tell. */
export type LineFlag =
  | FlagReason
  /** The memo's pledge is cancelled: the money is received, unlinked, for a person to sort out. */
  | 'PLEDGE_CANCELLED'
  /** The memo's disbursement is not APPROVED (requested, rejected, cancelled): it cannot be paid. */
  | 'DISBURSEMENT_NOT_PAYABLE'
  /** The line's bank reference already paid another disbursement from this account: one transfer pays one. */
  | 'PAYOUT_REF_USED';

/** A line of a statement, or a receipt recorded by hand: what a duplicate duplicates. */
export type DuplicateOf = { statementId: string; lineNo: number } | { receiptId: string };

/** One line of a statement as its batch keeps it. Its id (and its receipt's) is `lineId(statementId, lineNo)`. */
export interface LineRecord {
  lineNo: number;
  /** The row as a spreadsheet numbers it. */
  row: number;
  class: LineClass;
  /** COUNTED lines only. */
  status?: StoredLineStatus;
  /** HELD lines only. */
  heldReason?: HeldReason;
  /** HELD as a possible duplicate: the line it may duplicate. */
  candidate?: { statementId: string; lineNo: number };
  /** DUPLICATE: the line (or hand-recorded receipt) it duplicates. */
  duplicateOf?: DuplicateOf;
  /** The direction and amount are the running balance's difference (a damaged row). */
  inferred?: boolean;
  /** A damaged row: its text as the file has it, and what could not be read. */
  raw?: string;
  problems?: FieldError[];
  valueDate?: string;
  bookedAt?: string;
  clock?: string;
  precision?: TimePrecision;
  direction?: Direction;
  amount?: number;
  bankRef: string;
  memo: string;
  balance?: number;
  counterparty?: string;
  effect: LedgerEffect;
  /** A counted credit's receipt (its id is the line's id): RECORDED, or REVERSED by a correction. */
  receipt?: 'RECORDED' | 'REVERSED';
  /** The receipt arrived after the fund's receiving window, or once the fund closed: counted, flagged LATE. */
  late?: true;
  receiptReversedAt?: string;
  receiptReversedBy?: string;
  receiptReversalReason?: string;
  /** When a clerk re-linked the line to a pledge: the receipt that replaced the line's own. */
  replacedBy?: string;
  reasons: LineFlag[];
  codes: string[];
  nearMisses: NearMiss[];
  amountCheck?: AmountCheck;
  expectedAmount?: number;
  pledgeRef?: string;
  disbursementRef?: string;
  /** Automatic decisions are `bank:<statementId>`; a clerk's are `staff:<user>`. */
  decidedBy?: string;
  decidedAt?: string;
  ignoreReason?: string;
  /** Why a clerk discarded a held or counted line. */
  discardReason?: string;
  importedAt: string;
}

/** Consecutive lines of one statement and one value date, written in one transaction with their receipts. */
export interface LineBatch {
  statementId: string;
  fundId: string;
  account: string;
  firstLineNo: number;
  lastLineNo: number;
  /** The value date of its dated lines (a line without one rides with its neighbours). */
  valueDate?: string;
  lines: LineRecord[];
  version: number;
  /** When the batch was written: its receipts' journal entry is in the nightly report of this instant's day (DESIGN §7.1). */
  writtenAt?: string;
}

/** Counters kept on the statement item, each changed with ADD in the same transaction as the lines. */
export const COUNTERS = [
  'counted',
  'countedCredits',
  'countedCredited',
  'countedDebits',
  'countedDebited',
  'held',
  'heldCredited',
  'heldDebited',
  'duplicates',
  'duplicatesCredited',
  'duplicatesDebited',
  /** Held lines a clerk decided are not transactions. */
  'notTransactions',
  'matched',
  'matchedAmount',
  'unmatched',
  'unmatchedAmount',
  'flagged',
  'flaggedAmount',
  'ignored',
  'ignoredAmount',
  /** Money the bank moved that is in no receipt or disbursement of the ledger (counted, effect NONE). */
  'outsideLedgerCredited',
  'outsideLedgerDebited',
] as const;
export type CounterName = (typeof COUNTERS)[number];
export type Counters = Record<CounterName, number>;

export function zeroCounters(): Counters {
  return Object.fromEntries(COUNTERS.map((name) => [name, 0])) as Counters;
}

/** A row that is not a transaction, as the first pass kept it (the first few hundred). */
export interface OtherRow {
  row: number;
  what: OtherRowKind;
  text: string;
}

/** What the first pass learns about the whole file before anything is written. */
export interface FileFacts {
  /** The format recognised from the header (`bidv`, `vcb`, … or a saved mapping's id). */
  format: string;
  /** Every row read: transactions, title rows, the header, totals and blank rows. */
  rows: number;
  /** Transaction rows (damaged ones included): line numbers run from 1 to this. */
  lineCount: number;
  /** Rows that are not transactions, by kind. */
  otherRows: Record<OtherRowKind, number>;
  /** The first of them, with their text. */
  otherRowList: OtherRow[];
  /** Lines that did not read whole, and of them those whose amount the balance gives. */
  damaged: number;
  inferred: number;
  /** Lines that read whole (damaged ones apart). */
  credits: number;
  credited: number;
  debits: number;
  debited: number;
  inferredCredited: number;
  inferredDebited: number;
  periodFrom?: string;
  periodTo?: string;
  /** As the title rows say, or else before the first and after the last line's balance. */
  openingBalance?: number;
  closingBalance?: number;
  /** The account number the title rows name (digits). */
  accountNumber?: string;
  /** The totals row, when the bank prints one. */
  totals?: { debit?: number; credit?: number };
  /** Rows whose balance does not continue from the previous one, and the first of them. */
  breaks: number;
  breakList: BalanceBreak[];
  /** Each value date's number of lines and, when every line that day has a time, its cover. */
  days: Record<string, { lines: number; cover?: Cover }>;
  /** Each day's lines are together in the file. */
  daysTogether: boolean;
  size: number;
  sha256: string;
}

export interface Statement extends Counters {
  id: string;
  fundId: string;
  /** The account whose lines these are (`<bank BIN>/<account number>`): part of every line's identity. */
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
  /** The account the clerk named, when the file names none and the fund has several. */
  requestedAccount?: string;
  /** The stored object's ETag: a resumed import reads exactly the file that was validated. */
  etag?: string;
  facts?: FileFacts;
  /** First pass progress (large files). */
  linesValidated: number;
  /** Import checkpoint: lines up to this number, in file order, are committed. */
  linesProcessed: number;
  /** Why a FAILED statement failed. */
  errors?: FieldError[];
  validatedAt?: string;
  completedAt?: string;
  failedAt?: string;
  leaseOwner?: string;
  leaseUntil?: string;
}

type CountedLine = Pick<LineRecord, 'class' | 'status' | 'direction' | 'amount' | 'effect'>;

const STATUS_COUNTERS: Record<StoredLineStatus, [CounterName, CounterName]> = {
  MATCHED: ['matched', 'matchedAmount'],
  UNMATCHED: ['unmatched', 'unmatchedAmount'],
  FLAGGED: ['flagged', 'flaggedAmount'],
  IGNORED: ['ignored', 'ignoredAmount'],
};

/** What one line in its current class and status contributes to its statement's counters. */
export function lineCounters(line: CountedLine): Partial<Counters> {
  const amount = line.amount ?? 0;
  const credit = line.direction !== 'DEBIT';
  switch (line.class) {
    case 'COUNTED': {
      const out: Partial<Counters> = credit ? { counted: 1, countedCredits: 1, countedCredited: amount } : { counted: 1, countedDebits: 1, countedDebited: amount };
      const [count, sum] = STATUS_COUNTERS[line.status ?? 'UNMATCHED'];
      out[count] = 1;
      out[sum] = amount;
      if (line.effect === 'NONE') out[credit ? 'outsideLedgerCredited' : 'outsideLedgerDebited'] = amount;
      return out;
    }
    case 'HELD':
      return credit ? { held: 1, heldCredited: amount } : { held: 1, heldDebited: amount };
    case 'DUPLICATE':
      return credit ? { duplicates: 1, duplicatesCredited: amount } : { duplicates: 1, duplicatesDebited: amount };
    case 'NOT_TRANSACTION':
      return { notTransactions: 1 };
  }
}

export function addCounters(a: Partial<Counters>, b: Partial<Counters>): Partial<Counters> {
  const out: Partial<Counters> = { ...a };
  for (const [key, value] of Object.entries(b) as [CounterName, number][]) out[key] = (out[key] ?? 0) + value;
  return out;
}

/** The change of counters when a line moves from one state to another (a clerk's decision). */
export function counterChange(before: CountedLine, after: CountedLine): Partial<Counters> {
  const minus = Object.fromEntries(Object.entries(lineCounters(before)).map(([k, v]) => [k, -v])) as Partial<Counters>;
  const change = addCounters(minus, lineCounters(after));
  for (const key of Object.keys(change) as CounterName[]) if (change[key] === 0) delete change[key];
  return change;
}

/**
 * The accounting of §9.1: rows read = counted + held + duplicates + not transactions, once every
 * line is committed. `pending` is what the import has not reached yet.
 */
export function rowAccounting(s: Pick<Statement, 'facts' | 'linesProcessed' | 'counted' | 'held' | 'duplicates' | 'notTransactions'>) {
  const facts = s.facts;
  const other = facts ? Object.values(facts.otherRows).reduce((a, b) => a + b, 0) : 0;
  const pending = facts ? Math.max(facts.lineCount - s.linesProcessed, 0) : 0;
  return {
    rows: facts?.rows ?? null,
    counted: s.counted,
    held: s.held,
    duplicates: s.duplicates,
    notTransactions: other + s.notTransactions,
    pending,
    balanced: facts ? facts.rows === s.counted + s.held + s.duplicates + other + s.notTransactions + pending : false,
  };
}

/** Statement ids end in eight zeros: the line ids (and receipt ids) of its lines put the line number there. */
export const LINE_NO_CHARS = 8;
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const LINE_ID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

/** A new statement's id: a ULID of `ms` whose last eight characters are zeros, where its lines' ids put their numbers. */
export function newStatementId(ms: number): string {
  return ulid(ms).slice(0, 26 - LINE_NO_CHARS) + '0'.repeat(LINE_NO_CHARS);
}

/** A line's id, which is also its receipt's: the statement id with the line number in its last eight characters. */
export function lineId(statementId: string, lineNo: number): string {
  let n = lineNo;
  let tail = '';
  for (let i = 0; i < LINE_NO_CHARS; i++) {
    tail = CROCKFORD[n % 32]! + tail;
    n = Math.floor(n / 32);
  }
  return statementId.slice(0, 26 - LINE_NO_CHARS) + tail;
}

/** The statement and line number a line id stands for; null for an id that is no line's (a statement's own, a hand receipt's is indistinguishable and is looked up first). */
export function parseLineId(id: string): { statementId: string; lineNo: number } | null {
  if (!LINE_ID.test(id)) return null;
  const tail = id.slice(26 - LINE_NO_CHARS);
  let lineNo = 0;
  for (const ch of tail) lineNo = lineNo * 32 + CROCKFORD.indexOf(ch);
  if (lineNo === 0) return null;
  return { statementId: id.slice(0, 26 - LINE_NO_CHARS) + '0'.repeat(LINE_NO_CHARS), lineNo };
}

export const lineRef = (line: { statementId: string; lineNo: number }): LineRefKey => `${line.statementId}:${line.lineNo}`;

/**
 * What may be published about a line decision (the journal entry's publicDetails): never the
 * memo, the counterparty or the bank reference, which carry donors' names and account numbers.
 */
export function publicLineDetails(statementId: string, line: LineRecord, how: 'auto' | 'manual'): Record<string, string | number> {
  const details: Record<string, string | number> = {
    statementId,
    lineNo: line.lineNo,
    decision: how,
  };
  if (line.direction) details.direction = line.direction;
  if (line.amount !== undefined) details.amount = line.amount;
  if (line.valueDate) details.valueDate = line.valueDate;
  if (line.pledgeRef) details.pledgeRef = line.pledgeRef;
  if (line.disbursementRef) details.disbursementRef = line.disbursementRef;
  return details;
}
