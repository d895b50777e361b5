/**
 * "Find my transfer" (DESIGN §7.1): what the search index keeps of each gift, the keys it is
 * found by, how a donor's words match it, and what of it may be shown. The index keeps the
 * bank's text as it came (only for matching); nothing leaves this module unmasked: initials of
 * the name, the last digits of the account, the memo with only its memo words left whole.
 */
import { maskPersonalData } from './masking';
import { initialOf, maskNamesInMemo, MEMO_VOCABULARY } from './memo-words';
import { lineId, type LineBatch } from './statements/statement';
import type { Receipt } from './receipts';
import { vietnamDay } from './format';
import { fold } from './text';

/** One gift in the index: a credit a statement counted, or a receipt recorded by hand. */
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
  /** The gift's one identity in the index: its statement line's id, or its hand-recorded receipt's. */
  giftId: string;
  /**
   * The receipt that stands for it, the reference of its leaf in the nightly report: the line's
   * own, or the receipt a clerk replaced it with by matching the line to a pledge.
   */
  receiptId: string;
  source: 'statement' | 'receipt';
  /** The sender as the bank (or the clerk) wrote it; never shown as it is. */
  name?: string;
  memo?: string;
  /** Its money was taken back (the receipt reversed, the line discarded): kept in the index, never offered. */
  reversed?: true;
}

/**
 * A line a clerk matched to a pledge by hand: it stands for the receipt that replaced its own,
 * whose reversal its line batch, and so the index, never records (DESIGN §7.1).
 */
export const standsForReplacement = (entry: TransferEntry) => entry.source === 'statement' && entry.receiptId !== entry.giftId;

/** Most results one search answers; a query matching more says so instead of listing them. */
export const TRANSFER_RESULT_CAP = 20;
/** Account digits shown and accepted: a tail long enough to tell senders apart, too short to be an account. */
export const ACCOUNT_TAIL_DIGITS = 4;
const MIN_ACCOUNT_RUN = 6;

/**
 * The gifts a written batch of statement lines holds: every credit that has had a receipt. A line
 * whose receipt was reversed is indexed again as reversed (its class may have changed with it:
 * a counted line discarded as a duplicate); a line matched to a pledge by hand stands for the
 * receipt that replaced its own, written in the report of the day of that decision.
 */
export function transfersOfBatch(batch: LineBatch): TransferEntry[] {
  return batch.lines
    .filter((line) => line.receipt && line.direction === 'CREDIT' && typeof line.amount === 'number' && (line.valueDate ?? batch.valueDate))
    .map((line) => {
      const day = (line.valueDate ?? batch.valueDate)!;
      const written = line.replacedBy && line.decidedAt ? line.decidedAt : (batch.writtenAt ?? `${day}T12:00:00+07:00`);
      return {
        fundId: batch.fundId,
        day,
        amount: line.amount!,
        reportDate: vietnamDay(written),
        giftId: lineId(batch.statementId, line.lineNo),
        receiptId: line.replacedBy ?? lineId(batch.statementId, line.lineNo),
        source: 'statement' as const,
        ...(line.counterparty ? { name: line.counterparty } : {}),
        ...(line.memo ? { memo: line.memo } : {}),
        ...(line.receipt === 'REVERSED' && !line.replacedBy ? { reversed: true as const } : {}),
      };
    });
}

/** A receipt recorded by hand, reversed or not (a statement line's receipt is indexed with its batch). */
export function transferOfReceipt(receipt: Receipt): TransferEntry | null {
  if (receipt.statementLineId) return null;
  return {
    fundId: receipt.fundId,
    day: vietnamDay(receipt.receivedAt),
    amount: receipt.amount,
    reportDate: vietnamDay(receipt.recordedAt),
    giftId: receipt.id,
    receiptId: receipt.id,
    source: 'receipt',
    ...(receipt.payerName ? { name: receipt.payerName } : {}),
    ...(receipt.memo ? { memo: receipt.memo } : {}),
    ...(receipt.status === 'REVERSED' ? { reversed: true as const } : {}),
  };
}

/** The words of a name or memo: folded, split at anything that is not a letter or a digit. */
function wordsOf(text: string): string[] {
  return fold(text)
    .split(/[^\p{L}\p{N}]+/u)
    .filter(Boolean);
}

/** A word the index keeps a key for: two characters or more, at least one a letter. */
const keyable = (word: string) => word.length >= 2 && /\p{L}/u.test(word);

export type TransferQuery = { kind: 'digits'; digits: string } | { kind: 'words'; words: string[] };

