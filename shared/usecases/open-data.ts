/**
 * A fund's facts as the open-data files publish them (docs/OPEN-DATA.md): the fund model mapped
 * onto the generators' input, with the committee that owns the fund as the reporting organisation.
 * The nightly report writes the result to `open-data-facts.json`, so that anyone can re-render
 * the IATI and 360Giving files from it and the signed entries.
 */
import { fundCommitteeId, receivingWindow, windowDays, type Fund, type FundStatus } from '../domain/funds';
import type { Committee } from '../domain/committees';
import type { NamedDonor, OpenDataFacts } from '../reports/open-data/report-files';
import { FACTS_FORMAT } from '../reports/open-data/report-files';
import type { OpenDataFundInput } from '../reports/open-data/model';
import { findCommittee } from './committees';
import type { AdminUnitStore, CommitteeStore } from './ports';

/** Who publishes: identifiers registered outside Sổ Vàng, so configuration, never derived. */
export interface OpenDataSettings {
  /** The reporting organisation's identifier (`{org-id.guide list}-{id}`), for every committee without its own. */
  publisherOrgRef: string;
  /** A committee's own registered identifier, by committee id. */
  committeeOrgRefs?: Readonly<Record<string, string>>;
  /** The 360Giving publisher prefix (`360G-…`). */
  giving360Prefix: string;
  /** The licence the data is published under (a URI). */
  license?: string;
}

/**
 * The twin's and the tests' settings. `XI-IATI-SOVANG` is not a registered identifier: a
 * deployment sets its own (`OPEN_DATA_PUBLISHER_REF`) before the first publication.
 */
export const DEFAULT_OPEN_DATA_SETTINGS: OpenDataSettings = {
  publisherOrgRef: 'XI-IATI-SOVANG',
  giving360Prefix: '360G-sovang',
  license: 'https://creativecommons.org/licenses/by/4.0/',
};

const STATUS: Record<FundStatus, OpenDataFundInput['status']> = {
  DRAFT: 'draft',
  OPEN: 'open',
  RECEIVING_CLOSED: 'receiving-closed',
  CLOSED: 'closed',
};

/** IATI's other-identifier wants a plain code; a book code with other characters gives way to the slug. */
const PLAIN_CODE = /^[A-Za-z0-9._/-]{1,64}$/;

function earlier(a: string, b: string): string {
  return Date.parse(a) <= Date.parse(b) ? a : b;
}

export interface FactsInput {
  fund: Fund;
  committee: Committee | null;
  settings: OpenDataSettings;
  /** The report's cutoff: the files' generated time, and the latest the facts can claim to be. */
  cutoff: string;
  /** From the report's lines: the day a FUND_CLOSED entry says the fund closed. */
  closedOn?: string;
  donors: NamedDonor[];
}

export function openDataFacts({ fund, committee, settings, cutoff, closedOn, donors }: FactsInput): OpenDataFacts {
  const committeeId = fundCommitteeId(fund);
  const window = windowDays(receivingWindow(fund));
  const changed = fund.updatedAt ?? fund.createdAt;
  const status = STATUS[fund.status];
  const input: OpenDataFundInput = {
    fundId: fund.fundId,
    code: fund.code && PLAIN_CODE.test(fund.code) ? fund.code : fund.fundId,
    name: fund.name,
    purpose: fund.description,
    status,
    currency: fund.currency,
    ...(fund.target ? { target: fund.target } : {}),
    receivingWindow: window.closesOn ? { from: window.opensOn, to: window.closesOn } : { from: window.opensOn },
    ...(fund.distributionDeadline ? { distributionDeadline: fund.distributionDeadline } : {}),
    ...(status === 'closed' && closedOn ? { closedOn } : {}),
    committee: {
      id: committeeId,
      name: committee?.name ?? { vi: committeeId, en: committeeId },
      ...(committee?.unitCode ? { unitCode: committee.unitCode } : {}),
    },
    publisherOrgRef: settings.committeeOrgRefs?.[committeeId] ?? settings.publisherOrgRef,
    // A change after the cutoff is not this night's: the facts cannot be newer than the report.
    lastUpdated: changed ? earlier(changed, cutoff) : cutoff,
  };
  return {
    format: FACTS_FORMAT,
    generatedAt: cutoff,
    fund: input,
    publisher: { giving360Prefix: settings.giving360Prefix, ...(settings.license ? { license: settings.license } : {}) },
    donors,
  };
}

/** The committee that owns the fund, official or stored; null when there is none (its id is published instead). */
export async function fundCommittee(deps: { committees?: Pick<CommitteeStore, 'get'>; adminUnits: AdminUnitStore }, fund: Fund): Promise<Committee | null> {
  const committees = { get: deps.committees?.get.bind(deps.committees) ?? (async () => null), listChildren: async () => [] };
  return findCommittee({ committees, adminUnits: deps.adminUnits }, fundCommitteeId(fund));
}
