import type { FundWithTotals } from '../domain/funds';
import { toTotals } from '../domain/journal';
import { NotFoundError } from '../errors';
import type { LedgerStore } from './ports';

export async function getFundWithTotals(store: LedgerStore, fundId: string): Promise<FundWithTotals> {
  const [fund, sums] = await Promise.all([store.getFund(fundId), store.readTotals(fundId)]);
  if (!fund) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  return { ...fund, totals: toTotals(sums) };
}

export async function listFundsWithTotals(store: LedgerStore): Promise<FundWithTotals[]> {
  const funds = await store.listFunds();
  const totals = await Promise.all(funds.map((fund) => store.readTotals(fund.fundId)));
  return funds
    .map((fund, i) => ({ ...fund, totals: toTotals(totals[i]!) }))
    .sort((a, b) => a.opensOn.localeCompare(b.opensOn) || a.fundId.localeCompare(b.fundId))
    .reverse();
}
