/**
 * The open-data files of the nightly report, from a demo fund's history written by the use cases
 * themselves: valid against the official schemas, listed in the signed manifest, re-rendered by
 * the verifier, and refused with the file's name when a byte changes.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { demoFunds } from '../../../infra/local/demo-data';
import { memoryReportObjects } from '../../../shared/adapters/memory';
import { fromUtf8, toHex, utf8 } from '../../../shared/reports/bytes';
import { reportKey } from '../../../shared/reports/layout';
import { manifestBytes, signManifest, type Manifest } from '../../../shared/reports/manifest';
import { portableHasher } from '../../../shared/reports/sha256';
import { verifyReport, type ReportSource } from '../../../shared/reports/verify';
import { actOnDisbursement, requestDisbursement } from '../../../shared/usecases/disbursements';
import { handOverGoods, recordGoods } from '../../../shared/usecases/goods';
import { publishFundReport, type NightlyReportDeps } from '../../../shared/usecases/nightly-report';
import { createPledge } from '../../../shared/usecases/pledges';
import { recordReceipt } from '../../../shared/usecases/receipts';
import { ctx, memoryLedger, type MemoryLedger } from '../../support/memory-ledger';
import { giving360Validator, parseIati, validateIati } from '../../support/open-data-validators';
import { ephemeralSigner } from '../../support/signer';

const DEMO = demoFunds.find((f) => f.fundId === 'an-sinh-hcm-2025')!;
const fundId = DEMO.fundId;
const DATE = '2025-11-21';
const OPEN_DATA = ['open-data-facts.json', 'iati-activity.xml', '360giving.json'] as const;

let ledger: MemoryLedger;
let deps: NightlyReportDeps & { store: ReturnType<typeof memoryReportObjects> };

const at = (day: string, time: string) => new Date(`${day}T${time}+07:00`);

/** Two days of the demo welfare fund through the use cases: pledges, receipts, grants to a ward, goods. */
async function history(): Promise<void> {
  const staff = (time: Date) => ctx('staff:an', undefined, time);
  const named = await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: 'Lê Thị Hồng' }, amount: 3_000_000, publishName: true }, ctx('public', undefined, at('2025-11-20', '08:00:00')));
  await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: 'Phạm Văn Kiên' }, amount: 1_000_000, publishName: false }, ctx('public', undefined, at('2025-11-20', '08:30:00')));
  await recordReceipt(ledger.stores, { fundId, amount: 3_000_000, receivedAt: '2025-11-20T09:00:00+07:00', method: 'bank', pledgeRef: named.body.ref }, staff(at('2025-11-20', '09:05:00')));
  await recordReceipt(ledger.stores, { fundId, amount: 60_000_000, receivedAt: '2025-11-20T10:00:00+07:00', method: 'bank' }, staff(at('2025-11-20', '10:05:00')));
  const grant = (await requestDisbursement(ledger.stores, { fundId, beneficiary: { wardCode: '26734' }, amount: 20_000_000, purpose: 'Mô hình điểm an sinh' }, staff(at('2025-11-21', '08:00:00')))).body;
  await actOnDisbursement(ledger.stores, grant.ref, { action: 'approve' }, ctx('staff:lan', undefined, at('2025-11-21', '09:00:00')));
  await actOnDisbursement(ledger.stores, grant.ref, { action: 'pay', bankRef: 'FT-1', paidAt: '2025-11-21T10:00:00+07:00' }, staff(at('2025-11-21', '10:05:00')));
  const withdrawn = (await requestDisbursement(ledger.stores, { fundId, beneficiary: { wardCode: '26734' }, amount: 5_000_000, purpose: 'Quà Tết' }, staff(at('2025-11-21', '11:00:00')))).body;
  await actOnDisbursement(ledger.stores, withdrawn.ref, { action: 'approve' }, ctx('staff:lan', undefined, at('2025-11-21', '11:30:00')));
  await actOnDisbursement(ledger.stores, withdrawn.ref, { action: 'cancel' }, ctx('staff:lan', undefined, at('2025-11-21', '12:00:00')));
  const lot = await recordGoods(
    ledger.stores,
    fundId,
    { description: 'Gạo tẻ', unit: 'kg', quantity: 500.5, estimatedValue: 10_010_000, donor: { type: 'individual', name: 'Trần Văn Bình', publishName: false }, receivingPoint: 'Kho MTTQ', receivedAt: '2025-11-20T15:00:00+07:00' },
    staff(at('2025-11-20', '15:05:00')),
  );
  await handOverGoods(ledger.stores, fundId, lot.body.id, { wardCode: '26734', quantity: 200, receivedBy: 'UBND phường Sài Gòn', handedOverAt: '2025-11-21T14:00:00+07:00' }, staff(at('2025-11-21', '14:05:00')));
}

