/**
 * An organisation's statement for a year (DESIGN §12.5): the pledges it made in the year (their
 * Vietnam day), by fund, with what the journal says of each: pledged less cancellations dated in
 * the year, received by the year's end (reversals deducted), outstanding at the year's end. The
 * figures are sums of the journal's deltas, as published, so they add up to the signed reports.
 */
import { ROOT_COMMITTEE } from '../domain/committees';
import { leafEntries, type JournalEntry } from '../domain/journal';
import type { Organisation } from '../domain/organisations';
import type { Pledge } from '../domain/pledges';
import { atVietnamTime, vietnamDay } from '../domain/format';
import { NotFoundError } from '../errors';
import { findCommittee, type CommitteeDeps } from './committees';
import type { Stores } from './ports';
import { requireCommitteeScope, type Scope } from './scope';

export type StatementDeps = Pick<Stores, 'organisations' | 'pledges' | 'journal' | 'funds'>;

interface Figures {
  pledged: number;
  received: number;
  outstanding: number;
}

export interface StatementPledgeLine extends Figures {
  ref: string;
  date: string;
  amount: number;
  status: Pledge['status'];
}

export interface OrganisationStatementView {
  orgId: string;
  orgName: string;
  year: number;
  funds: (Figures & { fundId: string; fundName: { vi: string; en: string }; pledges: StatementPledgeLine[] })[];
  totals: Figures;
}

const sum = (lines: readonly Figures[]): Figures => ({
  pledged: lines.reduce((s, l) => s + l.pledged, 0),
  received: lines.reduce((s, l) => s + l.received, 0),
  outstanding: lines.reduce((s, l) => s + l.outstanding, 0),
});

/** What the fund's journal holds for these pledges, from the year's first instant to its last day. */
async function journalFigures(deps: Pick<Stores, 'journal'>, fundId: string, refs: ReadonlySet<string>, year: number): Promise<Map<string, { pledged: number; received: number }>> {
  const figures = new Map<string, { pledged: number; received: number }>();
  const lastDay = `${year}-12-31`;
  const of = (ref: string) => figures.get(ref) ?? figures.set(ref, { pledged: 0, received: 0 }).get(ref)!;
  // A pledge of the year has no entry before the year began; a late receipt of the year is recorded after it ends.
  for await (const page of deps.journal.pages(fundId, { from: Date.parse(atVietnamTime(`${year}-01-01`)) })) {
    for (const entry of page.flatMap((e: JournalEntry) => leafEntries(e))) {
      if (entry.day > lastDay) continue;
      if (entry.entityType === 'pledge' && refs.has(entry.entityRef)) of(entry.entityRef).pledged += entry.deltas.pledged ?? 0;
      const pledgeRef = entry.publicDetails.pledgeRef;
      if (typeof pledgeRef === 'string' && refs.has(pledgeRef)) of(pledgeRef).received += entry.deltas.received ?? 0;
    }
  }
  return figures;
}

async function buildStatement(deps: StatementDeps, organisation: Organisation, year: number): Promise<OrganisationStatementView> {
  const prefix = `${year}-`;
  const pledges = (await deps.pledges.listByOrganisation(organisation.id)).filter((p) => vietnamDay(p.createdAt).startsWith(prefix));
  const byFund = new Map<string, Pledge[]>();
  for (const pledge of pledges) byFund.set(pledge.fundId, [...(byFund.get(pledge.fundId) ?? []), pledge]);
  const funds: OrganisationStatementView['funds'] = [];
  for (const [fundId, fundPledges] of [...byFund].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [fund, figures] = await Promise.all([deps.funds.get(fundId), journalFigures(deps, fundId, new Set(fundPledges.map((p) => p.ref)), year)]);
    const lines = fundPledges.map((pledge): StatementPledgeLine => {
      const { pledged, received } = figures.get(pledge.ref) ?? { pledged: 0, received: 0 };
      return { ref: pledge.ref, date: vietnamDay(pledge.createdAt), amount: pledge.amount, status: pledge.status, pledged, received, outstanding: Math.max(0, pledged - received) };
    });
    funds.push({ fundId, fundName: fund?.name ?? { vi: fundId, en: fundId }, ...sum(lines), pledges: lines });
  }
  return { orgId: organisation.id, orgName: organisation.name, year, funds, totals: sum(funds) };
}

/** Staff whose grants cover the organisation's committee (DESIGN §12.2). */
export async function organisationStatement(deps: StatementDeps & CommitteeDeps, orgId: string, year: number, scope: Scope | undefined): Promise<OrganisationStatementView> {
  const organisation = await deps.organisations.get(orgId);
  if (!organisation) throw new NotFoundError(`Không có tổ chức ${orgId} / No organisation ${orgId}`);
  const committee = await findCommittee(deps, organisation.committeeId ?? ROOT_COMMITTEE);
  requireCommitteeScope(scope, committee?.path ?? [ROOT_COMMITTEE], 'các tổ chức / the organisations');
  return buildStatement(deps, organisation, year);
}

/** The organisation calling with its own key (or its console sign-in): only its own statement. */
export async function ownStatement(deps: StatementDeps, orgId: string, year: number): Promise<OrganisationStatementView> {
  const organisation = await deps.organisations.get(orgId);
  if (!organisation) throw new NotFoundError(`Không có tổ chức ${orgId} / No organisation ${orgId}`);
  return buildStatement(deps, organisation, year);
}
