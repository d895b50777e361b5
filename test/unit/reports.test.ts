import { createHash, generateKeyPairSync, sign as nodeSign, verify as nodeVerify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { nextRun, parseCron } from '../../infra/local/scheduler';
import { derToP1363, kmsSigner, type KmsPort } from '../../shared/adapters/signing/kms';
import type { JournalEntry } from '../../shared/domain/journal';
import { schedules } from '../../shared/resources';
import { fromBase64, fromUtf8, toBase64, utf8 } from '../../shared/reports/bytes';
import { ReportBuilder, type ByteSink } from '../../shared/reports/builder';
import { csvCell, vietnamTime } from '../../shared/reports/csv';
import { entryLine, parseEntryLine, toPublicEntry } from '../../shared/reports/entries';
import { cutoffOf, reportDateFor } from '../../shared/reports/layout';
import { REPORT_FILES, signManifest, signerRecord, signingPayload, verifySignature, type KeysFile, type Manifest, type Signer } from '../../shared/reports/manifest';
import { KEYS_FORMAT, keysAfterRetiring, keysAfterSigning, keysFileText, emptyKeysFile } from '../../shared/reports/keys';
import { maskPersonalData, sanitizeDetails } from '../../shared/reports/privacy';
import { stableJson } from '../../shared/reports/summary';
import { verifyReport, type ReportSource } from '../../shared/reports/verify';
import type { ReportSummary } from '../../shared/reports/summary';
import { renderReportHtml } from '../../shared/reports/html';
import { ephemeralSigner } from '../support/signer';

describe('privacy', () => {
  it.each([
    ['CT tu 1071054451631 DINH BAO NHUNG toi 0011001932418 UY BAN MTTQ', 'CT tu *** DINH BAO NHUNG toi *** UY BAN MTTQ'],
    ['goi 0912 345 678 hoac +84 912.345.678', 'goi *** hoac ***'],
    ['email lan.nguyen@example.com nhe', 'email *** nhe'],
    ['MST 0301234567-001 ung ho', 'MST *** ung ho'],
    ['542842.010924.070552.Ung ho dong bao mien Bac', '***.Ung ho dong bao mien Bac'],
    ['UH1234567 ung ho 500k ngay 01/09', 'UH1234567 ung ho 500k ngay 01/09'],
    ['mong dong bao binh an UHIA4AP8D', 'mong dong bao binh an UHIA4AP8D'],
  ])('masks %j', (memo, masked) => {
    expect(maskPersonalData(memo)).toBe(masked);
  });

  it('drops private keys and masks every string value, keeping integers and booleans', () => {
    expect(
      sanitizeDetails({ email: 'a@b.vn', phone: '0912345678', taxCode: '0301234567', accountNumber: '1', 'bank_account': '2', memo: 'tk 19036614151010', amount: 500000, ok: true, ratio: 0.5 }),
    ).toEqual({ memo: 'tk ***', amount: 500000, ok: true });
  });
});

const entry = (overrides: Partial<JournalEntry> = {}): JournalEntry => ({
  entryId: '01K4B9Z4Y8Q1W2E3R4T5Y6U7I8'.replace('I', '1'),
  fundId: 'cuba-2025',
  type: 'RECEIPT_RECORDED',
  at: '2025-09-01T17:03:05.123Z',
  day: '2025-09-02',
  actor: 'staff:nguyen.van.an@mttq.vn',
  entityRef: '01K4B9Z4Y8Q1W2E3R4T5Y6U7X8',
  entityType: 'receipt',
  wardCode: '26734',
  deltas: { received: 500000, receiptCount: 1, approved: 0 },
  publicDetails: { donor: '=HYPERLINK("http://x")', pledgeRef: 'UHV1EWZE1', memo: 'tu 1071054451631' },
  ...overrides,
});

describe('entry lines', () => {
  it('are RFC 8785 canonical, hide the staff member, drop zero deltas and mask memos', () => {
    const line = entryLine(entry());
    expect(line).toBe(
      '{"actor":"staff","at":"2025-09-01T17:03:05.123Z","day":"2025-09-02","deltas":{"receiptCount":1,"received":500000},"details":{"donor":"=HYPERLINK(\\"http://x\\")","memo":"tu ***","pledgeRef":"UHV1EWZE1"},"entityRef":"01K4B9Z4Y8Q1W2E3R4T5Y6U7X8","entityType":"receipt","entryId":"01K4B9Z4Y8Q1W2E3R4T5Y6U718","fundId":"cuba-2025","type":"RECEIPT_RECORDED","v":1,"wardCode":"26734"}',
    );
    expect(parseEntryLine(line)).toEqual(toPublicEntry(entry()));
    expect(() => parseEntryLine(line.replace('{"actor"', '{ "actor"'))).toThrow(/canonical/);
  });

  it('CSV cells defuse formulas and quote separators; times are shown in Vietnam time with the offset', () => {
    expect(csvCell('=HYPERLINK("http://x")')).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvCell('-1+1')).toBe(`'-1+1`);
    expect(csvCell(-500)).toBe('-500');
    expect(csvCell('Phường Sài Gòn, TP.HCM')).toBe('"Phường Sài Gòn, TP.HCM"');
    expect(vietnamTime('2025-09-01T17:03:05.123Z')).toBe('2025-09-02T00:03:05+07:00');
  });
});

