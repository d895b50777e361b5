import { describe, expect, it } from 'vitest';
import { fold } from '../../shared/domain/text';
import { ValidationError } from '../../shared/errors';
import { iatiActivitiesXml, type FundHistory } from '../../shared/reports/open-data';
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
  streamOf,
  WARDS,
} from '../support/open-data-history';
import { parseIati, validateIati, type IatiTransaction } from '../support/open-data-validators';

const history = buildHistory();

function fundHistory(overrides: Partial<FundHistory> = {}): FundHistory {
  return { fund: FUND, entries: history.entries, donors: DONORS, goods: GOODS, ...overrides };
}

async function xmlFor(overrides: Partial<FundHistory> = {}): Promise<string> {
  return iatiActivitiesXml({ generatedAt: GENERATED_AT, funds: [fundHistory(overrides)] });
}

function transactions(xml: string): IatiTransaction[] {
  return parseIati(xml)['iati-activities']['iati-activity'][0]!.transaction;
}

function sumOf(txs: IatiTransaction[], code: string): number {
  return txs.filter((t) => t['transaction-type']['@code'] === code).reduce((sum, t) => sum + Number(t.value['#text']), 0);
}

function narrativeText(node: { narrative: { '#text': string }[] } | undefined): string {
  return (node?.narrative ?? []).map((n) => n['#text']).join(' | ');
}

const xml = await xmlFor();

