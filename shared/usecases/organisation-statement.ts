/**
 * An organisation's statement for a year (DESIGN §12.5): its pledges of the year, and older ones
 * that received money in the year or were still owed at its end, by fund, with what the journal
 * says of each: pledged less cancellations dated in the year, received in the year (reversals
 * deducted), outstanding at the year's end. The figures are sums of the journal's deltas, as
 * published, so they add up to the signed reports.
 */
import { ROOT_COMMITTEE } from '../domain/committees';
import { leafEntries, type JournalEntry } from '../domain/journal';
import type { Organisation } from '../domain/organisations';
import type { Pledge } from '../domain/pledges';
import { vietnamDay } from '../domain/format';
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

interface PledgeHistory {
  /** Deltas dated in the year. */
  pledged: number;
  received: number;
  /** Deltas dated up to the year's last day, for what is still owed then. */
  pledgedToDate: number;
  receivedToDate: number;
}

/**
 * What the fund's journal holds for these pledges up to the year's last day. A pledge of an
 * earlier year has entries before this one began, so the read starts at the oldest pledge.
 */
async function journalHistory(deps: Pick<Stores, 'journal'>, fundId: string, pledges: readonly Pledge[], year: number): Promise<Map<string, PledgeHistory>> {
  const refs = new Set(pledges.map((p) => p.ref));
  const history = new Map<string, PledgeHistory>();
  const lastDay = `${year}-12-31`;
  const inYear = `${year}-`;
  const of = (ref: string) => history.get(ref) ?? history.set(ref, { pledged: 0, received: 0, pledgedToDate: 0, receivedToDate: 0 }).get(ref)!;
  const from = pledges.reduce((oldest, p) => Math.min(oldest, Date.parse(p.createdAt)), Infinity);
  for await (const page of deps.journal.pages(fundId, { from })) {
    for (const entry of page.flatMap((e: JournalEntry) => leafEntries(e))) {
      if (entry.day > lastDay) continue;
      const counted = entry.day.startsWith(inYear);
      if (entry.entityType === 'pledge' && refs.has(entry.entityRef)) {
        const line = of(entry.entityRef);
        line.pledgedToDate += entry.deltas.pledged ?? 0;
        if (counted) line.pledged += entry.deltas.pledged ?? 0;
      }
      const pledgeRef = entry.publicDetails.pledgeRef;
      if (typeof pledgeRef === 'string' && refs.has(pledgeRef)) {
        const line = of(pledgeRef);
        line.receivedToDate += entry.deltas.received ?? 0;
        if (counted) line.received += entry.deltas.received ?? 0;
      }
    }
  }
  return history;
}

/**
 * A pledge belongs to a year's statement when it was made in the year, when money for it moved in
 * the year, or when it was still owed at the year's end: so every đồng received is in exactly one
 * year's statement, the year it arrived, whenever the pledge was made.
 */
function belongsToYear(line: StatementPledgeLine, year: number): boolean {
  return line.date.startsWith(`${year}-`) || line.pledged !== 0 || line.received !== 0 || line.outstanding > 0;
}

async function buildStatement(deps: StatementDeps, organisation: Organisation, year: number): Promise<OrganisationStatementView> {
  const lastDay = `${year}-12-31`;
  const pledges = (await deps.pledges.listByOrganisation(organisation.id)).filter((p) => vietnamDay(p.createdAt) <= lastDay);
  const byFund = new Map<string, Pledge[]>();
  for (const pledge of pledges) byFund.set(pledge.fundId, [...(byFund.get(pledge.fundId) ?? []), pledge]);
  const funds: OrganisationStatementView['funds'] = [];
  for (const [fundId, fundPledges] of [...byFund].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const [fund, history] = await Promise.all([deps.funds.get(fundId), journalHistory(deps, fundId, fundPledges, year)]);
    const lines = fundPledges
      .map((pledge): StatementPledgeLine => {
        const { pledged, received, pledgedToDate, receivedToDate } = history.get(pledge.ref) ?? { pledged: 0, received: 0, pledgedToDate: 0, receivedToDate: 0 };
        return { ref: pledge.ref, date: vietnamDay(pledge.createdAt), amount: pledge.amount, status: pledge.status, pledged, received, outstanding: Math.max(0, pledgedToDate - receivedToDate) };
      })
      .filter((line) => belongsToYear(line, year));
    if (lines.length > 0) funds.push({ fundId, fundName: fund?.name ?? { vi: fundId, en: fundId }, ...sum(lines), pledges: lines });
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
