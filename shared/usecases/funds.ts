/** Funds as anyone reads them: every fund in one shape, defaults filled in, with its live totals (DESIGN §12.1). */
import type { z } from 'zod';
import {
  acceptsPledgesAt,
  fundAccounts,
  fundCommitteeId,
  fundCommitteePath,
  fundDeadlines,
  fundKind,
  fundVersion,
  receivingWindow,
  type Fund,
} from '../domain/funds';
import { toTotals, type Totals } from '../domain/journal';
import { NotFoundError } from '../errors';
import type { StaffFund as StaffFundSchema } from '../schemas/campaigns';
import type { Fund as FundSchema } from '../schemas/funds';
import type { Stores } from './ports';
import { inScope, type Scope } from './scope';
import * as clock from '../domain/clock';

export type FundView = z.infer<typeof FundSchema>;
export type StaffFundView = z.infer<typeof StaffFundSchema>;

export type FundTotalsDeps = Pick<Stores, 'funds' | 'counters'>;

/** The public shape of a fund at an instant: its accounts, window, state and deadlines as of `now`. */
export function describeFund(fund: Fund, totals: Totals, now: Date): FundView {
  const window = receivingWindow(fund);
  return {
    fundId: fund.fundId,
    code: fund.code ?? fund.fundId,
    name: fund.name,
    description: fund.description,
    kind: fundKind(fund),
    currency: fund.currency,
    ...(fund.target !== undefined ? { target: fund.target } : {}),
    bankAccount: fundAccounts(fund)[0]!,
    bankAccounts: fundAccounts(fund),
    opensOn: fund.opensOn,
    ...(fund.closesOn ? { closesOn: fund.closesOn } : {}),
    receiving: window,
    ...(fund.distributionDeadline ? { distributionDeadline: fund.distributionDeadline } : {}),
    status: fund.status,
    acceptsPledges: acceptsPledgesAt(fund, now),
    deadlines: fundDeadlines(fund, now),
    ...(fund.provinceCode ? { provinceCode: fund.provinceCode } : {}),
    committeeId: fundCommitteeId(fund),
    committeePath: fundCommitteePath(fund),
    version: fundVersion(fund),
    ...(fund.createdAt ? { createdAt: fund.createdAt } : {}),
    ...(fund.updatedAt ? { updatedAt: fund.updatedAt } : {}),
    totals,
  };
}

export async function getFundWithTotals(deps: FundTotalsDeps, fundId: string, now = clock.now()): Promise<FundView> {
  const [fund, sums] = await Promise.all([deps.funds.get(fundId), deps.counters.readScope(fundId)]);
  if (!fund) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  return describeFund(fund, toTotals(sums), now);
}

/** Every fund but drafts (a draft is its committee's work in progress), newest window first. */
export async function listFundsWithTotals(deps: FundTotalsDeps, now = clock.now(), options: { drafts?: boolean } = {}): Promise<FundView[]> {
  const funds = (await deps.funds.list()).filter((fund) => options.drafts || fund.status !== 'DRAFT');
  const totals = await Promise.all(funds.map((fund) => deps.counters.readScope(fund.fundId)));
  return funds
    .map((fund, i) => describeFund(fund, toTotals(totals[i]!), now))
    .sort((a, b) => a.opensOn.localeCompare(b.opensOn) || a.fundId.localeCompare(b.fundId))
    .reverse();
}

/** A fund as its committee's staff see it, with its live totals: what the campaign commands answer with. */
export async function staffFundView(deps: Pick<Stores, 'counters'>, fund: Fund, now = clock.now()): Promise<StaffFundView> {
  const totals = toTotals(await deps.counters.readScope(fund.fundId));
  return { ...describeFund(fund, totals, now), ...(fund.createdBy ? { createdBy: fund.createdBy } : {}), ...(fund.updatedBy ? { updatedBy: fund.updatedBy } : {}) };
}

/** The funds a staff member may act on (DESIGN §12.2), drafts included, newest window first. */
export async function listStaffFunds(deps: FundTotalsDeps, scope: Scope, now = clock.now()): Promise<StaffFundView[]> {
  const funds = (await deps.funds.list()).filter((fund) => inScope(scope, fundCommitteePath(fund)));
  const views = await Promise.all(funds.map((fund) => staffFundView(deps, fund, now)));
  return views.sort((a, b) => a.opensOn.localeCompare(b.opensOn) || a.fundId.localeCompare(b.fundId)).reverse();
}
