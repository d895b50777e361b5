/**
 * Running totals: applying the journal to the counters (the stream consumer) and reading them
 * per ward and per day (the public API). DESIGN §6.
 */
import type { z } from 'zod';
import type { JournalEntry } from '../domain/journal';
import { toTotals } from '../domain/journal';
import { entryKey, parseScope } from '../domain/totals';
import { NotFoundError } from '../errors';
import { TotalsApplyError, type ApplyReport, type CounterStore, type Stores } from './ports';
import type { DayTotals as DayTotalsSchema, WardTotals as WardTotalsSchema } from '../schemas/funds';

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
  counters: CounterStore,
  values: readonly (JournalEntry | null)[],
  options: { enoughTime?: () => boolean } = {},
): Promise<BatchOutcome> {
  const entries = values.filter((value): value is JournalEntry => value !== null);
  try {
    const report = await counters.applyEntries(entries, options);
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
export async function listWardTotals(deps: Pick<Stores, 'funds' | 'adminUnits' | 'counters'>, fundId: string): Promise<{ fundId: string; items: WardTotals[] }> {
  const [fund, scopes] = await Promise.all([deps.funds.get(fundId), deps.counters.listScopes(fundId, 'WARD')]);
  if (!fund) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  const units = scopes.length ? new Map((await deps.adminUnits.list()).map((unit) => [unit.code, unit])) : new Map();
  const items = scopes.map(({ scope, sums }) => {
    const wardCode = parseScope(scope).value;
    const unit = units.get(wardCode);
    return { wardCode, ...(unit ? { name: unit.name, provinceCode: unit.provinceCode } : {}), totals: toTotals(sums) };
  });
  return { fundId, items: items.sort((a, b) => a.wardCode.localeCompare(b.wardCode)) };
}

/** The fund's totals per day (Vietnam time), oldest first, optionally within [from, to]. */
export async function listDayTotals(
  deps: Pick<Stores, 'funds' | 'counters'>,
  fundId: string,
  range: { from?: string; to?: string } = {},
): Promise<{ fundId: string; items: DayTotals[] }> {
  const [fund, scopes] = await Promise.all([deps.funds.get(fundId), deps.counters.listScopes(fundId, 'DAY', range)]);
  if (!fund) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  const items = scopes.map(({ scope, sums }) => ({ day: parseScope(scope).value, totals: toTotals(sums) }));
  return { fundId, items: items.sort((a, b) => a.day.localeCompare(b.day)) };
}
