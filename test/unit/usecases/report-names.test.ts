/**
 * Format 3 (DESIGN §7): no donor name in a signed file, names in names.jsonl checked against the
 * leaves' salted commitments, erasable by withdrawal while every report still verifies, and every
 * other change to any published file detected, naming the file.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import { demoFunds } from '../../../infra/local/demo-data';
import { memoryReportObjects } from '../../../shared/adapters/memory';
import { ForbiddenError } from '../../../shared/errors';
import { utf8 } from '../../../shared/reports/bytes';
import { reportKey } from '../../../shared/reports/layout';
import { listedFiles, type Manifest } from '../../../shared/reports/manifest';
import { checkNames, nameCommitment, NAMES_FILE, newNameSalt, normaliseName, parseNamesFile } from '../../../shared/reports/names';
import { verifyReport, type ReportSource } from '../../../shared/reports/verify';
import { withdrawName } from '../../../shared/usecases/name-withdrawal';
import { publicDonors } from '../../../shared/usecases/donors';
import { publishFundReport, type NightlyReportDeps } from '../../../shared/usecases/nightly-report';
import { createPledge, getPublicPledge } from '../../../shared/usecases/pledges';
import { recordReceipt } from '../../../shared/usecases/receipts';
import { ctx, memoryLedger, type MemoryLedger } from '../../support/memory-ledger';
import { ephemeralSigner } from '../../support/signer';

const DEMO = demoFunds.find((f) => f.fundId === 'an-sinh-hcm-2025')!;
const fundId = DEMO.fundId;
const DAY1 = '2025-11-20';
const DAY2 = '2025-11-21';
const PAID = 'Lê Thị Hồng';
const UNPAID = 'Phạm Văn Kiên';
const SECRET = 'Ngô Bảo Châu';

let ledger: MemoryLedger;
let deps: NightlyReportDeps & { store: ReturnType<typeof memoryReportObjects> };
let paidRef: string;
const at = (day: string, time: string) => new Date(`${day}T${time}+07:00`);

function source(date: string, override: Map<string, Uint8Array> = new Map()): ReportSource {
  const read = async (name: string) => (override.has(name) ? override.get(name)! : deps.store.get(reportKey(fundId, date, name)));
  return {
    label: `memory ${date}`,
    read,
    async stream(name) {
      const bytes = await read(name);
      return bytes ? (async function* () { yield bytes; })() : null;
    },
    sibling: (other) => source(other),
    keys: async () => override.get('keys.json') ?? deps.store.get('reports/keys.json'),
  };
}

function sameKeys(a: Uint8Array, b: Uint8Array): boolean {
  try {
    return JSON.stringify(JSON.parse(Buffer.from(a).toString()).keys) === JSON.stringify(JSON.parse(Buffer.from(b).toString()).keys);
  } catch {
    return false;
  }
}

const file = async (date: string, name: string) => Buffer.from((await deps.store.get(reportKey(fundId, date, name)))!).toString('utf8');

beforeEach(async () => {
  ledger = memoryLedger();
  ledger.state.funds.set(fundId, { ...DEMO, accepts: 'both', committeeId: 'vn-79', committeePath: ['vn', 'vn-79'], distributionDeadline: '2026-03-31' });
  deps = { journal: ledger.stores.journal, store: memoryReportObjects(), signer: ephemeralSigner(), funds: ledger.stores.funds, adminUnits: ledger.stores.adminUnits, committees: ledger.stores.committees, pledges: ledger.stores.pledges };
  const paid = await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: PAID, email: 'hong@example.vn' }, amount: 3_000_000, publishName: true }, ctx('public', undefined, at(DAY1, '08:00:00')));
  paidRef = paid.body.ref;
  await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: UNPAID, phone: '0912345678' }, amount: 1_000_000, publishName: true }, ctx('public', undefined, at(DAY1, '08:30:00')));
  await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: SECRET }, amount: 2_000_000, publishName: false }, ctx('staff:an', undefined, at(DAY1, '08:40:00')));
  await recordReceipt(ledger.stores, { fundId, amount: 3_000_000, receivedAt: `${DAY1}T09:00:00+07:00`, method: 'bank', pledgeRef: paidRef }, ctx('staff:an', undefined, at(DAY1, '09:05:00')));
  await recordReceipt(ledger.stores, { fundId, amount: 500_000, receivedAt: `${DAY2}T09:00:00+07:00`, method: 'cash' }, ctx('staff:an', undefined, at(DAY2, '09:05:00')));
  const fund = (await ledger.stores.funds.get(fundId))!;
  await publishFundReport(deps, fund, DAY1);
  await publishFundReport(deps, fund, DAY2);
});

describe('name commitments', () => {
  it('commits to the normalised name under a salt, so a guess without the salt says nothing', () => {
    const salt = newNameSalt();
    expect(salt).toMatch(/^[0-9a-f]{32}$/);
    expect(newNameSalt()).not.toBe(salt);
    expect(normaliseName('  Lê   Thị\tHồng ')).toBe('Lê Thị Hồng');
    // NFD input (a Mac keyboard) commits like NFC.
    expect(nameCommitment(salt, 'Lê Thị Hồng'.normalize('NFD'))).toBe(nameCommitment(salt, 'Lê Thị Hồng'));
    expect(nameCommitment(salt, 'Lê Thị Hồng')).not.toBe(nameCommitment(newNameSalt(), 'Lê Thị Hồng'));
    expect(nameCommitment(salt, 'Lê Thị Hồng')).not.toBe(nameCommitment(salt, 'Lê Thị Hồnh'));
  });

  it('reads a names file line by line: a true name shows, an erased one is withdrawn, a changed or moved one fails naming the line', () => {
    const salt = newNameSalt();
    const committed = [
      { leaf: 0, ref: 'UHA', commitment: nameCommitment(salt, 'An') },
      { leaf: 3, ref: 'UHB', commitment: nameCommitment(salt, 'Bình') },
    ];
    const text = (...lines: object[]) => utf8(lines.map((l) => JSON.stringify(l) + '\n').join(''));
    const shown = checkNames(text({ leaf: 0, name: 'An', ref: 'UHA', salt }, { leaf: 3, ref: 'UHB', withdrawn: true }), committed);
    expect([...shown.values()]).toEqual([{ leaf: 0, shown: 'name', name: 'An' }, { leaf: 3, shown: 'withdrawn' }]);
    expect([...checkNames(null, committed).values()].map((n) => n.shown)).toEqual(['withdrawn', 'withdrawn']);
    expect(() => checkNames(text({ leaf: 0, name: 'Ân', ref: 'UHA', salt }), committed)).toThrow(/names.jsonl line 1 \(leaf 0\): the name does not match/);
    expect(() => checkNames(text({ leaf: 3, name: 'An', ref: 'UHB', salt }), committed)).toThrow(/does not match/);
    expect(() => checkNames(text({ leaf: 1, name: 'An', ref: 'UHA', salt }), committed)).toThrow(/carries no name commitment/);
    expect(() => checkNames(text({ leaf: 3, ref: 'UHA', withdrawn: true }), committed)).toThrow(/belongs to UHB/);
  });
});

describe('a format-3 report', () => {
  it('publishes no donor name in any signed file, and the names file names only the paid donor who allowed it', async () => {
    const manifest = JSON.parse(await file(DAY2, 'manifest.json')) as Manifest;
    expect(manifest.format).toBe('sovang-report/3');
    for (const name of [...listedFiles(manifest), 'manifest.json']) {
      const text = await file(DAY2, name);
      for (const person of [PAID, UNPAID, SECRET]) expect(text, `${name} names ${person}`).not.toContain(person);
    }
    const names = parseNamesFile(await file(DAY2, NAMES_FILE));
    // The paid pledge's receipt carries the name (its pledge was a stranger's, unpaid when made).
    expect(names.map((n) => ('name' in n ? n.name : null))).toEqual([PAID]);
    expect(JSON.stringify(names)).not.toContain(UNPAID);
    const result = await verifyReport(source(DAY2));
    expect(result.failure).toBeUndefined();
    expect(result.names).toEqual([{ leaf: names[0]!.leaf, shown: 'name', name: PAID }]);
  });

  it('detects every single-byte change in every published file, naming the file; in names.jsonl only an erasure passes', async () => {
    const manifest = JSON.parse(await file(DAY2, 'manifest.json')) as Manifest;
    const files = [...listedFiles(manifest), 'manifest.json', 'keys.json', NAMES_FILE];
    let tried = 0;
    for (const name of files) {
      const original = name === 'keys.json' ? (await deps.store.get('reports/keys.json'))! : (await deps.store.get(reportKey(fundId, DAY2, name)))!;
      const positions = new Set([0, original.length - 1, ...Array.from({ length: 12 }, (_, i) => Math.floor(((i + 0.5) * original.length) / 12))]);
      for (const position of positions) {
        const changed = original.slice();
        changed[position] = changed[position]! ^ 0x01;
        const result = await verifyReport(source(DAY2, new Map([[name, changed]])));
        tried++;
        // keys.json proves nothing but its keys: a change outside them (its format label) is harmless.
        if (name === 'keys.json' && sameKeys(original, changed)) continue;
        expect(result.ok, `${name} byte ${position}`).toBe(false);
        // Every key of keys.json is checked when it is read, so a key id the manifest names and keys.json lacks is the manifest's.
        if (name !== 'keys.json') expect(result.failure?.file, `${name} byte ${position}: ${result.failure?.detail}`).toBe(name);
      }
    }
    expect(tried).toBeGreaterThan(100);
    const erased = (await file(DAY2, NAMES_FILE)).replace(/"name":"[^"]*","ref":"([^"]*)","salt":"[0-9a-f]*"/, '"ref":"$1","withdrawn":true');
    const result = await verifyReport(source(DAY2, new Map([[NAMES_FILE, utf8(erased)]])));
    expect(result.failure).toBeUndefined();
    expect(result.names?.map((n) => n.shown)).toEqual(['withdrawn']);
  });

  it('withdraws a name by code and contact from the donor list, the pledge view and every names file, and every day still verifies', async () => {
    const before = (await publicDonors(ledger.stores, fundId, { limit: 20 })).items.map((i) => i.name);
    expect(before).toContain(PAID);
    const journalBefore = (await ledger.stores.journal.page(fundId, { limit: 100 })).items.length;
    await expect(withdrawName({ ...ledger.stores, names: deps.store }, paidRef, { by: 'donor', contact: 'someone@example.vn' }, ctx('public'))).rejects.toBeInstanceOf(ForbiddenError);
    expect((await ledger.stores.journal.page(fundId, { limit: 100 })).items.length).toBe(journalBefore);
    expect((await ledger.stores.pledges.getByRef(paidRef))!.nameWithdrawn).toBeUndefined();

    const done = await withdrawName({ ...ledger.stores, names: deps.store }, paidRef, { by: 'donor', contact: ' Hong@Example.VN ' }, ctx('public'));
    expect(done.body).toMatchObject({ ref: paidRef, nameWithdrawn: true });
    expect(done.body.namesFilesRewritten).toBeGreaterThan(0);
    const journal = (await ledger.stores.journal.page(fundId, { limit: 100, newestFirst: true })).items;
    expect(journal[0]).toMatchObject({ type: 'NAME_WITHDRAWN', entityRef: paidRef, publicDetails: {} });
    expect(JSON.stringify(journal[0])).not.toContain(PAID);

    expect((await publicDonors(ledger.stores, fundId, { limit: 20 })).items.map((i) => i.name)).not.toContain(PAID);
    expect((await getPublicPledge(ledger.stores, paidRef)).donorName).toBe('Nhà hảo tâm');
    for (const date of [DAY1, DAY2, 'latest']) {
      expect(await file(date, NAMES_FILE)).not.toContain(PAID);
      if (date === 'latest') continue;
      const result = await verifyReport(source(date));
      expect(result.failure).toBeUndefined();
      expect(result.names?.some((n) => n.shown === 'name'), date).toBe(false);
      if (date === DAY2) expect(result.names?.map((n) => n.shown)).toEqual(['withdrawn']);
    }
    // The next night's names file does not bring it back.
    await publishFundReport(deps, (await ledger.stores.funds.get(fundId))!, '2025-11-22');
    expect(await file('2025-11-22', NAMES_FILE)).not.toContain(PAID);
    expect((await verifyReport(source('2025-11-22'))).ok).toBe(true);
  });
});
