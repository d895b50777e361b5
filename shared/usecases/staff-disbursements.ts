import type { z } from 'zod';
import type { Disbursement } from '../domain/disbursements';
import type { Fund } from '../domain/funds';
import { NotFoundError } from '../errors';
import type { ListDisbursementsQuery } from '../schemas/ledger';
import type { Page, Stores } from './ports';
import { decodeCursor, encodeCursor } from './cursor';

export type DisbursementListQuery = z.output<typeof ListDisbursementsQuery>;

const ULID = /^[0-9A-HJKMNP-TV-Z]{26}$/;

// A fund has hundreds of disbursements, not millions: the store reads them all from one index
// partition, and the page is cut here. The cursor names the last id shown, so a page stays put
// while new requests arrive at the top.
const beforeIn = (value: unknown) => {
  const { before } = (value ?? {}) as { before?: unknown };
  return typeof before === 'string' && ULID.test(before) ? before : undefined;
};

/** Which funds the caller may see and act on: the access check's answer, passed in by the handler. */
export type FundVisibility = (fund: Fund) => boolean;

/**
 * The staff view of disbursements, newest first, optionally of one status: what an approver
 * works through (REQUESTED) and a clerk pays (APPROVED), with the names the public list leaves
 * out. With a fund, that fund's; without, every fund the caller may see, merged: an approver's
 * one queue across funds.
 */
export async function listDisbursementsForStaff(
  deps: Pick<Stores, 'funds' | 'disbursements'>,
  query: DisbursementListQuery,
  maySee: FundVisibility = () => true,
): Promise<Page<Disbursement>> {
  const before = query.cursor ? decodeCursor(query.cursor, beforeIn) : undefined;
  let funds: Fund[];
  if (query.fundId) {
    const fund = await deps.funds.get(query.fundId);
    if (!fund || !maySee(fund)) throw new NotFoundError(`Không có quỹ ${query.fundId} / No fund ${query.fundId}`);
    funds = [fund];
  } else {
    funds = (await deps.funds.list()).filter(maySee);
  }
  const lists = await Promise.all(funds.map((fund) => deps.disbursements.listByFund(fund.fundId)));
  const matching = lists
    .flat()
    .filter((d) => (!query.status || d.status === query.status) && (!before || d.id < before))
    .sort((a, b) => (a.id < b.id ? 1 : a.id > b.id ? -1 : 0));
  const items = matching.slice(0, query.limit);
  const more = matching.length > items.length;
  return { items, ...(more ? { cursor: encodeCursor({ before: items.at(-1)!.id }) } : {}) };
}
