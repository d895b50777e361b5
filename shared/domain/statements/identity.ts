/**
 * Line identity (DESIGN §9.2): whether a line of a new file is a transaction the ledger already
 * has from another file.
 *
 * A line gives keys, each a hash of the account, value date, direction and amount with:
 *   R: the bank's reference;   B: the running balance and the memo;
 *   T: the time to the second, the counterparty and the memo;   W: the memo alone (weak).
 * Within one file every row counts. Across files a line is a proven duplicate only by an equal
 * strong key (R, B or T), matched as multisets (a line of an earlier file stands for one
 * transaction and is claimed by at most one line of the new file), and only where both files
 * cover the day: a file with times covers a day from its first to its last line's time that day,
 * so the parts of a day cut into files never match each other, and a match at the one instant
 * where two covers touch is held as a possible duplicate. A line with no strong match and a line
 * of another file with the same weak key that nothing proves different is held, never dropped.
 *
 * The day index (one per account and value date) keeps each line's keys in compact prints, one
 * chunk per committed batch; `DayIdentity` is one day's index as the importing file sees it.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { fold } from '../text';
import type { StatementLine } from './types';
import type { TimePrecision } from './values';

// Bumping the version changes every key; it is part of the hash so that is a conscious act.
const RULE_VERSION = 'line-identity/2';

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** 72 bits of SHA-256 as 12 base64url characters: a day of one account holds thousands of lines, not billions. */
function hash(parts: readonly (string | number)[]): string {
  const digest = sha256(utf8ToBytes(JSON.stringify(parts)));
  let out = '';
  for (let i = 0; i < 9; i += 3) {
    const n = (digest[i]! << 16) | (digest[i + 1]! << 8) | digest[i + 2]!;
    out += BASE64URL[(n >> 18) & 63]! + BASE64URL[(n >> 12) & 63]! + BASE64URL[(n >> 6) & 63]! + BASE64URL[n & 63]!;
  }
  return out;
}

/** A bank reference as banks print it in different exports: no spaces, one case. */
export function normalBankRef(bankRef: string): string {
  return bankRef.replace(/\s+/g, '').toUpperCase();
}

/** What a line's identity is made of: everything the bank gives about it (DESIGN §9.2). */
export type IdentityInput = Pick<StatementLine, 'valueDate' | 'direction' | 'amount' | 'bankRef' | 'memo' | 'balance' | 'counterparty' | 'clock' | 'precision'>;

export interface LineKeys {
  w: string;
  r?: string;
  b?: string;
  t?: string;
  /** The reference alone, with the account: what a receipt recorded by hand is compared with. */
  q?: string;
}

/** The keys of a line of `account` (`<bank BIN>/<account number>`). */
export function lineKeys(account: string, line: IdentityInput): LineKeys {
  const base = [RULE_VERSION, account, line.valueDate, line.direction, line.amount];
  const memo = fold(line.memo);
  const keys: LineKeys = { w: hash(['W', ...base, memo]) };
  const ref = normalBankRef(line.bankRef);
  if (ref !== '') {
    keys.r = hash(['R', ...base, ref]);
    keys.q = refKey(account, ref);
  }
  if (line.balance !== undefined) keys.b = hash(['B', ...base, line.balance, memo]);
  if (line.clock && line.precision === 'second') keys.t = hash(['T', ...base, line.clock, fold(line.counterparty ?? ''), memo]);
  return keys;
}

/** The reference key a receipt recorded by hand with this bank reference is looked up by. */
export function refKey(account: string, bankRef: string): string {
  return hash(['Q', RULE_VERSION, account, normalBankRef(bankRef)]);
}

/** A counterparty as a short hash: weak matches compare senders without keeping their names in the index. */
export function counterpartyKey(counterparty: string | undefined): string | undefined {
  const folded = fold(counterparty ?? '');
  return folded === '' ? undefined : hash(['C', folded]).slice(0, 8);
}

