/**
 * The drift check (DESIGN §4.1, §6): recompute every total of a fund from its journal and compare
 * with the running counters, per fund, per ward and per day. Drift must be exactly 0.
 *
 * The consumer keeps a checkpoint per stream shard, not a mark per entry, so nothing says which
 * late entries the counters already hold. The check compares what does not move under it:
 *  - closed days (before the cutoff's day in Vietnam; every day without a cutoff): a day counter
 *    equals the sum of every entry dated that day, late ones included;
 *  - the fund is the sum of its days (each entry's fund and day counters change in one
 *    transaction): with a cutoff, the fund counter less the counters of the days still open, read
 *    together in one atomic read, equals the closed days' entries;
 *  - wards span days: a ward counter equals every entry of the ward read.
 * Counters move while the check reads them (an entry applied between the journal read and the
 * counter read, or not yet: consumer lag), so a check that shows drift looks again after a pause:
 * lag settles, real drift stays.
 *
 * The journal is read a page at a time: memory grows with the number of scopes (wards, days),
 * never with the size of the journal. The nightly job sums the entries before its cutoff in its
 * own pass over the journal (`JournalTally`) and the check reads only the entries after it.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { emptyDeltaSums, hasMoneyEffect, totalsScopes } from '../domain/journal';
import { vietnamDay } from '../domain/format';
import { addSums, addToSums, isZero, parseScope, subtractSums, type DeltaSums, type TotalsEntry } from '../domain/totals';
import { ValidationError } from '../errors';
import type { CounterStore, JournalStore } from './ports';

/** The journal to sum, and the counters to compare with it. */
export interface DriftDeps {
  journal: Pick<JournalStore, 'pages'>;
  counters: Pick<CounterStore, 'readFund' | 'readTogether'>;
}

export interface ScopeDrift {
  /** `fundId`, `fundId#WARD#<code>` or `fundId#DAY#<YYYY-MM-DD>`. */
  scope: string;
  /** The sum of the journal entries the scope is compared with. */
  expected: DeltaSums;
  /** The counters (for the fund with a cutoff: less the days still open). */
  actual: DeltaSums;
  /** actual − expected, per bucket: must be 0. */
  drift: DeltaSums;
}

export interface DriftReport {
  fundId: string;
  /** Days before this instant's day in Vietnam were checked exactly; absent: every day at the time of the check. */
  cutoff?: string;
  /** Journal entries of the days compared. */
  entries: number;
  scopes: ScopeDrift[];
  ok: boolean;
}

export interface DriftOptions {
  /** ISO 8601 instant: the days before its day in Vietnam are closed and compared exactly; later days are left out. */
  cutoff?: string;
  /** Re-read each scope's shards with strong consistency instead of trusting the index. Default true. */
  consistent?: boolean;
  /** How often to look again when drift shows, and how long to wait in between (consumer lag). */
  attempts?: number;
  delayMs?: number;
  /** The entries before the cutoff, summed by the caller as they passed (the nightly report's own read): only later ones are read here. */
  tally?: JournalTally;
}

/** Sums of journal entries per scope, and how many entries each day has: fed one entry at a time. */
export class JournalTally {
  readonly sums = new Map<string, DeltaSums>();
  readonly entriesPerDay = new Map<string, number>();
  /** Every scope an entry named, even when its deltas add up to nothing. */
  readonly scopes = new Set<string>();

  add(entry: TotalsEntry): void {
    for (const scope of totalsScopes(entry)) this.scopes.add(scope);
    this.entriesPerDay.set(entry.day, (this.entriesPerDay.get(entry.day) ?? 0) + 1);
    if (hasMoneyEffect(entry.deltas)) addToSums(this.sums, entry);
  }

  /** This tally and another, summed. */
  plus(other: JournalTally): JournalTally {
    const both = new JournalTally();
    for (const tally of [this, other]) {
      for (const [scope, sums] of tally.sums) both.sums.set(scope, addSums(both.sums.get(scope) ?? emptyDeltaSums(), sums));
      for (const [day, count] of tally.entriesPerDay) both.entriesPerDay.set(day, (both.entriesPerDay.get(day) ?? 0) + count);
      for (const scope of tally.scopes) both.scopes.add(scope);
    }
    return both;
  }
}

function cutoffMs(cutoff: string): number {
  const ms = Date.parse(cutoff);
  if (Number.isNaN(ms)) throw new ValidationError(`cutoff ${cutoff} is not an ISO 8601 instant`, [{ path: 'cutoff', message: 'must be an ISO 8601 instant' }]);
  return ms;
}

