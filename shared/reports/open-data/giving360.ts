/**
 * A 360Giving data package (JSON, schema 1.4): one grant per disbursement that was approved and
 * not withdrawn — approved, paid or confirmed — to a ward, a commune or an organisation. Requests
 * that were rejected, or cancelled before or after approval, gave nothing and are not grants.
 * Money coming in and goods in kind are not grants and stay in the IATI file.
 *
 * Keys are written in a fixed order and grants are sorted (fund as given, award day, GN code), so
 * the same input gives the same bytes.
 */
import * as z from 'zod';
import { ValidationError } from '../../errors';
import type { DisbursementFlow } from './flows';
import { grantId, namedOrgId, unitOrgId } from './identifiers';
import { grantDescription, grantTitle, shortName } from './labels';
import { parseInput, parsePublisher, type FundHistory, type OpenDataFund, type Publisher, type PublisherInput } from './model';
import { prepareFunds, type PreparedFund } from './prepare';

/** The 360Giving standard's major.minor, as the package's `version` wants it. */
export const GIVING360_VERSION = '1.4';

const GRANTED: ReadonlySet<DisbursementFlow['status']> = new Set(['approved', 'paid', 'confirmed']);

interface Organization {
  id: string;
  name: string;
}

export interface Grant {
  id: string;
  title: string;
  description: string;
  currency: 'VND';
  amountAwarded: number;
  amountDisbursed: number;
  awardDate: string;
  plannedDates?: { startDate: string; endDate: string }[];
  recipientOrganization: Organization[];
  fundingOrganization: Organization[];
  beneficiaryLocation?: { name: string; countryCode: string; geoCode: string; description: string }[];
  grantProgramme: { code: string; title: string }[];
  dateModified: string;
}

export interface Giving360Package {
  version: string;
  title: string;
  description: string;
  issued: string;
  publisher: { identifier: string; name: string };
  license?: string;
  grants: Grant[];
}

function recipient(publisher: Publisher, flow: DisbursementFlow): Organization {
  const name = shortName(flow.recipient);
  return { id: flow.recipient.kind === 'unit' ? unitOrgId(publisher, flow.recipient.code) : namedOrgId(publisher, name), name };
}

function grant(publisher: Publisher, fund: OpenDataFund, flow: DisbursementFlow & { approvedOn: string }): Grant {
  const deadline = fund.distributionDeadline;
  const place = flow.recipient;
  return {
    id: grantId(publisher, fund.fundId, flow.ref),
    title: grantTitle(fund, place),
    description: grantDescription(flow.ref, flow.purpose, place),
    currency: fund.currency,
    amountAwarded: flow.amount,
    amountDisbursed: flow.paidAmount ?? 0,
    awardDate: flow.approvedOn,
    ...(deadline && deadline >= flow.approvedOn ? { plannedDates: [{ startDate: flow.approvedOn, endDate: deadline }] } : {}),
    recipientOrganization: [recipient(publisher, flow)],
    fundingOrganization: [{ id: fund.publisherOrgRef, name: fund.committee.name.vi }],
    ...(place.kind === 'unit'
      ? {
          beneficiaryLocation: [
            {
              name: shortName(place),
              countryCode: 'VN',
              geoCode: place.code,
              description: `Mã đơn vị hành chính ${place.code} / Vietnamese administrative unit code ${place.code}`,
            },
          ],
        }
      : {}),
    grantProgramme: [{ code: fund.fundId, title: `${fund.name.vi} / ${fund.name.en}` }],
    dateModified: flow.lastEventAt,
  };
}

function grants(publisher: Publisher, { fund, flows }: PreparedFund): Grant[] {
  return flows.disbursements
    .filter((flow): flow is DisbursementFlow & { approvedOn: string } => GRANTED.has(flow.status) && flow.approvedOn !== undefined)
    .map((flow) => grant(publisher, fund, flow));
}

const IssuedAt = z.iso.datetime({ offset: true, error: 'must be an ISO 8601 time with offset' });

/** The package as an object, or undefined when no fund has a grant yet (the schema wants one at least). */
export function giving360Package(funds: readonly PreparedFund[], publisherInput: PublisherInput, generatedAt: string): Giving360Package | undefined {
  const publisher = parsePublisher(publisherInput);
  parseInput(IssuedAt, generatedAt, 'generatedAt');
  const first = funds[0]?.fund;
  if (!first) throw new ValidationError('A 360Giving package needs at least one fund', [{ path: 'funds', message: 'must not be empty' }]);
  funds.forEach(({ fund }, index) => {
    if (fund.publisherOrgRef !== first.publisherOrgRef) {
      throw new ValidationError('All funds in one 360Giving package must have the same publisher', [
        { path: `funds.${index}.fund.publisherOrgRef`, message: `must be ${first.publisherOrgRef}, as for the first fund` },
      ]);
    }
  });
  const all = funds.flatMap((prepared) => grants(publisher, prepared));
  if (all.length === 0) return undefined;
  const names = funds.map(({ fund }) => fund.name);
  return {
    version: GIVING360_VERSION,
    title: `${first.committee.name.vi}: ${names.map((n) => n.vi).join(', ')}`,
    description: `Các khoản chi từ ${names.map((n) => n.vi).join(', ')} / Grants from ${names.map((n) => n.en).join(', ')}`,
    issued: generatedAt,
    publisher: { identifier: first.publisherOrgRef, name: first.committee.name.vi },
    ...(publisher.license ? { license: publisher.license } : {}),
    grants: all,
  };
}

/** UTF-8 JSON text with a final newline, or undefined when there is no grant to publish. */
export function renderGiving360Package(funds: readonly PreparedFund[], publisher: PublisherInput, generatedAt: string): string | undefined {
  const pkg = giving360Package(funds, publisher, generatedAt);
  return pkg && `${JSON.stringify(pkg, null, 2)}\n`;
}

/** Reads each fund's journal once and returns the package JSON (undefined: no grant yet). */
export async function giving360PackageJson(input: { generatedAt: string; publisher: PublisherInput; funds: readonly FundHistory[] }): Promise<string | undefined> {
  return renderGiving360Package(await prepareFunds(input.funds), input.publisher, input.generatedAt);
}