describe('dates', () => {
  it('reports yesterday in Vietnam, up to local midnight', () => {
    expect(reportDateFor(new Date('2025-09-01T17:30:00Z'))).toBe('2025-09-01');
    expect(reportDateFor(new Date('2025-09-01T16:59:00Z'))).toBe('2025-08-31');
    expect(cutoffOf('2025-09-01')).toBe('2025-09-02T00:00:00+07:00');
    expect(cutoffOf('2024-12-31')).toBe('2025-01-01T00:00:00+07:00');
    expect(Date.parse(cutoffOf('2025-09-01'))).toBe(Date.parse('2025-09-01T17:00:00Z'));
  });

  it('the local scheduler fires the declared nightly schedule at 00:30 Asia/Ho_Chi_Minh', () => {
    const nightly = schedules.find((s) => s.id === 'NightlyReport')!;
    expect(parseCron(nightly.cron)).toEqual({ minutes: [30], hours: [0] });
    expect(nextRun(nightly.cron, nightly.timezone, new Date('2025-09-01T10:00:00Z')).toISOString()).toBe('2025-09-01T17:30:00.000Z');
    expect(nextRun(nightly.cron, nightly.timezone, new Date('2025-09-01T17:30:00Z')).toISOString()).toBe('2025-09-02T17:30:00.000Z');
    expect(nextRun('cron(0 */6 * * ? *)', 'UTC', new Date('2025-09-01T07:00:00Z')).toISOString()).toBe('2025-09-01T12:00:00.000Z');
    expect(() => parseCron('cron(30 0 1 * ? *)')).toThrow(/daily/);
  });
});