async function tallyJournal(journal: DriftDeps['journal'], fundId: string, range?: { from: number }): Promise<JournalTally> {
  const tally = new JournalTally();
  for await (const page of journal.pages(fundId, range)) for (const entry of page) tally.add(entry);
  return tally;
}

function scopeOrder(fundId: string, scope: string): string {
  // The fund first, then its wards, then its days.
  if (scope === fundId) return '0';
  return scope.includes('#WARD#') ? `1${scope}` : `2${scope}`;
}

const sumAll = (all: Iterable<DeltaSums>) => [...all].reduce(addSums, emptyDeltaSums());

async function measure(deps: DriftDeps, fundId: string, options: DriftOptions): Promise<DriftReport> {
  const cutoff = options.cutoff;
  const openFrom = cutoff ? vietnamDay(new Date(cutoffMs(cutoff)).toISOString()) : undefined;
  const journal = options.tally ? options.tally.plus(await tallyJournal(deps.journal, fundId, { from: cutoffMs(cutoff!) })) : await tallyJournal(deps.journal, fundId);
  const counters = await deps.counters.readFund(fundId, { consistent: options.consistent ?? true, alsoScopes: journal.scopes });
  const isOpen = (scope: string) => {
    const { dimension, value } = parseScope(scope);
    return openFrom !== undefined && dimension === 'DAY' && value >= openFrom;
  };
  const daysOf = (source: Map<string, DeltaSums>, open: boolean) => [...source].filter(([scope]) => parseScope(scope).dimension === 'DAY' && isOpen(scope) === open);

  const expected = new Map<string, DeltaSums>();
  const actual = new Map<string, DeltaSums>();
  for (const [scope, sums] of journal.sums) if (scope !== fundId && !isOpen(scope)) expected.set(scope, sums);
  for (const [scope, sums] of counters) if (scope !== fundId && !isOpen(scope)) actual.set(scope, sums);
  if (openFrom === undefined) {
    expected.set(fundId, journal.sums.get(fundId) ?? emptyDeltaSums());
    actual.set(fundId, counters.get(fundId) ?? emptyDeltaSums());
  } else {
    // The fund less its open days, read together so that no chunk of the consumer is half in them.
    const openDays = [...new Set([...daysOf(counters, true), ...daysOf(journal.sums, true)].map(([scope]) => scope))];
    const together = await deps.counters.readTogether([fundId, ...openDays]);
    actual.set(fundId, subtractSums(together.get(fundId)!, sumAll(openDays.map((day) => together.get(day)!))));
    expected.set(fundId, sumAll(daysOf(journal.sums, false).map(([, sums]) => sums)));
  }

  const scopes: ScopeDrift[] = [];
  for (const scope of new Set([fundId, ...expected.keys(), ...actual.keys()])) {
    const want = expected.get(scope) ?? emptyDeltaSums();
    const have = actual.get(scope) ?? emptyDeltaSums();
    if (scope !== fundId && isZero(want) && isZero(have)) continue;
    scopes.push({ scope, expected: want, actual: have, drift: subtractSums(have, want) });
  }
  scopes.sort((a, b) => scopeOrder(fundId, a.scope).localeCompare(scopeOrder(fundId, b.scope)));
  const entries = [...journal.entriesPerDay].reduce((n, [day, count]) => (openFrom === undefined || day < openFrom ? n + count : n), 0);
  return { fundId, ...(cutoff ? { cutoff } : {}), entries, scopes, ok: scopes.every((s) => isZero(s.drift)) };
}

/**
 * Primary course:
 *  1. Sum the fund's journal per scope (with a tally of the entries before the cutoff, only the later ones are read).
 *  2. Read every counter of the fund; with a cutoff, the fund and its open days together.
 *  3. Compare the closed days, the fund and the wards per bucket; if anything differs, look again
 *     after a pause (lag), then report.
 */
export async function checkDrift(deps: DriftDeps, fundId: string, options: DriftOptions = {}): Promise<DriftReport> {
  if (options.tally && !options.cutoff) throw new ValidationError('A tally of the journal needs the cutoff it was read up to', [{ path: 'cutoff', message: 'is required with a tally' }]);
  const attempts = Math.max(1, options.attempts ?? 3);
  for (let attempt = 1; ; attempt++) {
    const report = await measure(deps, fundId, options);
    if (report.ok || attempt >= attempts) return report;
    await sleep(options.delayMs ?? 1000);
  }
}
