import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { parse } from 'csv-parse/sync';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { fetchWithRetry, folderSource, urlSource } from '../../infra/local/verify-report';
import { runNightly } from '../../functions/reports/nightly';
import { nightlyReportDeps } from '../../functions/reports/nightly-deps';
import { stores } from '../../shared/adapters/dynamo';
import { keys } from '../../shared/adapters/dynamo/keys';
import { DELTA_NAMES, type JournalEntry } from '../../shared/domain/journal';
import { fromBase64, fromHex, fromUtf8, utf8 } from '../../shared/reports/bytes';
import { NAMES_FILE, nameLineText, parseNamesFile, withdrawnLine } from '../../shared/reports/names';
import { leafHash, verifyConsistency, verifyInclusion } from '../../shared/reports/merkle';
import { PUBLISHED_FILES, signingPayload, verifySignature, type KeysFile, type Manifest } from '../../shared/reports/manifest';
import { nodeHasher } from '../../shared/reports/node-hash';
import { ReportBuilder } from '../../shared/reports/builder';
import type { ReportSummary } from '../../shared/reports/summary';
import { verifyReport, type ReportSource } from '../../shared/reports/verify';
import { runNightlyReports } from '../../shared/usecases/nightly-report';
import { checkDrift } from '../../shared/usecases/totals-drift';
import { downloadReport, journalEntry, seedTestFund, writeJournal } from '../support/reports';
import { request, startTestTwin } from '../support/twin';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'statements');
const D1 = '2025-09-01';
const D2 = '2025-09-02';
const D3 = '2025-09-03';

let twin: Twin;
let fundId: string;
let work: string;
const seeded: JournalEntry[] = [];
/** Every personal value the seed data carries, which no published byte may contain. */
const secrets: string[] = [];

/** Memos of the three sample bank statements, with the account numbers and phone numbers they contain. */
function fixtureMemos(): string[] {
  const memos: string[] = [];
  for (const [file, column] of [
    ['native-sample.csv', 'Nội dung giao dịch'],
    ['vcb-sample.csv', 'Transactions in Detail'],
    ['vietinbank-sample.csv', 'TransactionDetails'],
  ] as const) {
    const rows = parse(readFileSync(join(FIXTURES, file)), { columns: true, bom: true, relax_column_count: true }) as Record<string, string>[];
    for (const row of rows) if (row[column]) memos.push(row[column]!);
  }
  return memos;
}

function at(date: string, hhmmss: string): string {
  return new Date(`${date}T${hhmmss}+07:00`).toISOString();
}

function seedDay(date: string, count: number, offset: number, memos: string[]): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (let i = 0; i < count; i++) {
    const time = at(date, `${String(8 + Math.floor(i / 60)).padStart(2, '0')}:${String(i % 60).padStart(2, '0')}:${String((offset + i) % 60).padStart(2, '0')}`);
    const ref = ['UHV1EWZE1', 'UH45RNDNQ', 'UH628XGG2', 'UHXNCHSCR'][i % 4]!;
    const memo = memos[(offset + i) % memos.length]!;
    if (i % 5 === 0) {
      entries.push(
        journalEntry(fundId, time, {
          type: 'PLEDGE_MADE',
          entityRef: ref,
          entityType: 'pledge',
          actor: 'public',
          deltas: { pledged: 100_000 + i, pledgeCount: 1, donorCount: 1 },
          publicDetails: { donor: i % 2 ? 'Nhà hảo tâm' : 'Lan (lan.nguyen@example.com, 0912 345 678)', donorType: 'individual', email: 'lan.nguyen@example.com', taxCode: '0301234567' },
          // A named pledge commits to its donor's name, opened in names.jsonl (format 3).
          ...(i % 2 ? {} : { nameSalt: randomUUID().replace(/-/g, '') }),
        }),
      );
    } else if (i % 5 === 4) {
      entries.push(
        journalEntry(fundId, time, {
          type: i % 2 ? 'DISBURSEMENT_APPROVED' : 'DISBURSEMENT_PAID',
          entityRef: 'GN4EWMWNP',
          entityType: 'disbursement',
          wardCode: ['26734', '26737'][i % 2],
          deltas: i % 2 ? { approved: 10_000 } : { approved: -10_000, disbursed: 10_000 },
          publicDetails: { wardCode: '26734', wardName: 'Phường Sài Gòn', purpose: 'Hỗ trợ hộ nghèo; liên hệ 0987654321', amount: 10_000 },
        }),
      );
    } else {
      entries.push(
        journalEntry(fundId, time, {
          type: 'RECEIPT_RECORDED',
          entityRef: randomUUID().slice(0, 8),
          entityType: 'receipt',
          actor: 'bank:stmt-1',
          deltas: { received: 50_000 + i, receiptCount: 1 },
          publicDetails: { donor: 'Nhà hảo tâm', method: 'bank', pledgeRef: ref, memo, accountNumber: '1071054451631', counterpartyAccount: '0011001932418' },
        }),
      );
    }
  }
  return entries;
}