/** A line of a statement: `<statementId>:<lineNo>`. */
export type LineRefKey = string;
export const lineRefKey = (statementId: string, lineNo: number): LineRefKey => `${statementId}:${lineNo}`;
export function parseLineRefKey(key: LineRefKey): { statementId: string; lineNo: number } {
  const at = key.lastIndexOf(':');
  return { statementId: key.slice(0, at), lineNo: Number(key.slice(at + 1)) };
}

/** Counted, held, proven duplicate, not a transaction. */
export type PrintClass = 'C' | 'H' | 'D' | 'N';

/** One line in the day index. */
export interface Print {
  lineNo: number;
  cls: PrintClass;
  keys: LineKeys;
  clock?: string;
  precision?: TimePrecision;
  cp?: string;
  /** D: the line it duplicates; H: the line it may duplicate (`<statementId>:<lineNo>`). */
  of?: LineRefKey;
}

export function encodePrint(p: Print): string {
  const time = p.clock ? `${p.clock}${p.precision === 'minute' ? 'm' : 's'}` : '';
  return [p.lineNo, p.cls, p.keys.w, p.keys.r ?? '', p.keys.b ?? '', p.keys.t ?? '', p.keys.q ?? '', time, p.cp ?? '', p.of ?? ''].join('|');
}

export function decodePrint(text: string): Print {
  const [lineNo, cls, w, r, b, t, q, time, cp, ...of] = text.split('|');
  const keys: LineKeys = { w: w! };
  if (r) keys.r = r;
  if (b) keys.b = b;
  if (t) keys.t = t;
  if (q) keys.q = q;
  const print: Print = { lineNo: Number(lineNo), cls: cls as PrintClass, keys };
  if (time) Object.assign(print, { clock: time.slice(0, -1), precision: time.endsWith('m') ? 'minute' : 'second' });
  if (cp) print.cp = cp;
  const ref = of.join('|');
  if (ref) print.of = ref;
  return print;
}

/** A file's lines of one day span from `first` to `last` (`HH:mm:ss`); absent when a line of that day has no time. */
export interface Cover {
  first: string;
  last: string;
  precision: TimePrecision;
}

/** One batch's prints for one account and day, as the day index keeps them. */
export interface IndexChunk {
  statementId: string;
  firstLineNo: number;
  cover?: Cover;
  prints: string[];
}

export type Decision =
  | { kind: 'NEW' }
  | { kind: 'DUPLICATE'; of: LineRefKey }
  | { kind: 'POSSIBLE_DUPLICATE'; of: LineRefKey };

export interface IdentifiedLine {
  keys: LineKeys;
  clock?: string;
  precision?: TimePrecision;
  cp?: string;
}

interface Claim {
  ref: LineRefKey;
  /** The transaction it stands for: itself, or what it was proven a duplicate of. */
  root: LineRefKey;
  statementId: string;
}

interface Root extends IdentifiedLine {
  ref: LineRefKey;
  statementId: string;
}

const truncate = (clock: string, precision: TimePrecision) => (precision === 'minute' ? clock.slice(0, 5) : clock);
const coarser = (...precisions: (TimePrecision | undefined)[]): TimePrecision => (precisions.includes('minute') ? 'minute' : 'second');

/** Where a line of the importing file stands against another file's cover of the same day. */
export function coverRelation(own: Cover | undefined, other: Cover | undefined, line: Pick<IdentifiedLine, 'clock' | 'precision'>): 'inside' | 'touching' | 'outside' {
  if (!own || !other || !line.clock) return 'inside';
  const p = coarser(own.precision, other.precision, line.precision);
  const [f1, f2, g1, g2, t] = [own.first, own.last, other.first, other.last, line.clock].map((c) => truncate(c, p)) as [string, string, string, string, string];
  const from = f1 > g1 ? f1 : g1;
  const to = f2 < g2 ? f2 : g2;
  if (from > to || t < from || t > to) return 'outside';
  // The covers share one instant only (a part ends where the next begins, or lies within that
  // second): the cut may have split that instant's lines between the files. Only identical covers
  // are the same period.
  const meet = from === to && !(f1 === g1 && f2 === g2);
  return meet ? 'touching' : 'inside';
}

