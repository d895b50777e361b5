/**
 * Deciding what each statement line means for the ledger. Pure: the caller looks up the refs
 * (see `refsToLookUp`) and passes what exists; nothing here touches storage.
 *
 * - Every credit becomes a receipt, so every đồng received counts, linked to a pledge only
 *   when the memo holds exactly one valid code of a known pledge.
 * - A debit marks a disbursement paid only when its memo holds exactly one known `GN` code
 *   and the amounts agree; any other debit is flagged, because money leaving a fund's account
 *   unexplained is what reconciliation exists to catch.
 * - A code whose check character fails never matches: it is a near miss, flagged with
 *   suggestions for a person to confirm.
 */
import type { StatementLine } from './types';
import { type NearMiss, codeCandidates, findCodes, oneEditAway } from './memo';

export interface PledgeInfo {
  /** The pledged amount. */
  amount: number;
  /** Already received against it before this statement; 0 when omitted. */
  received?: number;
}

export interface DisbursementInfo {
  /** The approved amount; when given, a debit must agree with it to be matched. */
  amount?: number;
  /** Already marked paid (by an earlier statement or by hand). */
  paid?: boolean;
}

export interface MatchLookup {
  pledges: ReadonlyMap<string, PledgeInfo>;
  disbursements: ReadonlyMap<string, DisbursementInfo>;
}

export type LineStatus = 'MATCHED' | 'UNMATCHED' | 'FLAGGED';
export type LineEffect = 'RECEIPT' | 'DISBURSEMENT_PAID' | 'NONE';
export type AmountCheck = 'EXACT' | 'PARTIAL' | 'OVERPAID';
export type FlagReason =
  /** A valid code that no pledge or disbursement has. */
  | 'UNKNOWN_CODE'
  /** A code whose check character fails. */
  | 'NEAR_MISS'
  /** Money out that no known disbursement explains. */
  | 'UNKNOWN_DEBIT'
  /** Several known codes on one line: which one it pays is a person's call. */
  | 'MULTIPLE_CODES'
  /** A `GN` code on money in, or a `UH` code on money out. */
  | 'WRONG_DIRECTION'
  /** A known disbursement paid with a different amount. */
  | 'AMOUNT_MISMATCH'
  /** A known disbursement that is already paid. */
  | 'ALREADY_PAID';

export interface LineMatch {
  lineNo: number;
  status: LineStatus;
  /** What importing the line does: every credit is a receipt, matched or not. */
  effect: LineEffect;
  pledgeRef?: string;
  disbursementRef?: string;
  /** For a matched pledge: the amount against what was still outstanding on it. */
  amountCheck?: AmountCheck;
  /** What was still outstanding on the pledge (or the disbursement's amount) before this line. */
  expectedAmount?: number;
  reasons: FlagReason[];
  /** Every valid code found in the memo, known or not. */
  codes: string[];
  nearMisses: NearMiss[];
}

/**
 * The refs worth looking up for a batch of lines before matching it: every candidate with a
 * valid check character (weak ones too, since only a lookup can vouch for them) and every
 * suggestion for the ones that fail.
 */
export function refsToLookUp(lines: Iterable<Pick<StatementLine, 'memo'>>): Set<string> {
  const refs = new Set<string>();
  for (const line of lines) {
    for (const c of codeCandidates(line.memo)) {
      if (c.valid) refs.add(c.prefix + c.body);
      else for (const body of oneEditAway(c.body)) refs.add(c.prefix + body);
    }
  }
  return refs;
}

/**
 * Matches lines in order. Amounts are checked against what is still outstanding, and lines
 * earlier in the same batch count, so a pledge paid in two transfers is PARTIAL then EXACT.
 */
export class Matcher {
  private readonly receivedInBatch = new Map<string, number>();
  private readonly paidInBatch = new Set<string>();

  constructor(private readonly lookup: MatchLookup) {}

  private readonly isKnown = (ref: string): boolean =>
    ref.startsWith('UH') ? this.lookup.pledges.has(ref) : this.lookup.disbursements.has(ref);

