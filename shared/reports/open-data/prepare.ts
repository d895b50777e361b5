/**
 * Checks one fund's input and reads its journal once. Both generators render from the result,
 * so the nightly job can stream a fund's entries a single time and publish both files.
 */
import * as z from 'zod';
import { collectFlows, type FundFlows } from './flows';
import { DonorOrganisationSchema, GoodsMovementSchema, OpenDataFundSchema, parseInput, type FundHistory, type GoodsMovement, type OpenDataFund } from './model';

export interface PreparedFund {
  fund: OpenDataFund;
  flows: FundFlows;
  goods: GoodsMovement[];
}

const Donors = z.array(DonorOrganisationSchema);
const Goods = z.array(GoodsMovementSchema);

/** `path` names this fund in error messages (`funds.2`), so a bad field is found at once. */
export async function prepareFund(history: FundHistory, path = 'fund'): Promise<PreparedFund> {
  const fund = parseInput(OpenDataFundSchema, history.fund, `${path}.fund`);
  const donors = parseInput(Donors, history.donors ?? [], `${path}.donors`);
  const goods = parseInput(Goods, history.goods ?? [], `${path}.goods`);
  const flows = await collectFlows(fund.fundId, history.entries, donors);
  return { fund, flows, goods };
}

export async function prepareFunds(histories: readonly FundHistory[]): Promise<PreparedFund[]> {
  const prepared: PreparedFund[] = [];
  // One fund at a time: each holds only its days and disbursements while its journal streams.
  for (const [index, history] of histories.entries()) prepared.push(await prepareFund(history, `funds.${index}`));
  return prepared;
}