describe('signatures', () => {
  it('a KMS Ed25519 key and a KMS P-256 key both produce signatures the WebCrypto verifier accepts', async () => {
    for (const curve of ['ed25519', 'P-256'] as const) {
      const pair = curve === 'ed25519' ? generateKeyPairSync('ed25519') : generateKeyPairSync('ec', { namedCurve: 'P-256' });
      const kms: KmsPort = {
        getPublicKey: async () => ({
          PublicKey: new Uint8Array(pair.publicKey.export({ format: 'der', type: 'spki' })),
          KeySpec: curve === 'ed25519' ? 'ECC_NIST_EDWARDS25519' : 'ECC_NIST_P256',
        }),
        // KMS returns DER for ECDSA, raw 64 bytes for Ed25519.
        sign: async ({ Message, SigningAlgorithm }) => {
          expect(SigningAlgorithm).toBe(curve === 'ed25519' ? 'ED25519_SHA_512' : 'ECDSA_SHA_256');
          return { Signature: new Uint8Array(curve === 'ed25519' ? nodeSign(null, Message, pair.privateKey) : nodeSign('sha256', Message, pair.privateKey)) };
        },
      };
      const signer = kmsSigner(kms, 'alias/sovang-reports');
      const key = await signerRecord(signer);
      const manifest = await signManifest({ fundId: 'cuba-2025', date: '2025-09-01', keyId: key.keyId, algorithm: key.algorithm } as Manifest, signer);
      expect(await verifySignature(key, signingPayload(manifest), manifest.signature)).toBe(true);
      expect(await verifySignature(key, signingPayload({ ...manifest, date: '2025-09-02' }), manifest.signature)).toBe(false);
    }
  });

  it('converts DER ECDSA signatures with short and padded integers to r ‖ s', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 50; i++) {
      const message = utf8(`m${i}`);
      const der = nodeSign('sha256', message, privateKey);
      const p1363 = nodeSign('sha256', message, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      const converted = derToP1363(new Uint8Array(der));
      expect(converted.length).toBe(64);
      // ECDSA is randomised: check the conversion by verifying, not by comparing bytes.
      expect(p1363.length).toBe(64);
      expect(nodeVerify('sha256', message, { key: publicKey, dsaEncoding: 'ieee-p1363' }, converted)).toBe(true);
    }
  });
});

/** A whole report in memory, verified with the portable SHA-256 only: the browser's code path. */
async function memoryReport(
  entries: JournalEntry[],
  signer: Signer,
  alter: (summary: ReportSummary) => ReportSummary = (summary) => summary,
  alterHtml: (summary: ReportSummary) => ReportSummary = (summary) => summary,
  night: { date?: string; previous?: { files: Map<string, Uint8Array> }; keys?: Signer[]; keysFile?: KeysFile } = {},
) {
  const date = night.date ?? '2025-09-01';
  const previousBytes = night.previous?.files.get('manifest.json');
  const previous = previousBytes ? (JSON.parse(fromUtf8(previousBytes)) as Manifest) : null;
  const files = new Map<string, Uint8Array>();
  const sinks = Object.fromEntries(
    REPORT_FILES.map((name) => {
      const chunks: Uint8Array[] = [];
      const sink: ByteSink = {
        write: (chunk) => void chunks.push(typeof chunk === 'string' ? utf8(chunk) : chunk),
        close: async () => void files.set(name, Buffer.concat(chunks)),
      };
      return [name, sink];
    }),
  );
  const builder = new ReportBuilder({ sinks, previous: previous ? { date: previous.date, treeSize: previous.treeSize, rootHash: previous.rootHash } : undefined });
  for (const e of entries) await builder.add(e);
  const built = await builder.finish();
  const summary = alter(
    built.summary.build(
      { format: 'x', fundId: 'cuba-2025', fundName: { vi: 'Cuba', en: 'Cuba' }, currency: 'VND', date, cutoff: cutoffOf(date), drift: { ok: null, error: 'n/a' } },
      (code) => (code === '26734' ? 'Phường Sài Gòn' : null),
    ),
  );
  const previousSha = previousBytes ? createHash('sha256').update(previousBytes).digest('hex') : null;
  const digests: Record<string, { sha256: string; bytes: number }> = { ...built.files };
  const addSmall = (name: string, text: string) => {
    files.set(name, utf8(text));
    digests[name] = { sha256: createHash('sha256').update(text).digest('hex'), bytes: utf8(text).length };
  };
  // As the nightly job does: the page lists every file written before it, the summary among them.
  addSmall('summary.json', stableJson(summary));
  addSmall('report.html', renderReportHtml({ summary: alterHtml(summary), rootHash: built.rootHash, previousDate: previous?.date ?? null, previousManifestSha256: previousSha, files: { ...digests } as Manifest['files'] }));
  const key = await signerRecord(signer);
  const manifest = await signManifest(
    {
      format: 'sovang-report/2',
      fundId: 'cuba-2025',
      date,
      cutoff: cutoffOf(date),
      treeSize: built.treeSize,
      rootHash: built.rootHash,
      files: digests as Manifest['files'],
      previousDate: previous?.date ?? null,
      previousTreeSize: previous?.treeSize ?? null,
      previousManifestSha256: previousSha,
      keyId: key.keyId,
      algorithm: key.algorithm,
    },
    signer,
  );
  files.set('manifest.json', utf8(stableJson(manifest)));
  const keys = night.keysFile ? utf8(keysFileText(night.keysFile)) : utf8(JSON.stringify({ format: KEYS_FORMAT, keys: night.keys ? await Promise.all(night.keys.map((k) => signerRecord(k))) : [key] }));
  const makeSource = (map: Map<string, Uint8Array>): ReportSource => ({
    label: 'memory',
    read: async (name) => map.get(name) ?? null,
    stream: async (name) => {
      const bytes = map.get(name);
      if (!bytes) return null;
      // Odd chunk sizes: lines and UTF-8 characters split across chunks.
      return (async function* () {
        for (let i = 0; i < bytes.length; i += 7) yield bytes.subarray(i, i + 7);
      })();
    },
    sibling: (other) => makeSource(other === previous?.date ? night.previous!.files : new Map()),
    keys: async () => keys,
  });
  return { files, source: makeSource(files) };
}

