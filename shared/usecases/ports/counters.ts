/**
 * The running totals (DESIGN §6): counters per fund, per ward and per day that the stream
 * consumer adds each journal entry to exactly once, and that the API and the drift check read.
 * A scope is `fundId`, `fundId#WARD#<code>` or `fundId#DAY#<YYYY-MM-DD>`.
 */
import type { DeltaSums, TotalsEntry } from '../../domain/totals';
import { SoVangError } from '../../errors';

export interface ApplyReport {
  /** Entries this call added to the counters. */
  applied: string[];
  /** Entries an earlier delivery had already added. */
  alreadyApplied: string[];
  /** Counter writes (one per scope and chunk): the figure that batching keeps low. */
  counterWrites: number;
  transactions: number;
}

/**
 * Some chunks could not be applied. Every entry outside `notDone` (keys `fundId#entryId`, see
 * `entryKey`) is in the counters; the ones in it are not, and must be delivered again.
 */
export class TotalsApplyError extends SoVangError {
  constructor(
    message: string,
    readonly notDone: ReadonlySet<string>,
    readonly partial: ApplyReport,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface ScopeCounters {
  scope: string;
  sums: DeltaSums;
}

export interface CounterStore {
  /** One scope's counters, strongly consistent; zeros for a scope nothing was added to. */
  readScope(scope: string): Promise<DeltaSums>;
  /** Every ward or day scope of a fund that has counters, by scope; days optionally within [from, to]. */
  listScopes(fundId: string, dimension: 'WARD' | 'DAY', range?: { from?: string; to?: string }): Promise<ScopeCounters[]>;
  /**
   * Every counter of a fund: the fund, its wards and its days. With `consistent`, each scope is
   * read strongly consistent (never trusting an index), `alsoScopes` included.
   */
  readFund(fundId: string, options?: { consistent?: boolean; alsoScopes?: Iterable<string> }): Promise<Map<string, DeltaSums>>;
  /**
   * Adds each entry exactly once, in atomic chunks; throws TotalsApplyError naming what is not done.
   * `enoughTime` is asked before each chunk after the first: a chunk left for the next delivery beats a timeout.
   */
  applyEntries(entries: readonly TotalsEntry[], options?: { enoughTime?: () => boolean }): Promise<ApplyReport>;
  /** `fundId#entryId` of the entries already added (their applied markers live a week). */
  appliedEntryKeys(entries: readonly Pick<TotalsEntry, 'fundId' | 'entryId'>[]): Promise<Set<string>>;
}
