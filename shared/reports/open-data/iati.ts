/**
 * IATI Activity XML 2.03: one `iati-activity` per fund, in one `iati-activities` document per
 * publisher. The mapping is documented in docs/OPEN-DATA.md; the tests validate the output
 * against the official XSD. Same input, same bytes: nothing here reads a clock or the locale.
 */
import * as z from 'zod';
import { ValidationError } from '../../errors';
import { compareText, type FundFlows } from './flows';
import {
  ACTIVITY_DATE,
  ACTIVITY_STATUS,
  BUDGET,
  DESCRIPTION_GENERAL,
  EXACTNESS_APPROXIMATE,
  FINANCE_TYPE_GRANT,
  IATI_VERSION,
  LOCATION_CLASS_ADMINISTRATIVE,
  LOCATION_REACH_BENEFICIARIES,
  ORGANISATION_TYPE,
  OWN_ACTIVITY_ID,
  ROLE,
  SECTOR_VOCABULARY_DAC,
} from './iati-codes';
import { committeeOrg, withNarratives } from './iati-narrative';
import { goodsResult, goodsWards } from './iati-results';
import { iatiTransactions } from './iati-transactions';
import { iatiActivityId, unitLocationRef } from './identifiers';
import { fundDescription, recipientName, UNNAMED_DONORS, unitDescription } from './labels';
import { parseInput, type DonorOrganisation, type FundHistory, type GoodsMovement, type OpenDataFund } from './model';
import { prepareFunds, type PreparedFund } from './prepare';
import { el, textEl, xmlDocument, type XmlElement } from './xml';

const DAY_MS = 86_400_000;

/** Wards and communes the fund gave to, in money or goods: code → name. */
function units(flows: FundFlows, goods: readonly GoodsMovement[]): [string, string][] {
  const names = new Map<string, string>();
  for (const flow of flows.disbursements) {
    // A withdrawn approval gave the ward nothing: its transactions stay, its place does not.
    if (flow.recipient.kind === 'unit' && flow.status !== 'cancelled' && !names.get(flow.recipient.code)) names.set(flow.recipient.code, flow.recipient.name);
  }
  for (const [code, name] of goodsWards(goods)) if (!names.get(code)) names.set(code, name);
  return [...names.entries()].sort(([a], [b]) => compareText(a, b));
}

function namedDonors(flows: FundFlows): DonorOrganisation[] {
  const byId = new Map<string, DonorOrganisation>();
  for (const row of flows.incoming) if (row.donor) byId.set(row.donor.orgId, row.donor);
  return [...byId.values()].sort((a, b) => compareText(a.orgId, b.orgId));
}

function participatingOrgs(fund: OpenDataFund, flows: FundFlows, wards: [string, string][]): XmlElement[] {
  const funders: XmlElement[] = [];
  if (flows.incoming.some((row) => !row.donor)) funders.push(withNarratives('participating-org', { role: ROLE.funding }, UNNAMED_DONORS));
  for (const donor of namedDonors(flows)) {
    funders.push(withNarratives('participating-org', { ref: donor.iatiRef, type: donor.iatiType, role: ROLE.funding }, donor.displayName ?? { vi: donor.name, en: donor.name }));
  }
  const implementers = wards.map(([code, name]) =>
    withNarratives('participating-org', { type: ORGANISATION_TYPE.localGovernment, role: ROLE.implementing }, recipientName({ kind: 'unit', code, name })),
  );
  return [...funders, committeeOrg('participating-org', fund, { role: ROLE.accountable }), ...implementers];
}

function activityDates(fund: OpenDataFund, flows: FundFlows, path: string): XmlElement[] {
  const plannedStart = fund.receivingWindow?.from;
  const actualStart = flows.firstDay;
  if (!plannedStart && !actualStart) {
    throw new ValidationError(`Fund ${fund.fundId} has no start date to publish`, [
      { path: `${path}.fund.receivingWindow.from`, message: 'is required while the fund has no money events' },
    ]);
  }
  const plannedEnd = fund.distributionDeadline ?? fund.receivingWindow?.to;
  const actualEnd = fund.status === 'closed' ? (fund.closedOn ?? flows.lastDay) : undefined;
  const date = (type: string, day: string | undefined) => day && el('activity-date', { type, 'iso-date': day });
  return [
    date(ACTIVITY_DATE.plannedStart, plannedStart),
    date(ACTIVITY_DATE.actualStart, actualStart),
    date(ACTIVITY_DATE.plannedEnd, plannedEnd),
    date(ACTIVITY_DATE.actualEnd, actualEnd),
  ].filter((d): d is XmlElement => Boolean(d));
}