/**
 * `q` as the donor typed it: the last digits of an account (≥ 3), or the starts of words of a
 * name or memo (≥ 2 letters in all, and one word of 2 characters or more to look it up by).
 */
export function parseTransferQuery(q: string): TransferQuery | null {
  const compact = q.replace(/[\s.-]/g, '');
  if (/^\d+$/.test(compact)) return compact.length >= 3 ? { kind: 'digits', digits: compact } : null;
  const words = wordsOf(q);
  const letters = words.join('').replace(/[^\p{L}]/gu, '').length;
  return letters >= 2 && words.some(keyable) ? { kind: 'words', words } : null;
}

/** Runs of digits long enough to be an account number, separators between digits ignored. */
function accountNumbers(text: string): string[] {
  return [...text.matchAll(/\d(?:[ .-]?\d)*/g)].map((m) => m[0].replace(/\D/g, '')).filter((d) => d.length >= MIN_ACCOUNT_RUN);
}

const textOf = (entry: TransferEntry) => `${entry.name ?? ''} ${entry.memo ?? ''}`;

/**
 * A gift a donor may be offered: not reversed, and either an account number in its text ends with
 * the digits, or every word of the query starts a word of its name or memo.
 */
export function matchesTransfer(entry: TransferEntry, query: TransferQuery): boolean {
  if (entry.reversed) return false;
  const text = textOf(entry);
  if (query.kind === 'digits') return accountNumbers(text).some((account) => account.endsWith(query.digits));
  const words = wordsOf(text);
  return query.words.every((start) => words.some((word) => word.startsWith(start)));
}

/**
 * Search keys: `g:` for every gift, `w:<word>` for each keyable word of the name and memo that is
 * not memo vocabulary, `a:<digits reversed>` for each account number, so that both a word's start
 * and an account's tail are a key's start. Every key a query reads is at least this long, or is
 * `g:`, so its first characters name the one index partition it can be in.
 */
export const TRANSFER_KEY_PARTITION_CHARS = 4;
/** Keys one search reads at most: the query's longest words, each of which every match has. */
const MAX_QUERY_KEYS = 3;
/** The key every gift has: read when a query has no word the index keeps keys for. */
export const EVERY_GIFT_KEY = 'g:';

const wordKey = (word: string) => `w:${word}`;
const accountKey = (digits: string) => `a:${[...digits].reverse().join('')}`;

/** Each start (2 characters or more) of a memo vocabulary word: a query word that is one may match a word with no key. */
const VOCABULARY_STARTS: ReadonlySet<string> = new Set([...MEMO_VOCABULARY].flatMap((word) => Array.from({ length: word.length - 1 }, (_, i) => word.slice(0, i + 2))));

/** The keys a gift is found by: one index item each. */
export function transferKeysOf(entry: TransferEntry): string[] {
  const text = textOf(entry);
  const words = wordsOf(text).filter((word) => keyable(word) && !MEMO_VOCABULARY.has(word));
  return [...new Set([EVERY_GIFT_KEY, ...words.map(wordKey), ...accountNumbers(text).map(accountKey)])];
}

/**
 * The key starts a query reads. Every gift the query matches has a key starting with each of
 * them, so the items of any one, read to their end, hold every match. A query word that starts a
 * memo vocabulary word may match a word without a key, so it is no key start; a query with only
 * such words reads every gift of its day and amount.
 */
export function transferQueryKeys(query: TransferQuery): string[] {
  if (query.kind === 'digits') return [accountKey(query.digits)];
  const words = [...new Set(query.words.filter((word) => keyable(word) && !VOCABULARY_STARTS.has(word)))].sort((a, b) => b.length - a.length);
  return words.length ? words.slice(0, MAX_QUERY_KEYS).map(wordKey) : [EVERY_GIFT_KEY];
}

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

export function maskTransfer(entry: TransferEntry): MaskedTransfer {
  const account = accountNumbers(textOf(entry))[0];
  const initials = entry.name ? nameInitials(entry.name) : '';
  return {
    receiptId: entry.receiptId,
    source: entry.source,
    day: entry.day,
    amount: entry.amount,
    ...(initials ? { nameInitials: initials } : {}),
    ...(account ? { accountTail: `…${account.slice(-ACCOUNT_TAIL_DIGITS)}` } : {}),
    ...(entry.memo ? { memo: maskPersonalData(maskNamesInMemo(entry.memo, new Set(wordsOf(entry.name ?? '')))) } : {}),
  };
}