function memorySource(store: ReturnType<typeof memoryReportObjects>, date: string, override: Map<string, Uint8Array> = new Map()): ReportSource {
  const read = async (name: string) => override.get(name) ?? store.get(reportKey(fundId, date, name));
  return {
    label: `memory ${date}`,
    read,
    async stream(name) {
      const bytes = await read(name);
      return bytes ? (async function* () { yield bytes; })() : null;
    },
    sibling: (other) => memorySource(store, other),
    keys: () => store.get('reports/keys.json'),
  };
}

async function published(name: string): Promise<Uint8Array> {
  return (await deps.store.get(reportKey(fundId, DATE, name)))!;
}

beforeEach(async () => {
  ledger = memoryLedger();
  ledger.state.funds.set(fundId, { ...DEMO, accepts: 'both', committeeId: 'vn-79', committeePath: ['vn', 'vn-79'], distributionDeadline: '2026-03-31' });
  deps = { journal: ledger.stores.journal, store: memoryReportObjects(), signer: ephemeralSigner(), funds: ledger.stores.funds, adminUnits: ledger.stores.adminUnits, committees: ledger.stores.committees };
  await history();
});

describe('open data in the nightly report', () => {
  it('publishes the IATI activity and the 360Giving package of the demo fund, valid against the official schemas', async () => {
    await publishFundReport(deps, (await ledger.stores.funds.get(fundId))!, DATE);
    const xml = fromUtf8(await published('iati-activity.xml'));
    const iati = await validateIati(xml);
    expect(iati.errors).toEqual([]);
    expect(iati.valid).toBe(true);
    const pkg = JSON.parse(fromUtf8(await published('360giving.json')));
    const giving = giving360Validator()(pkg);
    expect(giving.errors).toEqual([]);
    expect(giving.valid).toBe(true);

    const activity = parseIati(xml)['iati-activities']['iati-activity'][0]!;
    const sum = (code: string) => activity.transaction.filter((t) => t['transaction-type']['@code'] === code).reduce((s, t) => s + Number(t.value['#text']), 0);
    expect(sum('11')).toBe(4_000_000);
    expect(sum('1')).toBe(63_000_000);
    expect(sum('2')).toBe(20_000_000);
    expect(sum('3')).toBe(20_000_000);
    expect(xml).toContain('Ủy ban MTTQ Việt Nam Thành phố Hồ Chí Minh');
    expect(xml).toContain('<iati-identifier>XI-IATI-SOVANG-an-sinh-hcm-2025</iati-identifier>');
    expect(xml).toContain('Gạo tẻ');
    // One grant: the withdrawn approval gave nothing.
    expect(pkg.grants).toHaveLength(1);
    expect(pkg.grants[0]).toMatchObject({ amountAwarded: 20_000_000, amountDisbursed: 20_000_000, awardDate: '2025-11-21', recipientOrganization: [{ id: '360G-sovang-adm-26734' }] });
    for (const text of [xml, JSON.stringify(pkg)]) for (const person of ['Lê Thị Hồng', 'Phạm Văn Kiên', 'Trần Văn Bình']) expect(text).not.toContain(person);
  });

  it('lists the files with their hashes in the signed manifest, and the verifier re-renders them', async () => {
    await publishFundReport(deps, (await ledger.stores.funds.get(fundId))!, DATE);
    const manifest = JSON.parse(fromUtf8(await published('manifest.json'))) as Manifest;
    expect(manifest.format).toBe('sovang-report/3');
    for (const name of OPEN_DATA) {
      const bytes = await published(name);
      expect(manifest.files[name]).toEqual({ sha256: toHex(portableHasher.sha256(bytes)), bytes: bytes.length });
    }
    const result = await verifyReport(memorySource(deps.store, DATE));
    expect(result.failure).toBeUndefined();
    expect(result.checks.find((c) => c.name === 'open-data')?.detail).toContain('iati-activity.xml and 360giving.json re-render byte for byte');
    expect(await deps.store.get(reportKey(fundId, 'latest', 'iati-activity.xml'))).toEqual(await published('iati-activity.xml'));
  });

  it('fails verification naming the file when a byte of either file, or of their facts, changes', async () => {
    await publishFundReport(deps, (await ledger.stores.funds.get(fundId))!, DATE);
    for (const name of OPEN_DATA) {
      const bytes = await published(name);
      for (const index of [0, Math.floor(bytes.length / 2), bytes.length - 2]) {
        const changed = Uint8Array.from(bytes);
        changed[index]! ^= 0x01;
        const result = await verifyReport(memorySource(deps.store, DATE, new Map([[name, changed]])));
        expect(result.ok, `${name} @${index}`).toBe(false);
        expect(result.failure!.file, `${name} @${index}: ${result.failure!.detail}`).toBe(name);
      }
    }
  });

  it('fails verification when a file was changed and the manifest re-signed to match: it no longer says what the entries say', async () => {
    await publishFundReport(deps, (await ledger.stores.funds.get(fundId))!, DATE);
    const manifest = JSON.parse(fromUtf8(await published('manifest.json'))) as Manifest;
    const xml = fromUtf8(await published('iati-activity.xml')).replace('<value value-date="2025-11-21">20000000</value>', '<value value-date="2025-11-21">2000000</value>');
    expect(xml).not.toBe(fromUtf8(await published('iati-activity.xml')));
    const forged = utf8(xml);
    const { signature: _signature, ...unsigned } = manifest;
    const resigned = await signManifest({ ...unsigned, files: { ...manifest.files, 'iati-activity.xml': { sha256: toHex(portableHasher.sha256(forged)), bytes: forged.length } } }, deps.signer);
    const result = await verifyReport(memorySource(deps.store, DATE, new Map([['iati-activity.xml', forged], ['manifest.json', manifestBytes(resigned)]])));
    expect(result.failure).toMatchObject({ name: 'open-data', file: 'iati-activity.xml' });
  });

  it('re-runs a published night byte for byte after the fund was edited: the files render from the published facts', async () => {
    const first = await publishFundReport(deps, (await ledger.stores.funds.get(fundId))!, DATE);
    const edited = { ...(await ledger.stores.funds.get(fundId))!, target: 1_000, updatedAt: '2025-12-01T00:00:00.000Z' };
    const again = await publishFundReport(deps, edited, DATE);
    expect(again).toMatchObject({ status: 'unchanged', manifestSha256: first.manifestSha256 });
  });

  it('publishes the rest of the report, verifiable, when the fund’s facts cannot be expressed in the standards, and logs why', async () => {
    const logged: string[] = [];
    const fund = { ...(await ledger.stores.funds.get(fundId))!, description: { vi: ' ', en: ' ' } };
    const result = await publishFundReport({ ...deps, log: (message, data) => logged.push(`${message} ${JSON.stringify(data)}`) }, fund, DATE);
    expect(result.status).toBe('published');
    const manifest = JSON.parse(fromUtf8(await published('manifest.json'))) as Manifest;
    expect(Object.keys(manifest.files).filter((name) => (OPEN_DATA as readonly string[]).includes(name))).toEqual([]);
    expect(await deps.store.get(reportKey(fundId, DATE, 'iati-activity.xml'))).toBeNull();
    expect(logged.find((line) => line.startsWith('open data not published'))).toContain('fund.purpose.vi');
    expect((await verifyReport(memorySource(deps.store, DATE))).failure).toBeUndefined();
  });

  it('keeps a night signed in format 1, which lists no open-data files, verifiable', async () => {
    const fund = (await ledger.stores.funds.get(fundId))!;
    await publishFundReport(deps, fund, DATE);
    // The same night as a format 1 report: the files every report has, nothing else, signed again.
    const manifest = JSON.parse(fromUtf8(await published('manifest.json'))) as Manifest;
    const { signature: _signature, ...unsigned } = manifest;
    const files = Object.fromEntries(Object.entries(manifest.files).filter(([name]) => !(OPEN_DATA as readonly string[]).includes(name))) as Manifest['files'];
    const v1 = await signManifest({ ...unsigned, format: 'sovang-report/1', files }, deps.signer);
    const result = await verifyReport(memorySource(deps.store, DATE, new Map([['manifest.json', manifestBytes(v1)]])));
    expect(result.failure).toBeUndefined();
    expect(result.checks.some((c) => c.name === 'open-data')).toBe(false);
  });
});