beforeAll(async () => {
  twin = await startTestTwin({ streams: true });
  fundId = `bao-cao-${randomUUID().slice(0, 8)}`;
  work = mkdtempSync(join(tmpdir(), 'sovang-reports-'));
  await seedTestFund(twin, fundId);
  const memos = fixtureMemos();
  for (const memo of memos) for (const run of memo.match(/\d{9,}/g) ?? []) secrets.push(run);
  secrets.push('lan.nguyen@example.com', '0912 345 678', '0912345678', '0987654321', '0301234567', '1071054451631', '0011001932418');
  seeded.push(...seedDay(D1, 40, 0, memos), ...seedDay(D2, 45, 40, memos), ...seedDay(D3, 5, 85, memos));
  await writeJournal(twin, seeded);
  await twin.waitForTotals(30_000);
  // The journal of D3 is written before D1 and D2 are reported: a report covers exactly its own cutoff.
  await runNightly({ date: D1, fundIds: [fundId] });
  await runNightly({ date: D2, fundIds: [fundId] });
}, 180_000);

afterAll(async () => {
  await twin?.stop();
  if (work) rmSync(work, { recursive: true, force: true });
});

/** One published file of a night of this file's fund, as the API serves it. */
const published = async (date: string, name: string) => new Uint8Array(await (await fetchWithRetry(`${twin.url}/v1/reports/${fundId}/${date}/files/${name}`)).arrayBuffer());

const manifestOf = async (date: string) =>
  JSON.parse((await (await fetch(`${twin.url}/v1/reports/${fundId}/${date}/files/manifest.json`)).text())) as Manifest;