/** Nothing the two lines both give differs: a weak match may be the same transaction. */
function compatible(line: IdentifiedLine, other: IdentifiedLine): boolean {
  for (const kind of ['r', 'b', 't'] as const) {
    const a = line.keys[kind];
    const b = other.keys[kind];
    if (a && b && a !== b) return false;
  }
  if (line.clock && other.clock) {
    const p = coarser(line.precision, other.precision);
    if (truncate(line.clock, p) !== truncate(other.clock, p)) return false;
  }
  return !(line.cp && other.cp && line.cp !== other.cp);
}

/**
 * One account's day as the importing statement sees it: the lines of every other statement
 * (their claims by key, the transactions they stand for, their files' covers), and which of those
 * transactions the importing statement's own lines have already taken.
 */
export class DayIdentity {
  private readonly claims = new Map<string, Claim[]>();
  private readonly roots = new Map<string, Root[]>();
  private readonly covers = new Map<string, Cover | undefined>();
  private readonly used = new Set<LineRefKey>();

  constructor(
    private readonly statementId: string,
    private readonly cover: Cover | undefined,
    chunks: readonly IndexChunk[],
  ) {
    for (const chunk of chunks) {
      for (const text of chunk.prints) {
        const print = decodePrint(text);
        if (chunk.statementId === this.statementId) {
          if (print.of) this.used.add(print.of);
          continue;
        }
        this.covers.set(chunk.statementId, chunk.cover);
        const ref = lineRefKey(chunk.statementId, print.lineNo);
        if (print.cls === 'N') continue;
        const root = print.cls === 'D' && print.of ? print.of : ref;
        for (const kind of ['r', 'b', 't'] as const) {
          const key = print.keys[kind];
          if (!key) continue;
          let list = this.claims.get(key);
          if (!list) this.claims.set(key, (list = []));
          list.push({ ref, root, statementId: chunk.statementId });
        }
        if (print.cls !== 'D') {
          let list = this.roots.get(print.keys.w);
          if (!list) this.roots.set(print.keys.w, (list = []));
          list.push({ ref, statementId: chunk.statementId, keys: print.keys, clock: print.clock, precision: print.precision, cp: print.cp });
        }
      }
    }
  }

  /** Whether any other statement has lines on this day. */
  get hasOthers(): boolean {
    return this.covers.size > 0;
  }

  /**
   * Decides a batch of the importing file's lines, in file order: strong matches first for the
   * whole batch (a line proven to be a transaction must not lose it to a weak look-alike earlier
   * in the batch), then weak matches for the rest.
   */
  decide(lines: readonly IdentifiedLine[]): Decision[] {
    const decisions: (Decision | undefined)[] = lines.map((line) => this.strong(line));
    return decisions.map((decision, i) => decision ?? this.weak(lines[i]!));
  }

  private take(of: LineRefKey, kind: 'DUPLICATE' | 'POSSIBLE_DUPLICATE'): Decision {
    this.used.add(of);
    return { kind, of };
  }

  private strong(line: IdentifiedLine): Decision | undefined {
    let ambiguous: LineRefKey | undefined;
    for (const kind of ['r', 'b', 't'] as const) {
      const key = line.keys[kind];
      if (!key) continue;
      for (const claim of this.claims.get(key) ?? []) {
        if (this.used.has(claim.root)) continue;
        const relation = coverRelation(this.cover, this.covers.get(claim.statementId), line);
        if (relation === 'outside') continue;
        if (relation === 'touching') {
          ambiguous ??= claim.root;
          continue;
        }
        return this.take(claim.root, 'DUPLICATE');
      }
    }
    return ambiguous ? this.take(ambiguous, 'POSSIBLE_DUPLICATE') : undefined;
  }

  private weak(line: IdentifiedLine): Decision {
    for (const root of this.roots.get(line.keys.w) ?? []) {
      if (this.used.has(root.ref) || !compatible(line, root)) continue;
      if (coverRelation(this.cover, this.covers.get(root.statementId), line) === 'outside') continue;
      return this.take(root.ref, 'POSSIBLE_DUPLICATE');
    }
    return { kind: 'NEW' };
  }
}
