import { describe, expect, it } from 'vitest';
import { fold } from '../../shared/domain/text';
import { ValidationError } from '../../shared/errors';
import { giving360PackageJson, type FundHistory, type Giving360Package } from '../../shared/reports/open-data';
import {
  ACCOUNT_NUMBER,
  buildHistory,
  DONORS,
  FUND,
  FUND_ID,
  GENERATED_AT,
  GOODS,
  HOSPITAL,
  INDIVIDUALS,
  ledgerTotals,
  ORGS,
  PUBLISHER,
  streamOf,
  WARDS,
} from '../support/open-data-history';
import { giving360Validator } from '../support/open-data-validators';

const history = buildHistory();
const validate = giving360Validator();

function fundHistory(overrides: Partial<FundHistory> = {}): FundHistory {
  return { fund: FUND, entries: history.entries, donors: DONORS, goods: GOODS, ...overrides };
}

async function jsonFor(overrides: Partial<FundHistory> = {}, publisher = PUBLISHER): Promise<string | undefined> {
  return giving360PackageJson({ generatedAt: GENERATED_AT, publisher, funds: [fundHistory(overrides)] });
}

const json = (await jsonFor())!;
const pkg = JSON.parse(json) as Giving360Package;

describe('360Giving data package for a fund', () => {
  it('is valid against the published 360Giving package and grant schemas', () => {
    const result = validate(pkg);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('fails the schemas when a grant is broken, so the validator really runs', () => {
    const grant = pkg.grants[0]!;
    const { recipientOrganization: _recipient, ...withoutRecipient } = grant;
    const broken = [
      { ...pkg, grants: [withoutRecipient] },
      { ...pkg, grants: [{ ...grant, awardDate: '03/09/2025' }] },
      { ...pkg, grants: [{ ...grant, currency: 'đồng' }] },
      { ...pkg, grants: [] },
      { ...pkg, version: '1.4.3' },
    ];
    for (const document of broken) expect(validate(document).valid).toBe(false);
  });

  it('has one grant per disbursement approved and not withdrawn, in award order', () => {
    const refs = history.refs;
    expect(pkg.grants.map((g) => g.id)).toEqual([
      `360G-sovang-${FUND_ID}-${refs.saiGon}`,
      `360G-sovang-${FUND_ID}-${refs.hospital}`,
      `360G-sovang-${FUND_ID}-${refs.benThanh}`,
      `360G-sovang-${FUND_ID}-${refs.tanDinh}`,
    ]);
    for (const left of [refs.choLon, refs.canGio, refs.thanhAn, refs.cuChi]) expect(json).not.toContain(left);
    expect(pkg.grants.map((g) => [g.awardDate, g.amountAwarded, g.amountDisbursed])).toEqual([
      ['2025-09-03', 200_000_000, 200_000_000],
      ['2025-09-04', 40_000_000, 40_000_000],
      ['2025-09-04', 150_000_000, 150_000_000],
      ['2025-09-05', 120_000_000, 0],
    ]);
  });

  it('awards and disburses what the journal approved and paid', () => {
    const ledger = ledgerTotals(history.entries);
    const awarded = pkg.grants.reduce((sum, g) => sum + g.amountAwarded, 0);
    const disbursed = pkg.grants.reduce((sum, g) => sum + g.amountDisbursed, 0);
    expect(awarded).toBe(ledger.approved + ledger.disbursed);
    expect(disbursed).toBe(ledger.disbursed);
  });

  it('names the ward as recipient with its unit code, and the committee as funder', () => {
    const saiGon = pkg.grants[0]!;
    expect(saiGon).toMatchObject({
      currency: 'VND',
      recipientOrganization: [{ id: `360G-sovang-adm-${WARDS.saiGon.code}`, name: WARDS.saiGon.name }],
      fundingOrganization: [{ id: 'XI-IATI-MTTQHCM', name: 'Ủy ban MTTQ Việt Nam Thành phố Hồ Chí Minh' }],
      beneficiaryLocation: [{ name: WARDS.saiGon.name, countryCode: 'VN', geoCode: WARDS.saiGon.code }],
      plannedDates: [{ startDate: '2025-09-03', endDate: '2025-12-31' }],
      grantProgramme: [{ code: FUND_ID }],
    });
    const hospital = pkg.grants[1]!;
    expect(hospital.recipientOrganization).toEqual([{ id: '360G-sovang-org-benh-vien-nhi-dong-thanh-pho', name: HOSPITAL }]);
    expect(hospital.beneficiaryLocation).toBeUndefined();
  });

  it('lets the publisher choose how wards are identified', async () => {
    const other = JSON.parse((await jsonFor({}, { ...PUBLISHER, unitOrgIdPrefix: 'VN-ADM' }))!) as Giving360Package;
    expect(other.grants[0]!.recipientOrganization[0]!.id).toBe(`VN-ADM-${WARDS.saiGon.code}`);
    expect(validate(other).valid).toBe(true);
  });

  it('names no donor at all, and no account number', () => {
    const folded = fold(json);
    for (const name of [...INDIVIDUALS, ...Object.values(ORGS).map((o) => o.name)]) expect(folded).not.toContain(fold(name));
    expect(json).not.toContain(ACCOUNT_NUMBER);
    expect(pkg.grants.find((g) => g.id.endsWith(history.refs.benThanh))!.description).toContain('STK ***');
  });

  it('gives the same bytes for the same input, whether the journal comes as an array or a stream', async () => {
    expect(await jsonFor({ entries: streamOf(history.entries) })).toBe(json);
  });

  it('changes when one journal entry changes', async () => {
    const entries = history.entries.map((e) =>
      e.type === 'DISBURSEMENT_APPROVED' && e.entityRef === history.refs.tanDinh ? { ...e, deltas: { approved: 120_000_001 } } : e,
    );
    const changed = await jsonFor({ entries });
    expect(changed).not.toBe(json);
    expect((JSON.parse(changed!) as Giving360Package).grants[3]!.amountAwarded).toBe(120_000_001);
  });

  it('has nothing to publish before the first approval, since a package needs a grant', async () => {
    const beforeApprovals = history.entries.filter((e) => e.entityType !== 'disbursement');
    expect(await jsonFor({ entries: beforeApprovals })).toBeUndefined();
  });

  it('refuses a publisher prefix that is not a 360Giving prefix, naming the field', async () => {
    await expect(jsonFor({}, { giving360Prefix: 'sovang' })).rejects.toMatchObject({
      constructor: ValidationError,
      errors: [expect.objectContaining({ path: 'publisher.giving360Prefix' })],
    });
  });
});