describe('verifyReport with the portable hash (browser path)', () => {
  const entries = Array.from({ length: 37 }, (_, i) =>
    entry({ entryId: `01K4B9Z4Y8Q1W2E3R4T5Y6U${String(100 + i)}`, publicDetails: { donor: `Người ủng hộ số ${i}`, pledgeRef: 'UHV1EWZE1' } }),
  );

  it('accepts an intact report and names the file of any flipped byte', async () => {
    const signer = ephemeralSigner();
    const { files, source } = await memoryReport(entries, signer);
    expect((await verifyReport(source)).failure).toBeUndefined();
    for (const name of [...REPORT_FILES, 'manifest.json']) {
      const copy = new Map(files);
      const bytes = new Uint8Array(copy.get(name)!);
      bytes[Math.floor(bytes.length / 3)]! ^= 0x20;
      copy.set(name, bytes);
      const tampered = { ...source, read: async (n: string) => copy.get(n) ?? null, stream: async (n: string) => (copy.has(n) ? (async function* () { yield copy.get(n)!; })() : null) };
      const result = await verifyReport(tampered);
      expect(result.failure?.file, name).toBe(name);
    }
  });

  it('carries the plan per ward and the goods per unit, summed from the signed entries, and refuses a summary that says otherwise', async () => {
    const id = (n: number) => `01K4B9Z4Y8Q1W2E3R4T5Y6V${String(100 + n)}`;
    const campaign = [
      entry({ entryId: id(1), type: 'PLAN_SET', entityType: 'plan', entityRef: 'cuba-2025', wardCode: '26734', deltas: { planned: 50_000_000 }, publicDetails: { wardName: 'Phường Sài Gòn', planned: 50_000_000, planVersion: 1 } }),
      entry({ entryId: id(2), type: 'DISBURSEMENT_PAID', entityType: 'disbursement', entityRef: 'GN5D4PHB9', wardCode: '26734', deltas: { disbursed: 20_000_000 }, publicDetails: {} }),
      entry({ entryId: id(3), type: 'DISBURSEMENT_CONFIRMED', entityType: 'disbursement', entityRef: 'GN5D4PHB9', wardCode: '26734', deltas: { confirmed: 20_000_000 }, publicDetails: {} }),
      entry({ entryId: id(4), type: 'GOODS_RECEIVED', entityType: 'goods', entityRef: 'lot1', deltas: { goodsReceived: 18_000_000 }, publicDetails: { description: 'Gạo', unit: 'kg', quantityMilli: 1_000_500 } }),
      entry({ entryId: id(5), type: 'GOODS_HANDED_OVER', entityType: 'goods', entityRef: 'lot1', wardCode: '26734', deltas: { goodsHandedOver: 7_200_000 }, publicDetails: { description: 'Gạo', unit: 'kg', quantityMilli: 400_000 } }),
    ];
    const { files, source } = await memoryReport(campaign, ephemeralSigner());
    expect((await verifyReport(source)).failure).toBeUndefined();
    const summary = JSON.parse(fromUtf8(files.get('summary.json')!)) as ReportSummary;
    expect(summary.plan).toEqual({ planned: 50_000_000, disbursed: 20_000_000, confirmed: 20_000_000, wards: [{ wardCode: '26734', wardName: 'Phường Sài Gòn', planned: 50_000_000, disbursed: 20_000_000, confirmed: 20_000_000 }] });
    expect(summary.goods).toEqual({ receivedValue: 18_000_000, handedOverValue: 7_200_000, units: [{ unit: 'kg', receivedMilli: 1_000_500, handedOverMilli: 400_000, receivedValue: 18_000_000, handedOverValue: 7_200_000 }] });
    const html = fromUtf8(files.get('report.html')!);
    expect(html).toContain('Kế hoạch phân bổ và thực hiện');
    expect(html).toContain('<td class="num">1.000,5</td>');
    // Signed as published, but saying more was planned, or more rice handed over, than the entries say.
    for (const alter of [
      (s: ReportSummary) => ({ ...s, plan: { ...s.plan, wards: [{ ...s.plan.wards[0]!, planned: 60_000_000 }] } }),
      (s: ReportSummary) => ({ ...s, goods: { ...s.goods, units: [{ ...s.goods.units[0]!, handedOverMilli: 500_000 }] } }),
    ]) {
      const forged = await memoryReport(campaign, ephemeralSigner(), alter);
      expect((await verifyReport(forged.source)).failure).toMatchObject({ name: 'summary', file: 'summary.json' });
    }
  });

  it('refuses a report its builder signed with a wrong ward, day or entry count in summary.json, or a wrong fact in report.html', async () => {
    const intact = await memoryReport(entries, ephemeralSigner());
    expect((await verifyReport(intact.source)).failure).toBeUndefined();
    const plusOne = (totals: ReportSummary['totals']) => ({ ...totals, pledged: totals.pledged + 1 });
    const summaryBugs: ((s: ReportSummary) => ReportSummary)[] = [
      (s) => ({ ...s, wards: s.wards.map((w, i) => (i === 0 ? { ...w, totals: plusOne(w.totals) } : w)) }),
      (s) => ({ ...s, days: s.days.map((d, i) => (i === 0 ? { ...d, totals: plusOne(d.totals) } : d)) }),
      (s) => ({ ...s, entryTypes: { ...s.entryTypes, PLEDGE_MADE: (s.entryTypes.PLEDGE_MADE ?? 0) + 1 } }),
    ];
    for (const bug of summaryBugs) {
      const signed = await memoryReport(entries, ephemeralSigner(), bug);
      expect((await verifyReport(signed.source)).failure).toMatchObject({ name: 'summary', file: 'summary.json' });
    }
    // summary.json right, but the page says the fund received more than it did.
    const page = await memoryReport(entries, ephemeralSigner(), undefined, (s) => ({ ...s, totals: plusOne(s.totals) }));
    expect((await verifyReport(page.source)).failure).toMatchObject({ name: 'html', file: 'report.html' });
  });

  it('verifies a chain across a key rotation (night 1 signed by key A, night 2 by key B, both pinned) and refuses an unpinned key C', async () => {
    const [keyA, keyB, keyC] = [ephemeralSigner(), ephemeralSigner(), ephemeralSigner()];
    const [idA, idB, idC] = await Promise.all([keyA, keyB, keyC].map(async (k) => (await signerRecord(k)).keyId));
    const keys = [keyA, keyB, keyC];
    const night1 = await memoryReport(entries.slice(0, 20), keyA, undefined, undefined, { date: '2025-09-01', keys });
    const night2 = await memoryReport(entries, keyB, undefined, undefined, { date: '2025-09-02', previous: night1, keys });
    const rotated = await verifyReport(night2.source, { pinnedKeyIds: [idA!, idB!] });
    expect(rotated.failure).toBeUndefined();
    expect(rotated.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['chain', 'consistency']));
    // The old night still verifies with the old key alone.
    expect((await verifyReport(night1.source, { pinnedKeyIds: [idA!, idB!] })).failure).toBeUndefined();
    const byC = await memoryReport(entries, keyC, undefined, undefined, { date: '2025-09-02', previous: night1, keys });
    expect((await verifyReport(byC.source, { pinnedKeyIds: [idA!, idB!] })).failure).toMatchObject({ name: 'signature', detail: expect.stringContaining(`signed by key ${idC}, which is not a pinned fingerprint`) });
    // Before the rotation is pinned, night 2 is refused too: the pin, not keys.json, decides.
    expect((await verifyReport(night2.source, { pinnedKeyIds: [idA!] })).failure).toMatchObject({ name: 'signature' });
  });

  it('refuses a night signed by a key after keys.json retired it, naming keys.json, and keeps the nights before verifiable', async () => {
    const [oldKey, newKey] = [ephemeralSigner(), ephemeralSigner()];
    const [oldId, newId] = await Promise.all([oldKey, newKey].map(async (k) => (await signerRecord(k)).keyId));
    let keysFile = (await keysAfterSigning(emptyKeysFile(), oldKey, { keyId: oldId!, date: '2025-09-01' }))!;
    keysFile = (await keysAfterSigning(keysFile, newKey, { keyId: newId!, date: '2025-09-02' }))!;
    keysFile = await keysAfterRetiring(keysFile, oldKey, '2025-09-02');
    const pinned = { pinnedKeyIds: [oldId!, newId!] };
    const before = await memoryReport(entries.slice(0, 20), oldKey, undefined, undefined, { date: '2025-09-01', keysFile });
    expect((await verifyReport(before.source, pinned)).failure).toBeUndefined();
    const after = await memoryReport(entries, newKey, undefined, undefined, { date: '2025-09-02', previous: before, keysFile });
    expect((await verifyReport(after.source, pinned)).failure).toBeUndefined();
    // The retired key goes on signing: its night is refused, though its signature is good.
    const late = await memoryReport(entries, oldKey, undefined, undefined, { date: '2025-09-03', previous: before, keysFile });
    expect((await verifyReport(late.source, pinned)).failure).toMatchObject({ file: 'keys.json', detail: expect.stringContaining(`key ${oldId} was retired on 2025-09-02`) });
    // A key signing a night before the first it was published for is refused as well.
    const early = await memoryReport(entries.slice(0, 20), newKey, undefined, undefined, { date: '2025-09-01', keysFile });
    expect((await verifyReport(early.source, pinned)).failure).toMatchObject({ file: 'keys.json', detail: expect.stringContaining(`valid from 2025-09-02`) });
  });

  it('refuses a keys.json whose dates of validity were moved without the key attesting them, naming keys.json', async () => {
    const key = ephemeralSigner();
    const { keyId } = await signerRecord(key);
    const keysFile = (await keysAfterSigning(emptyKeysFile(), key, { keyId, date: '2025-09-01' }))!;
    expect(keysFile.keys[0]).toMatchObject({ keyId, validFrom: '2025-09-01', attestation: expect.any(String) });
    expect(await keysAfterSigning(keysFile, key, { keyId, date: '2025-09-05' })).toBeNull();
    const intact = await memoryReport(entries, key, undefined, undefined, { date: '2025-09-03', keysFile });
    expect((await verifyReport(intact.source)).failure).toBeUndefined();
    for (const moved of [{ validFrom: '2025-08-01' }, { retiredAt: '2025-09-09' }]) {
      const forged = { ...keysFile, keys: [{ ...keysFile.keys[0]!, ...moved }] };
      const report = await memoryReport(entries, key, undefined, undefined, { date: '2025-09-03', keysFile: forged });
      expect((await verifyReport(report.source)).failure, JSON.stringify(moved)).toMatchObject({ name: 'keys', file: 'keys.json', detail: expect.stringContaining('not attested by the key') });
    }
  });

  it('verifies the report of a fund without any entry yet (the RFC 6962 empty root)', async () => {
    const { source, files } = await memoryReport([], ephemeralSigner());
    const result = await verifyReport(source);
    expect(result.failure).toBeUndefined();
    expect(result.manifest!.rootHash).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
    expect(files.get('tree.bin')!.length).toBe(0);
  });

  it('rejects a manifest signed by a key other than the one keys.json publishes under that id', async () => {
    const { files, source } = await memoryReport(entries, ephemeralSigner());
    const manifest = JSON.parse(fromUtf8(files.get('manifest.json')!)) as Manifest;
    const forged = await signManifest({ ...manifest, treeSize: manifest.treeSize }, ephemeralSigner());
    const result = await verifyReport({ ...source, read: async (n) => (n === 'manifest.json' ? utf8(stableJson(forged)) : files.get(n) ?? null) });
    expect(result.failure).toMatchObject({ name: 'signature', file: 'manifest.json' });
    expect(toBase64(fromBase64(forged.signature))).toBe(forged.signature);
  });
});

