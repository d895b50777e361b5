import type { FundWithTotals } from '../domain/funds';
import { toTotals } from '../domain/journal';
import { NotFoundError } from '../errors';
import type { Stores } from './ports';

export type FundTotalsDeps = Pick<Stores, 'funds' | 'counters'>;

export async function getFundWithTotals(deps: FundTotalsDeps, fundId: string): Promise<FundWithTotals> {
  const [fund, sums] = await Promise.all([deps.funds.get(fundId), deps.counters.readScope(fundId)]);
  if (!fund) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  return { ...fund, totals: toTotals(sums) };
}

export async function listFundsWithTotals(deps: FundTotalsDeps): Promise<FundWithTotals[]> {
  const funds = await deps.funds.list();
  const totals = await Promise.all(funds.map((fund) => deps.counters.readScope(fund.fundId)));
  return funds
    .map((fund, i) => ({ ...fund, totals: toTotals(totals[i]!) }))
    .sort((a, b) => a.opensOn.localeCompare(b.opensOn) || a.fundId.localeCompare(b.fundId))
    .reverse();
}