describe('IATI activity XML for a fund', () => {
  it('is valid against the official IATI 2.03 activity schema', async () => {
    const result = await validateIati(xml);
    expect(result.errors).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it('fails the schema when the document is broken, so the validator really runs', async () => {
    const withoutReportingOrg = xml.replace(/<reporting-org[\s\S]*?<\/reporting-org>\n/, '');
    const commaInAmount = xml.replace('<value value-date="2025-09-01">1007500000</value>', '<value value-date="2025-09-01">1,007,500,000</value>');
    const statusAfterDates = xml.replace(/(<activity-status code="2"\/>\n)([\s\S]*?)(<recipient-country)/, '$2$1$3');
    expect(withoutReportingOrg).not.toBe(xml);
    expect(commaInAmount).not.toBe(xml);
    expect(statusAfterDates).not.toBe(xml);
    for (const broken of [withoutReportingOrg, commaInAmount, statusAfterDates]) {
      const result = await validateIati(broken);
      expect(result.valid).toBe(false);
      expect(result.errors.length).toBeGreaterThan(0);
    }
  });

  it('starts with an XML declaration, is UTF-8 and keeps Vietnamese letters as they are', () => {
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03"')).toBe(true);
    expect(new TextDecoder('utf-8', { fatal: true }).decode(new TextEncoder().encode(xml))).toBe(xml);
    expect(xml).toContain('<narrative xml:lang="vi">Quỹ An sinh xã hội Thành phố Hồ Chí Minh năm 2025</narrative>');
    expect(xml).toContain('<narrative xml:lang="en">Ho Chi Minh City social welfare fund 2025</narrative>');
  });

  it('identifies the activity by the reporting organisation and the fund, and maps its status and dates', () => {
    const activity = parseIati(xml)['iati-activities']['iati-activity'][0]!;
    expect(activity['iati-identifier']).toBe(`XI-IATI-MTTQHCM-${FUND_ID}`);
    expect(activity['activity-status']['@code']).toBe('2');
    expect(activity['activity-date'].map((d) => [d['@type'], d['@iso-date']])).toEqual([
      ['1', '2025-09-01'],
      ['2', '2025-09-01'],
      ['3', '2025-12-31'],
    ]);
    expect(activity.budget?.map((b) => b.value['#text'])).toEqual(['50000000000']);
  });

  it('adds up per transaction type to what the journal says was pledged, received, approved and paid', () => {
    const ledger = ledgerTotals(history.entries);
    const txs = transactions(xml);
    expect(sumOf(txs, '11')).toBe(ledger.pledged);
    expect(sumOf(txs, '1')).toBe(ledger.received);
    // Commitments stay when paid: 2 sums what is approved and not yet paid plus what was paid.
    expect(sumOf(txs, '2')).toBe(ledger.approved + ledger.disbursed);
    expect(sumOf(txs, '3')).toBe(ledger.disbursed);
    expect(ledger.received).toBeGreaterThan(0);
    expect(ledger.disbursed).toBe(200_000_000 + 150_000_000 + 40_000_000);
  });

  it('publishes incoming money as one transaction per day, type and direction for everyone not named', () => {
    const unnamed = transactions(xml).filter((t) => ['1', '11'].includes(t['transaction-type']['@code']) && !t['provider-org']?.['@ref'] && !narrativeText(t['provider-org']).includes(ORGS.bank.name));
    const keys = unnamed.map((t) => `${t['transaction-date']['@iso-date']} ${t['transaction-type']['@code']} ${Math.sign(Number(t.value['#text']))}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain('2025-09-03 11 -1'); // the cancelled pledge
    expect(keys).toContain('2025-09-04 1 -1'); // the reversed stray transfer
    const pledgesPerDay = history.entries.filter((e) => e.type === 'PLEDGE_MADE' && e.day === '2025-09-01').length;
    expect(pledgesPerDay).toBeGreaterThan(3);
  });

  it('sums the money of everyone not named exactly, per day, type and direction', () => {
    const namedPledges = new Set(
      history.entries
        .filter((e) => e.type === 'PLEDGE_MADE' && (e.actor === `org:${ORGS.steel.orgId}` || (e.actor.startsWith('staff:') && e.publicDetails.donor === ORGS.bank.name)))
        .map((e) => e.entityRef),
    );
    const expected = new Map<string, number>();
    for (const e of history.entries) {
      const code = e.type.startsWith('PLEDGE') ? '11' : e.type.startsWith('RECEIPT') ? '1' : undefined;
      if (!code) continue;
      const pledgeRef = e.type.startsWith('PLEDGE') ? e.entityRef : e.publicDetails.pledgeRef;
      if (typeof pledgeRef === 'string' && namedPledges.has(pledgeRef)) continue;
      const amount = (code === '11' ? e.deltas.pledged : e.deltas.received) ?? 0;
      const key = `${e.day} ${code} ${Math.sign(amount)}`;
      expected.set(key, (expected.get(key) ?? 0) + amount);
    }
    const actual = new Map<string, number>();
    for (const t of transactions(xml)) {
      if (!narrativeText(t['provider-org']).startsWith('Nhà hảo tâm')) continue;
      const value = Number(t.value['#text']);
      actual.set(`${t['transaction-date']['@iso-date']} ${t['transaction-type']['@code']} ${Math.sign(value)}`, value);
    }
    expect(actual).toEqual(expected);
    expect(expected.get('2025-09-04 1 1')).toBeGreaterThan(0);
  });

  it('shows corrections as negative transactions of the same type, never as edits', () => {
    const txs = transactions(xml);
    const negative = txs.filter((t) => Number(t.value['#text']) < 0).map((t) => [t['transaction-type']['@code'], t['transaction-date']['@iso-date'], Number(t.value['#text'])]);
    const cancelledPledge = history.entries.find((e) => e.type === 'PLEDGE_CANCELLED')!;
    expect(negative).toEqual([
      ['11', '2025-09-03', cancelledPledge.deltas.pledged],
      ['1', '2025-09-03', -150_000_000],
      ['1', '2025-09-04', -50_000_000],
      ['2', '2025-09-05', -80_000_000],
    ]);
    expect(cancelledPledge.deltas.pledged).toBeLessThan(0);
  });

  it('names no individual donor and no account number anywhere', () => {
    const folded = fold(xml);
    for (const name of INDIVIDUALS) {
      expect(xml).not.toContain(name);
      expect(folded).not.toContain(fold(name));
    }
    expect(xml).not.toContain(ACCOUNT_NUMBER);
    expect(xml).toContain('Hỗ trợ 75 hộ, chuyển khoản STK ***');
    // The journal did carry names and the account number: the test would catch a leak.
    expect(JSON.stringify(history.entries)).toContain(INDIVIDUALS[1]);
    expect(JSON.stringify(history.entries)).toContain(ACCOUNT_NUMBER);
  });

  it('names an organisation only when it agreed to be named and its pledge showed its name', () => {
    expect(xml).not.toContain(ORGS.realEstate.name);
    expect(xml).not.toContain(ORGS.coop.name);
    const byProvider = (name: string, code: string) =>
      sumOf(
        transactions(xml).filter((t) => narrativeText(t['provider-org']).includes(name)),
        code,
      );
    // The pledge typed on the public form under the steel company's name is not counted as its.
    expect(byProvider(ORGS.steel.name, '11')).toBe(history.named.steel.pledged);
    expect(byProvider(ORGS.steel.name, '1')).toBe(history.named.steel.received);
    expect(byProvider('Dong A Moi Commercial Bank', '11')).toBe(history.named.bank.pledged);
    expect(byProvider('Dong A Moi Commercial Bank', '1')).toBe(history.named.bank.received);
    const steel = transactions(xml).find((t) => narrativeText(t['provider-org']).includes(ORGS.steel.name))!;
    expect(steel['provider-org']).toMatchObject({ '@ref': 'XI-IATI-TPN01', '@type': '72' });
  });

  it('sends disbursements to the ward by name and unit code, and leaves out what was never approved', () => {
    const outgoing = transactions(xml).filter((t) => ['2', '3'].includes(t['transaction-type']['@code']));
    const receivers = new Set(outgoing.map((t) => narrativeText(t['receiver-org'])));
    expect(receivers).toEqual(
      new Set([
        'Phường Sài Gòn (mã ĐVHC 26740) | Phường Sài Gòn (administrative unit 26740)',
        'Phường Bến Thành (mã ĐVHC 26743) | Phường Bến Thành (administrative unit 26743)',
        'Phường Tân Định (mã ĐVHC 26737) | Phường Tân Định (administrative unit 26737)',
        'Xã Cần Giờ (mã ĐVHC 27664) | Xã Cần Giờ (administrative unit 27664)',
        `${HOSPITAL} | ${HOSPITAL}`,
      ]),
    );
    expect(outgoing.filter((t) => t['receiver-org']?.['@type'] === '11')).toHaveLength(outgoing.length - 2);
    expect(xml).not.toContain(WARDS.choLon.name); // rejected
    expect(xml).not.toContain(history.refs.choLon);
    expect(xml).not.toContain(history.refs.thanhAn); // cancelled before approval
    expect(xml).not.toContain(history.refs.cuChi); // still waiting for approval
    const saiGon = outgoing.filter((t) => t['@ref'] === history.refs.saiGon).map((t) => [t['transaction-type']['@code'], t['transaction-date']['@iso-date'], t.value['#text']]);
    expect(saiGon).toEqual([
      ['2', '2025-09-03', '200000000'],
      ['3', '2025-09-04', '200000000'],
    ]);
  });

  it('places the wards that received money or goods as locations, by their unit code', () => {
    const activity = parseIati(xml)['iati-activities']['iati-activity'][0]!;
    expect(activity.location?.map((l) => l['@ref'])).toEqual(['vn-adm-26737', 'vn-adm-26740', 'vn-adm-26743', 'vn-adm-27553', 'vn-adm-27664', 'vn-adm-27676']);
    const implementers = activity['participating-org'].filter((o) => o['@role'] === '4').map((o) => o.narrative[0]!['#text']);
    expect(implementers).toHaveLength(6);
  });

  it('reports goods in kind as quantities per kind and ward, with exact decimal totals', () => {
    const result = parseIati(xml)['iati-activities']['iati-activity'][0]!.result![0]!;
    const rows = result.indicator.map((i) => [narrativeText(i.title), i.period.actual.map((a) => `${a['@value']}@${a.location?.[0]?.['@ref'] ?? '-'}`)]);
    expect(rows).toEqual([
      ['Gạo (kg) đã nhận | Rice (kg) received', ['2500.5@-']],
      ['Mì gói (thùng) đã nhận | Instant noodles (boxes) received', ['300@-']],
      ['Gạo (kg) đã trao | Rice (kg) handed over', ['1000@vn-adm-27664', '800.3@vn-adm-27676']],
      ['Mì gói (thùng) đã trao | Instant noodles (boxes) handed over', ['150@vn-adm-27553']],
    ]);
    expect(xml).toContain('Giá trị ước tính: 37.500.000 ₫');
  });

  it('gives the same bytes for the same input, whether the journal comes as an array or a stream', async () => {
    const again = await xmlFor({ entries: streamOf(history.entries) });
    expect(again).toBe(xml);
  });

  it('changes when one journal entry changes', async () => {
    const entries = history.entries.map((e) => ({ ...e, deltas: { ...e.deltas } }));
    const receipt = entries.find((e) => e.type === 'RECEIPT_RECORDED' && e.day === '2025-09-05')!;
    receipt.deltas.received! += 1;
    const changed = await xmlFor({ entries });
    expect(changed).not.toBe(xml);
    expect(sumOf(transactions(changed), '1')).toBe(sumOf(transactions(xml), '1') + 1);
  });

  it('escapes markup and drops characters XML cannot carry, and stays valid', async () => {
    const fund = { ...FUND, name: { vi: 'Quỹ "A" <B> & C\u0001', en: "Fund 'A' <B> & C" } };
    const tricky = await xmlFor({ fund });
    expect(tricky).toContain('<narrative xml:lang="vi">Quỹ "A" &lt;B&gt; &amp; C</narrative>');
    expect(tricky).not.toContain('\u0001');
    expect((await validateIati(tricky)).valid).toBe(true);
  });

  it('publishes a draft fund with no money yet from its planned dates, and a closed one with its end', async () => {
    const draft = await xmlFor({ fund: { ...FUND, status: 'draft' }, entries: [], goods: [] });
    expect((await validateIati(draft)).valid).toBe(true);
    expect(draft).toContain('<activity-status code="1"/>');
    expect(draft).not.toContain('<transaction>');
    const closed = await xmlFor({ fund: { ...FUND, status: 'closed', closedOn: '2025-12-20' } });
    expect(closed).toContain('<activity-status code="4"/>');
    expect(closed).toContain('<activity-date type="4" iso-date="2025-12-20"/>');
  });

  it('refuses input it cannot publish with a validation error that names the field', async () => {
    await expect(xmlFor({ fund: { ...FUND, publisherOrgRef: 'mttq hcm' } })).rejects.toMatchObject({
      constructor: ValidationError,
      errors: [expect.objectContaining({ path: 'funds.0.fund.publisherOrgRef' })],
    });
    const { receivingWindow: _window, ...noWindow } = FUND;
    await expect(xmlFor({ fund: noWindow, entries: [] })).rejects.toMatchObject({ errors: [expect.objectContaining({ path: 'funds.0.fund.receivingWindow.from' })] });
    const foreign = [{ ...history.entries[0]!, fundId: 'cuba-2025' }];
    await expect(xmlFor({ entries: foreign })).rejects.toBeInstanceOf(ValidationError);
    await expect(
      iatiActivitiesXml({ generatedAt: GENERATED_AT, funds: [fundHistory(), fundHistory({ fund: { ...FUND, fundId: 'lu-lut-2025', publisherOrgRef: 'XI-IATI-OTHER' }, entries: [] })] }),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ path: 'funds.1.fund.publisherOrgRef' })] });
    await expect(
      xmlFor({ goods: [{ ...GOODS[3]!, ward: undefined }] }),
    ).rejects.toMatchObject({ errors: [expect.objectContaining({ path: 'funds.0.goods.0.ward' })] });
  });

  it('puts several funds of one publisher in one file, one activity each', async () => {
    const two = await iatiActivitiesXml({
      generatedAt: GENERATED_AT,
      funds: [fundHistory(), { fund: { ...FUND, fundId: 'cuba-2025', code: 'CUBA-2025', recipientCountry: 'CU', target: undefined }, entries: [] }],
    });
    expect((await validateIati(two)).valid).toBe(true);
    const ids = parseIati(two)['iati-activities']['iati-activity'].map((a) => a['iati-identifier']);
    expect(ids).toEqual([`XI-IATI-MTTQHCM-${FUND_ID}`, 'XI-IATI-MTTQHCM-cuba-2025']);
    expect(two).toContain('<recipient-country code="CU" percentage="100"/>');
  });
});
