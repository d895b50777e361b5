/**
 * Line identity: what makes two statement lines "the same transaction", so an import can skip
 * lines it already has (a conditional put on the identity) without trusting file names,
 * upload ids or row numbers.
 *
 * The rule. A line's key is a hash of
 *   (account, valueDate, direction, amount, bankRef, folded memo)
 * and its identity is that key plus an occurrence counter: 0 for the first line in the file
 * with that key, 1 for the second, and so on, counted in file order.
 *
 * Why these fields:
 * - account (the fund's bank account): the same transfer seen on two accounts is two lines.
 * - valueDate, not the booking time: some banks (VCB) print no time at all, and two exports
 *   of the same period may differ in time precision (CSV vs XLSX, with or without seconds).
 * - direction, amount, bankRef, memo: what the bank says happened. The memo is folded
 *   (no diacritics, case or repeated whitespace) because exports of one period differ in
 *   exactly those, e.g. where the bank wraps a long memo.
 * - not the row number or the running balance: both shift when the period differs
 *   (1–10 Sep vs 1–12 Sep), and the balance is missing in some formats.
 *
 * Why the counter: two genuinely identical transfers on one day (same sender, amount and memo,
 * no bank reference) have the same key; the counter keeps both. Because the key contains the
 * date, the counter only runs within a day, so a statement covering 1–12 Sep numbers the
 * lines of 1–10 Sep exactly as the 1–10 Sep statement did, and only the new ones are new.
 * Re-importing a file gives every line the identity it had the first time.
 * (If a bank cut a statement in the middle of a day, the partial day's twins still line up,
 * since the counter follows file order and banks keep a day's lines in order.)
 *
 * Memory. Counting needs every key seen so far, but only within the key's day: when a file
 * keeps each day's lines together (every bank export does; the validation pass checks it, see
 * `daysTogether` in FileFacts), the counts of a finished day are dropped, so a 200,000-line
 * statement holds one day's keys at a time. A file whose days are interleaved keeps them all.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { fold } from '../text';
import type { StatementLine } from './types';

// Bumping the version changes every identity; it is part of the hash so that is a conscious act.
const RULE_VERSION = 'line-identity/1';

export type IdentityFields = Pick<StatementLine, 'valueDate' | 'direction' | 'amount' | 'bankRef' | 'memo'> & {
  /** The account (or fund) the statement belongs to. */
  account: string;
};

/** The hash of everything but the occurrence; equal keys are candidate twins. */
export function lineKey(line: IdentityFields): string {
  const parts = [RULE_VERSION, line.account, line.valueDate, line.direction, line.amount, line.bankRef.trim(), fold(line.memo)];
  // A portable SHA-256 keeps the domain free of node:crypto; at a few microseconds a line it is
  // lost beside the line's transaction. The first 16 bytes as hex.
  return bytesToHex(sha256(utf8ToBytes(JSON.stringify(parts))).subarray(0, 16));
}

/** `occurrence` is 0 for the first line in the file with this key, 1 for its twin, and so on. */
export function lineIdentity(line: IdentityFields, occurrence: number): string {
  if (!Number.isSafeInteger(occurrence) || occurrence < 0) throw new RangeError('occurrence must be a whole number ≥ 0');
  return `${lineKey(line)}-${occurrence}`;
}

export interface IdentifiedLine<L extends StatementLine = StatementLine> {
  line: L;
  identity: string;
  occurrence: number;
}

/** How the lines of a file are ordered, as the validation pass found them. */
export interface LineOrder {
  /** Each day's lines are together (the days may run either way): a day, once left, never returns. */
  daysTogether: boolean;
}

/**
 * Counts occurrences across one file, in file order. With `daysTogether` it holds one day's keys
 * at a time; otherwise the keys of the whole file.
 */
export class LineIdentifier {
  private seen = new Map<string, number>();
  private day: string | undefined;

  constructor(
    private readonly account: string,
    private readonly order: LineOrder = { daysTogether: false },
  ) {}

  identify<L extends StatementLine>(line: L): IdentifiedLine<L> {
    if (this.order.daysTogether && line.valueDate !== this.day) {
      // A key contains its day, so no later line can be a twin of the day just left.
      this.seen = new Map();
      this.day = line.valueDate;
    }
    const key = lineKey({ ...line, account: this.account });
    const occurrence = this.seen.get(key) ?? 0;
    this.seen.set(key, occurrence + 1);
    return { line, identity: `${key}-${occurrence}`, occurrence };
  }

  /** Keys held now: one day's with `daysTogether`, the whole file's without. */
  get keysHeld(): number {
    return this.seen.size;
  }
}

/** Whether each day's lines are together, watched line by line (a set of days, not of lines). */
export class DayOrderWatch {
  private readonly left = new Set<string>();
  private day: string | undefined;
  private together = true;

  observe(line: Pick<StatementLine, 'valueDate'>): void {
    if (line.valueDate === this.day) return;
    if (this.day !== undefined) this.left.add(this.day);
    if (this.left.has(line.valueDate)) this.together = false;
    this.day = line.valueDate;
  }

  get daysTogether(): boolean {
    return this.together;
  }
}

/** Assigns identities to one file's lines, in order. */
export function assignLineIdentities<L extends StatementLine>(account: string, lines: Iterable<L>): IdentifiedLine<L>[] {
  const identifier = new LineIdentifier(account); // whole-file counting: right for any order
  return Array.from(lines, (line) => identifier.identify(line));
}

/** The streaming form, for a parser's async generator. */
export async function* identifyLines<L extends StatementLine>(
  account: string,
  lines: AsyncIterable<L> | Iterable<L>,
): AsyncGenerator<IdentifiedLine<L>> {
  const identifier = new LineIdentifier(account);
  for await (const line of lines) yield identifier.identify(line);
}