  match(line: StatementLine): LineMatch {
    const { codes, nearMisses } = findCodes(line.memo, { isKnown: this.isKnown });
    const base = { lineNo: line.lineNo, codes, nearMisses };
    const pledgeRefs = codes.filter((c) => c.startsWith('UH') && this.lookup.pledges.has(c));
    const disbursementRefs = codes.filter((c) => c.startsWith('GN') && this.lookup.disbursements.has(c));
    const unknown = codes.some((c) => !this.isKnown(c));
    return line.direction === 'CREDIT'
      ? this.credit(line, base, pledgeRefs, disbursementRefs, unknown)
      : this.debit(line, base, pledgeRefs, disbursementRefs, unknown);
  }

  private credit(
    line: StatementLine,
    base: Pick<LineMatch, 'lineNo' | 'codes' | 'nearMisses'>,
    pledgeRefs: string[],
    disbursementRefs: string[],
    unknown: boolean,
  ): LineMatch {
    if (pledgeRefs.length === 1) {
      const ref = pledgeRefs[0]!;
      const pledge = this.lookup.pledges.get(ref)!;
      const before = (pledge.received ?? 0) + (this.receivedInBatch.get(ref) ?? 0);
      const outstanding = Math.max(pledge.amount - before, 0);
      this.receivedInBatch.set(ref, (this.receivedInBatch.get(ref) ?? 0) + line.amount);
      const amountCheck: AmountCheck = line.amount === outstanding ? 'EXACT' : line.amount < outstanding ? 'PARTIAL' : 'OVERPAID';
      return { ...base, status: 'MATCHED', effect: 'RECEIPT', pledgeRef: ref, amountCheck, expectedAmount: outstanding, reasons: [] };
    }
    const reasons: FlagReason[] = [];
    if (pledgeRefs.length > 1) reasons.push('MULTIPLE_CODES');
    if (disbursementRefs.length > 0) reasons.push('WRONG_DIRECTION');
    if (unknown && pledgeRefs.length === 0) reasons.push('UNKNOWN_CODE');
    if (base.nearMisses.length > 0 && pledgeRefs.length === 0) reasons.push('NEAR_MISS');
    return { ...base, status: reasons.length > 0 ? 'FLAGGED' : 'UNMATCHED', effect: 'RECEIPT', reasons };
  }

  private debit(
    line: StatementLine,
    base: Pick<LineMatch, 'lineNo' | 'codes' | 'nearMisses'>,
    pledgeRefs: string[],
    disbursementRefs: string[],
    unknown: boolean,
  ): LineMatch {
    if (disbursementRefs.length === 1) {
      const ref = disbursementRefs[0]!;
      const info = this.lookup.disbursements.get(ref)!;
      const reasons: FlagReason[] = [];
      if (info.paid || this.paidInBatch.has(ref)) reasons.push('ALREADY_PAID');
      if (info.amount !== undefined && info.amount !== line.amount) reasons.push('AMOUNT_MISMATCH');
      const expected = info.amount !== undefined ? { expectedAmount: info.amount } : {};
      if (reasons.length > 0) {
        return { ...base, status: 'FLAGGED', effect: 'NONE', disbursementRef: ref, ...expected, reasons };
      }
      this.paidInBatch.add(ref);
      return { ...base, status: 'MATCHED', effect: 'DISBURSEMENT_PAID', disbursementRef: ref, ...expected, reasons };
    }
    const reasons: FlagReason[] = ['UNKNOWN_DEBIT'];
    if (disbursementRefs.length > 1) reasons.push('MULTIPLE_CODES');
    if (pledgeRefs.length > 0) reasons.push('WRONG_DIRECTION');
    if (unknown && disbursementRefs.length === 0) reasons.push('UNKNOWN_CODE');
    if (base.nearMisses.length > 0 && disbursementRefs.length === 0) reasons.push('NEAR_MISS');
    return { ...base, status: 'FLAGGED', effect: 'NONE', reasons };
  }
}

/** Matches a whole batch; see `Matcher` for the rules. */
export function matchLines(lines: Iterable<StatementLine>, lookup: MatchLookup): LineMatch[] {
  const matcher = new Matcher(lookup);
  return Array.from(lines, (line) => matcher.match(line));
}
