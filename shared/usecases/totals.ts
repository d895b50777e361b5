/**
 * Running totals: applying the journal to the counters (the stream consumer) and reading them
 * per ward and per day (the public API). DESIGN §6.
 */
import type { z } from 'zod';
import type { JournalEntry } from '../domain/journal';
import { toTotals } from '../domain/journal';
import { parseScope, type DeltaSums, type TotalsEntry } from '../domain/totals';
import { NotFoundError, SoVangError } from '../errors';
import type { DayTotals as DayTotalsSchema, WardTotals as WardTotalsSchema } from '../schemas/funds';
import type { LedgerStore } from './ports';

export interface ApplyReport {
  /** Entries this call added to the counters. */
  applied: string[];
  /** Entries whose applied marker was already there: an earlier delivery applied them. */
  alreadyApplied: string[];
  /** Counter-item writes (one per scope and chunk): the figure that batching keeps low. */
  counterWrites: number;
  transactions: number;
}

/**
 * Some chunks could not be applied. Every entry outside `notDone` (keys `fundId#entryId`) is in
 * the counters; the ones in it are not, and must be delivered again.
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

/** What the totals need from storage; the DynamoDB adapter is `totals-store.ts`. */
export interface TotalsPort {
  /**
   * Each entry exactly once, in atomic chunks; throws TotalsApplyError naming what is not done.
   * `enoughTime` is asked before each chunk: a chunk left for the next delivery beats a timeout.
   */
  applyEntries(entries: readonly TotalsEntry[], options?: { enoughTime?: () => boolean }): Promise<ApplyReport>;
  listScopeTotals(fundId: string, dimension: 'WARD' | 'DAY', range?: { from?: string; to?: string }): Promise<ScopeCounters[]>;
  readFundCounters(fundId: string, options?: { consistent?: boolean; alsoScopes?: Iterable<string> }): Promise<Map<string, DeltaSums>>;
  /** The fund's journal, oldest first, a page at a time (strongly consistent). */
  journalPages(fundId: string): AsyncIterable<JournalEntry[]>;
  /** `fundId#entryId` of the entries that carry an applied marker. */
  appliedEntryKeys(entries: readonly Pick<TotalsEntry, 'fundId' | 'entryId'>[]): Promise<Set<string>>;
}

export const entryKey = (entry: Pick<TotalsEntry, 'fundId' | 'entryId'>) => `${entry.fundId}#${entry.entryId}`;

export interface BatchOutcome {
  /** How many leading values are in the counters (now or from an earlier delivery). */
  doneCount: number;
  error?: Error;
  report: ApplyReport;
}

/**
 * Primary course:
 *  1. Keep the journal entries of the batch, in stream order (other records are null).
 *  2. Apply them: summed per counter, in chunks of one transaction, each entry exactly once.
 *  3. On failure, the first entry not applied marks where the stream must resume.
 */
export async function applyJournalBatch(
  totals: TotalsPort,
  values: readonly (JournalEntry | null)[],
  options: { enoughTime?: () => boolean } = {},
): Promise<BatchOutcome> {
  const entries = values.filter((value): value is JournalEntry => value !== null);
  try {
    const report = await totals.applyEntries(entries, options);
    return { doneCount: values.length, report };
  } catch (error) {
    if (!(error instanceof TotalsApplyError)) {
      return { doneCount: 0, error: error as Error, report: { applied: [], alreadyApplied: [], counterWrites: 0, transactions: 0 } };
    }
    const firstNotDone = values.findIndex((value) => value !== null && error.notDone.has(entryKey(value)));
    return { doneCount: firstNotDone === -1 ? values.length : firstNotDone, error, report: error.partial };
  }
}

export type WardTotals = z.infer<typeof WardTotalsSchema>;

export type DayTotals = z.infer<typeof DayTotalsSchema>;

/** Every ward the fund has money events for, with its totals; names from the admin units. */
export async function listWardTotals(ledger: LedgerStore, totals: TotalsPort, fundId: string): Promise<{ fundId: string; items: WardTotals[] }> {
  const [fund, scopes] = await Promise.all([ledger.getFund(fundId), totals.listScopeTotals(fundId, 'WARD')]);
  if (!fund) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  const units = scopes.length ? new Map((await ledger.listAdminUnits()).map((unit) => [unit.code, unit])) : new Map();
  const items = scopes.map(({ scope, sums }) => {
    const wardCode = parseScope(scope).value;
    const unit = units.get(wardCode);
    return { wardCode, ...(unit ? { name: unit.name, provinceCode: unit.provinceCode } : {}), totals: toTotals(sums) };
  });
  return { fundId, items: items.sort((a, b) => a.wardCode.localeCompare(b.wardCode)) };
}

/** The fund's totals per day (Vietnam time), oldest first, optionally within [from, to]. */
export async function listDayTotals(
  ledger: LedgerStore,
  totals: TotalsPort,
  fundId: string,
  range: { from?: string; to?: string } = {},
): Promise<{ fundId: string; items: DayTotals[] }> {
  const [fund, scopes] = await Promise.all([ledger.getFund(fundId), totals.listScopeTotals(fundId, 'DAY', range)]);
  if (!fund) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  const items = scopes.map(({ scope, sums }) => ({ day: parseScope(scope).value, totals: toTotals(sums) }));
  return { fundId, items: items.sort((a, b) => a.day.localeCompare(b.day)) };
}
