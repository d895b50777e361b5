/**
 * Running totals read per ward and per day (the public API). DESIGN §6; the stream consumer's
 * side is ./totals-stream.ts.
 */
import type { z } from 'zod';
import { toTotals } from '../domain/journal';
import { parseScope } from '../domain/totals';
import { NotFoundError } from '../errors';
import type { Stores } from './ports';
import type { DayTotals as DayTotalsSchema, WardTotals as WardTotalsSchema } from '../schemas/funds';

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