/**
 * The target as an indicative budget over the campaign. IATI wants budget periods of at most a
 * year; a longer campaign's target cannot honestly be split into years, so it is left out.
 */
function budget(fund: OpenDataFund): XmlElement | undefined {
  const start = fund.receivingWindow?.from;
  const end = fund.distributionDeadline ?? fund.receivingWindow?.to;
  if (!fund.target || !start || !end || Date.parse(end) - Date.parse(start) > 365 * DAY_MS) return undefined;
  return el(
    'budget',
    { type: BUDGET.original, status: BUDGET.indicative },
    el('period-start', { 'iso-date': start }),
    el('period-end', { 'iso-date': end }),
    textEl('value', { 'value-date': start }, String(fund.target)),
  );
}

function location([code, name]: [string, string]): XmlElement {
  return el(
    'location',
    { ref: unitLocationRef(code) },
    el('location-reach', { code: LOCATION_REACH_BENEFICIARIES }),
    withNarratives('name', {}, { vi: name || code, en: name || code }),
    withNarratives('description', {}, unitDescription(code)),
    el('exactness', { code: EXACTNESS_APPROXIMATE }),
    el('location-class', { code: LOCATION_CLASS_ADMINISTRATIVE }),
  );
}

/** When anything in the activity last changed: its facts or its newest journal entry. */
function lastUpdated(fund: OpenDataFund, flows: FundFlows): string {
  return flows.lastEntryAt && Date.parse(flows.lastEntryAt) > Date.parse(fund.lastUpdated) ? flows.lastEntryAt : fund.lastUpdated;
}

export function iatiActivity({ fund, flows, goods }: PreparedFund, path = 'fund'): XmlElement {
  const wards = units(flows, goods);
  return el(
    'iati-activity',
    {
      'last-updated-datetime': lastUpdated(fund, flows),
      'xml:lang': 'vi',
      'default-currency': fund.currency,
      humanitarian: fund.humanitarian,
    },
    textEl('iati-identifier', {}, iatiActivityId(fund)),
    committeeOrg('reporting-org', fund),
    withNarratives('title', {}, fund.name),
    withNarratives('description', { type: DESCRIPTION_GENERAL }, fundDescription(fund)),
    participatingOrgs(fund, flows, wards),
    el('other-identifier', { ref: fund.code, type: OWN_ACTIVITY_ID }),
    el('activity-status', { code: ACTIVITY_STATUS[fund.status] }),
    activityDates(fund, flows, path),
    el('recipient-country', { code: fund.recipientCountry, percentage: 100 }),
    wards.map(location),
    fund.sectorCode ? el('sector', { vocabulary: SECTOR_VOCABULARY_DAC, code: fund.sectorCode, percentage: 100 }) : undefined,
    el('default-finance-type', { code: FINANCE_TYPE_GRANT }),
    budget(fund),
    iatiTransactions(fund, flows),
    goodsResult(goods),
  );
}

const GeneratedAt = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with offset' });

/** The document for already prepared funds (one journal pass serves both generators). */
export function renderIatiActivities(funds: readonly PreparedFund[], generatedAt: string): string {
  parseInput(GeneratedAt, generatedAt, 'generatedAt');
  if (funds.length === 0) throw new ValidationError('An IATI activity file needs at least one fund', [{ path: 'funds', message: 'must not be empty' }]);
  // IATI: every activity in a file has the same reporting organisation, the file's publisher.
  const publisher = funds[0]!.fund.publisherOrgRef;
  funds.forEach(({ fund }, index) => {
    if (fund.publisherOrgRef !== publisher) {
      throw new ValidationError('All funds in one IATI file must have the same publisher', [
        { path: `funds.${index}.fund.publisherOrgRef`, message: `must be ${publisher}, as for the first fund` },
      ]);
    }
  });
  const activities = funds.map((prepared, index) => iatiActivity(prepared, `funds.${index}`));
  return xmlDocument(el('iati-activities', { version: IATI_VERSION, 'generated-datetime': generatedAt }, activities));
}

/** Reads each fund's journal once and returns the IATI Activity XML, UTF-8 text. */
export async function iatiActivitiesXml(input: { generatedAt: string; funds: readonly FundHistory[] }): Promise<string> {
  return renderIatiActivities(await prepareFunds(input.funds), input.generatedAt);
}
