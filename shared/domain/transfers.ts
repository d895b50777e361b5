/**
 * "Find my transfer" (DESIGN §7.1): what the search index keeps of each gift, how a donor's
 * words match it, and what of it may be shown. The index keeps the bank's text as it came (only
 * for matching); nothing leaves this module unmasked: initials of the name, the last digits of
 * the account, the memo as the reports mask it.
 */
import { maskPersonalData } from './masking';
import { lineId, type LineBatch } from './statements/statement';
import type { Receipt } from './receipts';
import { vietnamDay } from './format';
import { fold, matchesQuery } from './text';

/** One gift in the index: a counted credit of a statement, or a receipt recorded by hand. */
export interface TransferEntry {
  fundId: string;
  /** Its day in Vietnam: the bank's value date, or the day the receipt was received. */
  day: string;
  amount: number;
  /**
   * The nightly report its journal entry is in: the Vietnam day of the instant it was written
   * (a statement imported days later is in a later night's report than its value date).
   */
  reportDate: string;
  /** The receipt id: the reference of its leaf in the nightly report. */
  receiptId: string;
  source: 'statement' | 'receipt';
  /** The sender as the bank (or the clerk) wrote it; never shown as it is. */
  name?: string;
  memo?: string;
}

/** Most results one search answers; a query matching more says so instead of listing them. */
export const TRANSFER_RESULT_CAP = 20;
/** Account digits shown and accepted: a tail long enough to tell senders apart, too short to be an account. */
export const ACCOUNT_TAIL_DIGITS = 4;
const MIN_ACCOUNT_RUN = 6;

/** The gifts a written batch of statement lines adds: its counted credits, each with its receipt. */
export function transfersOfBatch(batch: LineBatch): TransferEntry[] {
  return batch.lines
    .filter((line) => line.class === 'COUNTED' && line.direction === 'CREDIT' && line.receipt && typeof line.amount === 'number' && (line.valueDate ?? batch.valueDate))
    .map((line) => ({
      fundId: batch.fundId,
      day: (line.valueDate ?? batch.valueDate)!,
      amount: line.amount!,
      reportDate: vietnamDay(batch.writtenAt ?? `${(line.valueDate ?? batch.valueDate)!}T12:00:00+07:00`),
      receiptId: lineId(batch.statementId, line.lineNo),
      source: 'statement' as const,
      ...(line.counterparty ? { name: line.counterparty } : {}),
      ...(line.memo ? { memo: line.memo } : {}),
    }));
}

/** A receipt recorded by hand (a statement line's receipt is indexed with its batch). */
export function transferOfReceipt(receipt: Receipt): TransferEntry | null {
  if (receipt.statementLineId) return null;
  return {
    fundId: receipt.fundId,
    day: vietnamDay(receipt.receivedAt),
    amount: receipt.amount,
    reportDate: vietnamDay(receipt.recordedAt),
    receiptId: receipt.id,
    source: 'receipt',
    ...(receipt.payerName ? { name: receipt.payerName } : {}),
    ...(receipt.memo ? { memo: receipt.memo } : {}),
  };
}

export type TransferQuery = { kind: 'digits'; digits: string } | { kind: 'words'; words: string[] };

/** `q` as the donor typed it: the last digits of an account (≥ 3), or words of a name or memo (≥ 2 letters). */
export function parseTransferQuery(q: string): TransferQuery | null {
  const compact = q.replace(/[\s.-]/g, '');
  if (/^\d+$/.test(compact)) return compact.length >= 3 ? { kind: 'digits', digits: compact } : null;
  const words = fold(q).split(' ').filter(Boolean);
  const letters = words.join('').replace(/[^\p{L}]/gu, '').length;
  return letters >= 2 ? { kind: 'words', words } : null;
}

/** Runs of digits long enough to be an account number, separators between digits ignored. */
function accountNumbers(text: string): string[] {
  return [...text.matchAll(/\d(?:[ .-]?\d)*/g)].map((m) => m[0].replace(/\D/g, '')).filter((d) => d.length >= MIN_ACCOUNT_RUN);
}

export function matchesTransfer(entry: TransferEntry, query: TransferQuery): boolean {
  const text = `${entry.name ?? ''} ${entry.memo ?? ''}`;
  if (query.kind === 'digits') return accountNumbers(text).some((account) => account.endsWith(query.digits));
  return matchesQuery(fold(text), query.words.join(' '));
}

const initialOf = (word: string) => `${word[0]!.toLocaleUpperCase('vi')}.`;

/** `Nguyễn Văn An` → `N. V. A.`: enough for a donor to know their own line, not to name them. */
export function nameInitials(name: string): string {
  const words = name
    .replace(/\d+/g, ' ')
    .split(/\s+/)
    .map((word) => word.replace(/[^\p{L}]/gu, ''))
    .filter(Boolean);
  return words.map(initialOf).join(' ');
}

export interface MaskedTransfer {
  receiptId: string;
  source: TransferEntry['source'];
  day: string;
  amount: number;
  nameInitials?: string;
  /** `…6789`: the last digits of the sending account, where the bank's text names one. */
  accountTail?: string;
  memo?: string;
}

/** Banks copy the sender's name into the memo: each of its words there becomes its initial too. */
function withoutName(memo: string, name: string | undefined): string {
  const words = new Set(fold(name ?? '').split(' ').filter((word) => word.length >= 2));
  if (words.size === 0) return memo;
  return memo.replace(/[\p{L}]+/gu, (word) => (words.has(fold(word)) ? initialOf(word) : word));
}

export function maskTransfer(entry: TransferEntry): MaskedTransfer {
  const text = `${entry.name ?? ''} ${entry.memo ?? ''}`;
  const account = accountNumbers(text)[0];
  const initials = entry.name ? nameInitials(entry.name) : '';
  return {
    receiptId: entry.receiptId,
    source: entry.source,
    day: entry.day,
    amount: entry.amount,
    ...(initials ? { nameInitials: initials } : {}),
    ...(account ? { accountTail: `…${account.slice(-ACCOUNT_TAIL_DIGITS)}` } : {}),
    ...(entry.memo ? { memo: maskPersonalData(withoutName(entry.memo, entry.name)) } : {}),
  };
}