describe('the report builder under back-pressure', () => {
  /** Collects what a sink receives; `pushBack` makes every other write wait a macrotask, as a part upload does. */
  function collecting(pushBack: boolean) {
    const files = new Map<string, string>();
    let overlapped = 0;
    const sinks = Object.fromEntries(
      ['entries.jsonl', 'entries.csv', 'disbursements.csv', 'tree.bin', 'refs.idx'].map((name) => {
        const chunks: Uint8Array[] = [];
        let pending = false;
        let writes = 0;
        const sink: ByteSink = {
          write: (chunk) => {
            if (pending) overlapped++;
            chunks.push(typeof chunk === 'string' ? utf8(chunk) : chunk);
            if (!pushBack || writes++ % 2 === 0) return undefined;
            pending = true;
            return new Promise<void>((resolve) => setTimeout(() => ((pending = false), resolve()), 0));
          },
          close: async () => void files.set(name, Buffer.concat(chunks).toString('hex')),
        };
        return [name, sink];
      }),
    );
    return { sinks, files, overlapped: () => overlapped };
  }

  it('writes the same bytes as without it, and never writes to a sink that has not taken its last chunk', async () => {
    const entries = Array.from({ length: 40 }, (_, i) =>
      entry({
        entryId: `01K4B9Z4Y8Q1W2E3R4T5Y6U${String(100 + i)}`,
        entityRef: `UH${String(100000 + i)}X`,
        type: i % 5 === 4 ? 'DISBURSEMENT_PAID' : 'RECEIPT_RECORDED',
        entityType: i % 5 === 4 ? 'disbursement' : 'receipt',
      }),
    );
    const build = async (pushBack: boolean) => {
      const target = collecting(pushBack);
      const builder = new ReportBuilder({ sinks: target.sinks });
      for (const e of entries) await builder.add(e);
      const built = await builder.finish();
      return { built, files: target.files, overlapped: target.overlapped() };
    };
    const plain = await build(false);
    const pushedBack = await build(true);
    expect(pushedBack.overlapped).toBe(0);
    expect(pushedBack.files).toEqual(plain.files);
    expect(pushedBack.built.rootHash).toBe(plain.built.rootHash);
    expect(pushedBack.built.files).toEqual(plain.built.files);
    expect(plain.files.get('disbursements.csv')!.length).toBeGreaterThan(0);
  });
});