describe('the nightly report', () => {
  it('covers every entry before local midnight, in journal order, and chains night 2 to night 1', async () => {
    const m1 = await manifestOf(D1);
    const m2 = await manifestOf(D2);
    expect(m1).toMatchObject({ fundId, date: D1, cutoff: '2025-09-02T00:00:00+07:00', treeSize: 40, previousManifestSha256: null, algorithm: 'Ed25519' });
    expect(m2).toMatchObject({ date: D2, treeSize: 85, previousDate: D1, previousTreeSize: 40 });
    const files = await downloadReport(twin, fundId, D2, work);
    const ids = files['entries.jsonl']!.toString('utf8').trim().split('\n').map((line) => JSON.parse(line).entryId as string);
    expect(ids).toEqual(seeded.slice(0, 85).map((e) => e.entryId).sort());
    expect(nodeHasher.sha256(files['manifest.json']!)).toEqual(nodeHasher.sha256(files['manifest.json']!));
    const d1 = await downloadReport(twin, fundId, D1, work);
    expect(m2.previousManifestSha256).toBe(Buffer.from(nodeHasher.sha256(d1['manifest.json']!)).toString('hex'));
  });

  it('writes CSVs in UTF-8 with a BOM and Vietnamese headers, and a self-contained bilingual page', async () => {
    const files = await downloadReport(twin, fundId, D2, work);
    for (const name of ['entries.csv', 'disbursements.csv']) {
      expect([...files[name]!.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const rows = parse(files[name]!, { bom: true }) as string[][];
      expect(rows[0]![0]).toBe('STT');
    }
    expect(files['entries.csv']!.toString('utf8')).toContain('Nhà hảo tâm');
    expect((parse(files['entries.csv']!, { bom: true }) as string[][]).length).toBe(86);
    const html = files['report.html']!.toString('utf8');
    expect(html).toMatch(/<html lang="vi" data-lang="vi">/);
    expect(html).toContain('<span lang="en">');
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('re-running a published night yields byte-identical files and the same manifest hash, and writes nothing', async () => {
    const before = await downloadReport(twin, fundId, D1, join(work, 'before'));
    const result = await runNightly({ date: D1, fundIds: [fundId] });
    expect(result.results[0]).toMatchObject({ status: 'unchanged', date: D1 });
    const after = await downloadReport(twin, fundId, D1, join(work, 'after'));
    for (const name of PUBLISHED_FILES) expect(after[name]!.equals(before[name]!), name).toBe(true);
    expect(result.results[0]!.manifestSha256).toBe(Buffer.from(nodeHasher.sha256(before['manifest.json']!)).toString('hex'));
  });

  it('summary.json totals equal the drift-checked totals, and the drift is zero', async () => {
    const files = await downloadReport(twin, fundId, D2, work);
    const summary = JSON.parse(files['summary.json']!.toString('utf8')) as ReportSummary;
    const drift = await checkDrift(stores, fundId, { cutoff: summary.cutoff });
    expect(drift.ok).toBe(true);
    expect(summary.drift.ok).toBe(true);
    const fundScope = drift.scopes.find((s) => s.scope === fundId)!;
    for (const name of DELTA_NAMES) expect(summary.totals[name], name).toBe(fundScope.expected[name]);
    const expectedReceived = seeded.slice(0, 85).reduce((sum, e) => sum + (e.deltas.received ?? 0), 0);
    expect(summary.totals.received).toBe(expectedReceived);
    expect(summary.totals.balance).toBe(summary.totals.received - summary.totals.disbursed);
    expect(summary.wards.map((w) => w.wardCode)).toEqual(['26734', '26737']);
    expect(summary.days.map((d) => d.day)).toEqual([D1, D2]);
  });

  it('publishes no email, phone number, tax code or bank account number in any file', async () => {
    const all: [string, string][] = [];
    for (const date of [D1, D2]) {
      const files = await downloadReport(twin, fundId, date, work);
      for (const [name, bytes] of Object.entries(files)) all.push([`${date}/${name}`, bytes.toString('latin1') + bytes.toString('utf8')]);
    }
    expect(secrets.length).toBeGreaterThan(8);
    for (const [name, text] of all) {
      for (const secret of secrets) expect(text.includes(secret), `${name} contains ${secret}`).toBe(false);
      expect(text, name).not.toMatch(/[\w.+-]+@[\w-]+\.[a-z]{2,}/i);
      // Hashes and ids are long runs of hex or base32; take them out before looking for digit runs.
      const prose = text.replace(/[0-9a-f]{32,}/g, '').replace(/[0-9A-HJKMNP-TV-Z]{26}/g, '');
      expect(prose.match(/(?<![\d])(?:\+84|0)\d{9,10}(?!\d)/g), name).toBeNull();
    }
    const jsonl = all.find(([n]) => n.endsWith('D2/entries.jsonl'.replace('D2', D2)))![1];
    expect(jsonl).toContain('***');
    expect(jsonl).toContain('UH45RNDNQ');
  });
});

describe('verification', () => {
  it('verify-report passes on a downloaded folder and on the API URL, including chain and consistency', async () => {
    await downloadReport(twin, fundId, D1, work);
    await downloadReport(twin, fundId, D2, work);
    const local = await verifyReport(folderSource(join(work, 'reports', fundId, D2)), { hasher: nodeHasher });
    expect(local.failure).toBeUndefined();
    expect(local.checks.map((c) => c.name)).toEqual(expect.arrayContaining(['signature', 'chain', 'root', 'consistency', 'derived', 'summary']));
    const remote = await verifyReport(urlSource(`${twin.url}/v1/reports/${fundId}/${D2}/files/`), { hasher: nodeHasher });
    expect(remote.failure).toBeUndefined();
    const latest = await verifyReport(urlSource(`${twin.url}/v1/reports/${fundId}/latest/files/`), { hasher: nodeHasher });
    expect(latest.ok).toBe(true);
    expect(latest.manifest!.date).toBe(D2);
  });

  it('verify-report checks the signing key against a pinned fingerprint: the right one passes, another fails, whatever keys.json says', async () => {
    const url = `${twin.url}/v1/reports/${fundId}/${D2}/files/`;
    const signedBy = (await verifyReport(urlSource(url), { hasher: nodeHasher })).manifest!.keyId;
    expect((await verifyReport(urlSource(url), { hasher: nodeHasher, pinnedKeyIds: [signedBy] })).ok).toBe(true);
    const other = await verifyReport(urlSource(url), { hasher: nodeHasher, pinnedKeyIds: ['0'.repeat(32)] });
    expect(other.failure).toMatchObject({ name: 'signature', detail: expect.stringContaining(`signed by key ${signedBy}, which is not a pinned fingerprint`) });
    const lines: string[] = [];
    const { main } = await import('../../infra/local/verify-report');
    const log = console.log;
    const error = console.error;
    console.log = console.error = (line: string) => void lines.push(line);
    try {
      expect(await main([url, '--fingerprint', signedBy])).toBe(0);
      expect(await main([url, '--fingerprint', 'f'.repeat(32)])).toBe(1);
      expect(await main([url, '--fingerprint', 'not-hex'])).toBe(2);
    } finally {
      console.log = log;
      console.error = error;
    }
    expect(lines.join('\n')).toMatch(/FAILED at signature/);
  });

  it('detects a change to any sampled byte of every published file and names the file; in names.jsonl only an erasure passes, shown as withdrawn', async () => {
    const night2 = new Map<string, Uint8Array>();
    for (const name of [...PUBLISHED_FILES, NAMES_FILE]) night2.set(name, await published(D2, name));
    const night1Manifest = await published(D1, 'manifest.json');
    const keysBytes = new Uint8Array(await (await fetchWithRetry(`${twin.url}/v1/reports/keys.json`)).arrayBuffer());
    const source = (changed: string, bytes: Uint8Array): ReportSource => {
      const read = async (name: string) => (name === changed ? bytes : (night2.get(name) ?? null));
      return {
        label: `${D2} with ${changed} changed`,
        read,
        stream: async (name) => {
          const all = await read(name);
          return all ? (async function* () { yield all; })() : null;
        },
        sibling: (date) => ({ ...source(changed, bytes), read: async (name) => (date === D1 && name === 'manifest.json' ? night1Manifest : null) }),
        keys: async () => (changed === 'keys.json' ? bytes : keysBytes),
      };
    };
    expect((await verifyReport(source('none', new Uint8Array()), { hasher: nodeHasher })).failure).toBeUndefined();
    const names = fromUtf8(night2.get(NAMES_FILE)!);
    expect(parseNamesFile(names).length).toBeGreaterThan(2);

    // 24 positions evenly spread, and 8 drawn from a fixed seed, in every file.
    let seed = 0x5eed;
    const random = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
    const positions = (length: number) => [...new Set([...Array.from({ length: 24 }, (_, i) => Math.floor((i * (length - 1)) / 23)), ...Array.from({ length: 8 }, () => Math.floor(random() * length))])];
    const flipped = (bytes: Uint8Array, at: number) => Uint8Array.from(bytes, (b, i) => (i === at ? b ^ 0x01 : b));
    for (const name of [...PUBLISHED_FILES, NAMES_FILE, 'keys.json']) {
      const original = name === 'keys.json' ? keysBytes : night2.get(name)!;
      for (const at of positions(original.length)) {
        const result = await verifyReport(source(name, flipped(original, at)), { hasher: nodeHasher });
        expect(result.ok, `${name} @${at}`).toBe(false);
        expect(result.failure!.file, `${name} @${at}: ${result.failure!.detail}`).toBe(name);
      }
    }

    // Erasing a name is what a withdrawal does: it passes, and the leaf shows the name withdrawn.
    const lines = parseNamesFile(names);
    const erased = lines.map((line, i) => (i === 1 ? withdrawnLine(line) : line));
    const result = await verifyReport(source(NAMES_FILE, utf8(erased.map(nameLineText).join(''))), { hasher: nodeHasher });
    expect(result.failure).toBeUndefined();
    expect(result.names!.find((n) => n.leaf === lines[1]!.leaf)).toEqual({ leaf: lines[1]!.leaf, shown: 'withdrawn' });
    expect(result.names!.filter((n) => n.shown === 'name')).toHaveLength(lines.length - 1);
  });

  it('the inclusion proof of every entry of a pledge verifies against the signed root', async () => {
    const response = await request<{
      treeSize: number;
      rootHash: string;
      entries: { leafIndex: number; leafHash: string; auditPath: string[]; line: string; entry: { entityRef: string; details: Record<string, unknown> } }[];
    }>(twin, 'GET', `/v1/reports/${fundId}/${D2}/proof?ref=uh45-rndnq`);
    expect(response.status).toBe(200);
    const manifest = await manifestOf(D2);
    const keysFile = (await request<KeysFile>(twin, 'GET', '/v1/reports/keys.json')).body;
    const key = keysFile.keys.find((k) => k.keyId === manifest.keyId)!;
    expect(await verifySignature(key, signingPayload(manifest), manifest.signature)).toBe(true);
    expect(response.body.rootHash).toBe(manifest.rootHash);
    expect((response.body as unknown as { manifest: Manifest }).manifest).toEqual(manifest);
    const expected = seeded.slice(0, 85).filter((e) => e.entityRef === 'UH45RNDNQ' || e.publicDetails.pledgeRef === 'UH45RNDNQ');
    expect(response.body.entries).toHaveLength(expected.length);
    expect(response.body.entries.some((e) => e.entry.entityRef !== 'UH45RNDNQ')).toBe(true);
    for (const entry of response.body.entries) {
      const leaf = leafHash(utf8(entry.line), nodeHasher);
      expect(Buffer.from(leaf).toString('hex')).toBe(entry.leafHash);
      expect(verifyInclusion(leaf, entry.leafIndex, manifest.treeSize, entry.auditPath.map(fromHex), fromHex(manifest.rootHash), nodeHasher)).toBe(true);
    }
    expect((await request(twin, 'GET', `/v1/reports/${fundId}/${D2}/proof?ref=UHV1EWZE2`)).status).toBe(400);
    expect((await request(twin, 'GET', `/v1/reports/${fundId}/2020-01-01/proof?ref=UHV1EWZE1`)).status).toBe(404);
  });

  it('the consistency proof from night 1 to night 2 verifies; a rewritten night 1 does not', async () => {
    const response = await request<{ from: { treeSize: number; rootHash: string }; to: { treeSize: number; rootHash: string }; proof: string[] }>(
      twin,
      'GET',
      `/v1/reports/${fundId}/consistency?from=${D1}&to=${D2}`,
    );
    expect(response.status).toBe(200);
    const { from, to, proof } = response.body;
    expect(verifyConsistency(from.treeSize, to.treeSize, fromHex(from.rootHash), fromHex(to.rootHash), proof.map(fromHex), nodeHasher)).toBe(true);

    // Night 1 rebuilt without one of its entries, or with one amount changed: its root no longer fits night 2.
    for (const rewrite of [(e: JournalEntry[]) => e.slice(1), (e: JournalEntry[]) => e.map((x, i) => (i === 7 ? { ...x, deltas: { received: 1 } } : x))]) {
      const builder = new ReportBuilder({ hasher: nodeHasher });
      for (const entry of rewrite(seeded.slice(0, 40))) await builder.add(entry);
      const forged = await builder.finish();
      expect(forged.rootHash).not.toBe(from.rootHash);
      expect(verifyConsistency(forged.treeSize, to.treeSize, fromHex(forged.rootHash), fromHex(to.rootHash), proof.map(fromHex), nodeHasher)).toBe(false);
    }
  });

  it('verify-report fails on the chain when an earlier night is replaced by a re-signed rewrite', async () => {
    const copy = mkdtempSync(join(work, 'forged-'));
    await downloadReport(twin, fundId, D1, copy);
    await downloadReport(twin, fundId, D2, copy);
    // The forger even has the signing key: they rebuild night 1 without its first entry into a bucket-like store.
    const files = new Map<string, Uint8Array>();
    const store = memoryStore(files);
    const deps = nightlyReportDeps({
      store,
      names: store,
      journal: { pages: async function* () { yield seeded.slice(1, 40); } },
      checkDrift: undefined,
    });
    await runNightlyReports(deps, { date: D1, fundIds: [fundId] });
    for (const name of PUBLISHED_FILES) writeFileSync(join(copy, 'reports', fundId, D1, name), files.get(`reports/${fundId}/${D1}/${name}`)!);
    const night1 = await verifyReport(folderSource(join(copy, 'reports', fundId, D1)), { hasher: nodeHasher });
    expect(night1.ok).toBe(true);
    const night2 = await verifyReport(folderSource(join(copy, 'reports', fundId, D2)), { hasher: nodeHasher });
    expect(night2.failure).toMatchObject({ name: 'chain', file: `../${D1}/manifest.json` });
  });
});

describe('published reports never change', () => {
  it('refuses to publish the next night when an entry before the last cutoff was altered, and to re-publish the altered night', async () => {
    // An entry of night 2 (after night 1's cutoff): night 1 still checks, night 2 cannot be reproduced.
    const victim = seeded[50]!;
    const original = (await downloadReport(twin, fundId, D2, join(work, 'sealed')))['entries.jsonl']!;
    await twin.documentClient.send(
      new UpdateCommand({
        TableName: twin.tableName,
        Key: keys.journal(fundId, victim.entryId),
        UpdateExpression: 'SET deltas = :d',
        ExpressionAttributeValues: { ':d': { received: 1 } },
      }),
    );
    try {
      await expect(runNightly({ date: D3, fundIds: [fundId] })).rejects.toThrow(/no longer hash to the root published on 2025-09-02/);
      await expect(runNightly({ date: D2, fundIds: [fundId] })).rejects.toThrow(/2025-09-02 is already published and a rebuild differs in entries.jsonl, entries.csv/);
      // Night 1's entries are the prefix of night 2's tree: changing one breaks the chain check first.
      await twin.documentClient.send(
        new UpdateCommand({ TableName: twin.tableName, Key: keys.journal(fundId, seeded[3]!.entryId), UpdateExpression: 'SET wardCode = :w', ExpressionAttributeValues: { ':w': '99999' } }),
      );
      await expect(runNightly({ date: D2, fundIds: [fundId] })).rejects.toThrow(/first 40 entries no longer hash to the root published on 2025-09-01/);
      const after = (await downloadReport(twin, fundId, D2, join(work, 'sealed-after')))['entries.jsonl']!;
      expect(after.equals(original)).toBe(true);
      const listing = await request<{ items: { date: string }[] }>(twin, 'GET', `/v1/reports?fundId=${fundId}`);
      expect(listing.body.items.map((i) => i.date)).toEqual([D2, D1]);
    } finally {
      await twin.documentClient.send(
        new UpdateCommand({
          TableName: twin.tableName,
          Key: keys.journal(fundId, victim.entryId),
          UpdateExpression: 'SET deltas = :d',
          ExpressionAttributeValues: { ':d': victim.deltas },
        }),
      );
      await twin.documentClient.send(
        new UpdateCommand({ TableName: twin.tableName, Key: keys.journal(fundId, seeded[3]!.entryId), UpdateExpression: 'REMOVE wardCode' }),
      );
    }
    const third = await runNightly({ date: D3, fundIds: [fundId] });
    expect(third.results[0]).toMatchObject({ status: 'published', treeSize: 90 });
  });

  it('refuses to publish a night before one already published', async () => {
    await expect(runNightly({ date: '2025-08-31', fundIds: [fundId] })).rejects.toThrow(/cannot publish 2025-08-31 after/);
  });
});

describe('read API', () => {
  it('lists reports, serves files by redirect and the public keys', async () => {
    const list = await request<{ items: { date: string; treeSize: number; manifestSha256: string; files: Record<string, string> }[] }>(
      twin,
      'GET',
      `/v1/reports?fundId=${fundId}`,
    );
    expect(list.status).toBe(200);
    expect(list.body.items[0]!.date >= D2).toBe(true);
    const redirect = await fetch(`${twin.url}${list.body.items[0]!.files['summary.json']}`, { redirect: 'manual' });
    expect(redirect.status).toBe(302);
    expect(redirect.headers.get('location')).toMatch(/X-Amz-Signature=/);
    expect((await request(twin, 'GET', `/v1/reports?fundId=khong-co-quy`)).status).toBe(404);
    expect((await request(twin, 'GET', `/v1/reports/${fundId}/${D1}/files/secrets.txt`)).status).toBe(400);
    const keysFile = await request<KeysFile>(twin, 'GET', '/v1/reports/keys.json');
    expect(keysFile.body.keys[0]!.algorithm).toBe('Ed25519');
    expect(fromBase64(keysFile.body.keys[0]!.publicKey).length).toBe(44);
    const openapi = await request<{ paths: Record<string, unknown> }>(twin, 'GET', '/v1/openapi.json');
    expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/v1/reports', '/v1/reports/{fundId}/{date}/proof', '/v1/reports/{fundId}/consistency']));
  });

  it('lists nothing but the dated folders and latest/ under the fund', async () => {
    const folders = await nightlyReportDeps().store.listFolders(`reports/${fundId}/`);
    expect(folders.sort()).toEqual([D1, D2, D3, 'latest']);
    expect(readdirSync(work).length).toBeGreaterThan(0);
  });
});

function memoryStore(files: Map<string, Uint8Array>) {
  const toBytes = (body: Uint8Array | string) => (typeof body === 'string' ? utf8(body) : body);
  return {
    get: async (key: string) => files.get(key) ?? null,
    getRange: async (key: string, offset: number, length: number) => files.get(key)!.subarray(offset, offset + length),
    put: async (key: string, body: Uint8Array | string) => void files.set(key, toBytes(body)),
    writer: (key: string) => {
      const chunks: Uint8Array[] = [];
      return {
        write: (chunk: string | Uint8Array) => void chunks.push(toBytes(chunk)),
        close: async () => void files.set(key, Buffer.concat(chunks)),
        abort: async () => undefined,
      };
    },
    copy: async (from: string, to: string) => void files.set(to, files.get(from)!),
    listFolders: async (prefix: string) => [...new Set([...files.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length).split('/')[0]!))],
    presignGet: async (key: string) => key,
  };
}
