/**
 * The drift check (DESIGN §4, §6): recompute every total of a fund from its journal and compare
 * with the running counters, per fund, per ward and per day. Drift must be exactly 0.
 *
 * The counters keep moving while we read them, so a cutoff splits the journal: entries before it
 * are expected in the counters; entries after it are subtracted from the counters if (and only
 * if) their applied marker says the consumer has already added them. A check that races the
 * consumer is repeated a few times before it reports drift: lag settles, real drift stays.
 *
 * The journal is read a page at a time, so memory grows with the number of scopes (wards, days)
 * and of entries after the cutoff, never with the size of the journal: the nightly job runs it
 * beside a million-entry report.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ulidFloor } from '../domain/ids';
import { emptyDeltaSums, totalsScopes, type JournalEntry } from '../domain/journal';
import { addToSums, entryKey, isZero, subtractSums, sumJournal, type DeltaSums } from '../domain/totals';
import { ValidationError } from '../errors';
import type { CounterStore, JournalStore } from './ports';

/** The journal to sum, and the counters to compare with it. */
export interface DriftDeps {
  journal: Pick<JournalStore, 'pages'>;
  counters: Pick<CounterStore, 'readFund' | 'appliedEntryKeys'>;
}

export interface ScopeDrift {
  /** `fundId`, `fundId#WARD#<code>` or `fundId#DAY#<YYYY-MM-DD>`. */
  scope: string;
  /** The sum of the journal entries before the cutoff. */
  expected: DeltaSums;
  /** The counters, less the entries after the cutoff that they already hold. */
  actual: DeltaSums;
  /** actual − expected, per bucket: must be 0. */
  drift: DeltaSums;
}

export interface DriftReport {
  fundId: string;
  /** Entries before this instant were checked; absent: every entry at the time of the check. */
  cutoff?: string;
  /** Journal entries counted in `expected`. */
  entries: number;
  scopes: ScopeDrift[];
  ok: boolean;
}

export interface DriftOptions {
  /**
   * ISO 8601 instant; entries whose id time is before it are checked, as the nightly report counts
   * them. At most a few days back: later entries are recognised by their applied markers, which
   * expire after a week.
   */
  cutoff?: string;
  /** Re-read each scope's shards with strong consistency instead of trusting the index. Default true. */
  consistent?: boolean;
  /** How often to look again when drift shows, and how long to wait in between (consumer lag). */
  attempts?: number;
  delayMs?: number;
}

/** The smallest entry id (ULID) of an instant: every id below it was minted earlier. */
function idFloor(cutoff: string): string {
  const ms = Date.parse(cutoff);
  if (Number.isNaN(ms)) throw new ValidationError(`cutoff ${cutoff} is not an ISO 8601 instant`, [{ path: 'cutoff', message: 'must be an ISO 8601 instant' }]);
  return ulidFloor(ms);
}

interface Recomputed {
  /** Per scope, the sum of the entries before the cutoff. */
  sums: Map<string, DeltaSums>;
  entries: number;
  /** Every scope the journal names, after the cutoff too. */
  scopes: Set<string>;
  /** Entries after the cutoff: the few that arrived while the check ran (or since midnight). */
  after: JournalEntry[];
}

/** One pass over the journal, a page at a time: memory grows with scopes and late entries only. */
async function recompute(journal: DriftDeps['journal'], fundId: string, cutoff?: string): Promise<Recomputed> {
  const floor = cutoff ? idFloor(cutoff) : undefined;
  const result: Recomputed = { sums: new Map(), entries: 0, scopes: new Set(), after: [] };
  for await (const page of journal.pages(fundId)) {
    for (const entry of page) {
      for (const scope of totalsScopes(entry)) result.scopes.add(scope);
      if (floor !== undefined && entry.entryId >= floor) {
        result.after.push(entry);
      } else {
        addToSums(result.sums, entry);
        result.entries++;
      }
    }
  }
  return result;
}

/** What every counter of the fund must hold, from the journal alone. */
export async function recomputeFromJournal(deps: Pick<DriftDeps, 'journal'>, fundId: string, options: Pick<DriftOptions, 'cutoff'> = {}): Promise<Map<string, DeltaSums>> {
  if (options.cutoff) idFloor(options.cutoff);
  return (await recompute(deps.journal, fundId, options.cutoff)).sums;
}

function scopeOrder(fundId: string, scope: string): string {
  // The fund first, then its wards, then its days.
  if (scope === fundId) return '0';
  return scope.includes('#WARD#') ? `1${scope}` : `2${scope}`;
}

async function measure(deps: DriftDeps, fundId: string, options: DriftOptions): Promise<DriftReport> {
  const { sums: expected, entries, scopes: journalScopes, after } = await recompute(deps.journal, fundId, options.cutoff);
  const counters = await deps.counters.readFund(fundId, { consistent: options.consistent ?? true, alsoScopes: journalScopes });
  if (after.length) {
    const applied = await deps.counters.appliedEntryKeys(after);
    const late = sumJournal(after.filter((entry) => applied.has(entryKey(entry))));
    for (const [scope, sums] of late) counters.set(scope, subtractSums(counters.get(scope) ?? emptyDeltaSums(), sums));
  }
  const scopes: ScopeDrift[] = [];
  for (const scope of new Set([fundId, ...expected.keys(), ...counters.keys()])) {
    const want = expected.get(scope) ?? emptyDeltaSums();
    const have = counters.get(scope) ?? emptyDeltaSums();
    if (scope !== fundId && isZero(want) && isZero(have)) continue;
    scopes.push({ scope, expected: want, actual: have, drift: subtractSums(have, want) });
  }
  scopes.sort((a, b) => scopeOrder(fundId, a.scope).localeCompare(scopeOrder(fundId, b.scope)));
  return { fundId, ...(options.cutoff ? { cutoff: options.cutoff } : {}), entries, scopes, ok: scopes.every((s) => isZero(s.drift)) };
}

/**
 * Primary course:
 *  1. Read the fund's journal and sum it per scope up to the cutoff.
 *  2. Read every counter of the fund; take out what entries after the cutoff added.
 *  3. Compare per scope and bucket; if anything differs, look again after a pause (lag), then report.
 */
export async function checkDrift(deps: DriftDeps, fundId: string, options: DriftOptions = {}): Promise<DriftReport> {
  const attempts = Math.max(1, options.attempts ?? 3);
  for (let attempt = 1; ; attempt++) {
    const report = await measure(deps, fundId, options);
    if (report.ok || attempt >= attempts) return report;
    await sleep(options.delayMs ?? 1000);
  }
}
