import { beforeEach, describe, expect, it } from 'vitest';
import { memoryReportObjects } from '../../../shared/adapters/memory';
import { newId } from '../../../shared/domain/ids';
import type { JournalEntry } from '../../../shared/domain/journal';
import { createPledge } from '../../../shared/usecases/pledges';
import { publishFundReport, PublishedReportChangedError, type NightlyReportDeps } from '../../../shared/usecases/nightly-report';
import { recordReceipt } from '../../../shared/usecases/receipts';
import { readJson } from '../../../shared/usecases/report-publication';
import { KEYS_KEY, LATEST, indexKey, reportKey } from '../../../shared/reports/layout';
import { hasNamelessLeaves, listedFiles, MANIFEST_FILE, type Manifest } from '../../../shared/reports/manifest';
import { NAMES_FILE } from '../../../shared/reports/names';
import { getConsistencyProof, getInclusionProofs, listReports } from '../../../shared/usecases/reports';
import { applyJournalBatch } from '../../../shared/usecases/totals-stream';
import { checkDrift } from '../../../shared/usecases/totals-drift';
import { ctx, memoryLedger, OPEN_FUND, type MemoryLedger } from '../../support/memory-ledger';
import { ephemeralSigner } from '../../support/signer';

const fundId = OPEN_FUND.fundId;

let ledger: MemoryLedger;
let deps: NightlyReportDeps;
beforeEach(() => {
  ledger = memoryLedger();
  deps = {
    journal: ledger.stores.journal,
    store: memoryReportObjects(),
    signer: ephemeralSigner(),
    funds: ledger.stores.funds,
    adminUnits: ledger.stores.adminUnits,
    checkDrift: (id, options) => checkDrift(ledger.stores, id, { ...options, attempts: 1 }),
  };
});

/** A pledge and its payment on the given day (Vietnam time, morning). */
async function dayOfGiving(day: string): Promise<string> {
  const now = new Date(`${day}T02:00:00Z`);
  const { body } = await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: 'Lê Thị Hồng' }, amount: 100_000, publishName: true }, ctx('public', undefined, now));
  await recordReceipt(ledger.stores, { fundId, amount: 100_000, receivedAt: `${day}T09:00:00+07:00`, method: 'bank', pledgeRef: body.ref }, ctx('staff:an', undefined, now));
  const entries = [];
  for await (const page of ledger.stores.journal.pages(fundId)) entries.push(...page);
  await applyJournalBatch(ledger.stores.counters, { stream: 'arn:stream', shardId: 'shardId-1' }, entries.map((entry, i) => ({ sequenceNumber: String(1000 + i), entry })));
  return body.ref;
}

describe('the nightly report on the in-memory stores', () => {
  it('publishes a signed report with the drift check, lists it, and proves a pledge is in it', async () => {
    const ref = await dayOfGiving('2025-09-01');
    const published = await publishFundReport(deps, OPEN_FUND, '2025-09-01');
    expect(published).toMatchObject({ status: 'published', treeSize: 2, driftedScopes: 0 });
    expect((await listReports(deps.store, ledger.stores.funds, fundId)).items.map((r) => r.date)).toEqual(['2025-09-01']);
    const proof = await getInclusionProofs(deps.store, { fundId, date: '2025-09-01', ref });
    // The pledge and the receipt that names it.
    expect(proof.entries.map((e) => e.entry.type)).toEqual(['PLEDGE_MADE', 'RECEIPT_RECORDED']);
    expect(proof.rootHash).toBe(published.rootHash);
  });

  it('proves one leaf by its index, as a certificate asks, and refuses an index past the tree', async () => {
    const ref = await dayOfGiving('2025-09-01');
    await publishFundReport(deps, OPEN_FUND, '2025-09-01');
    const byRef = await getInclusionProofs(deps.store, { fundId, date: '2025-09-01', ref });
    const receipt = byRef.entries.find((e) => e.entry.type === 'RECEIPT_RECORDED')!;
    const byLeaf = await getInclusionProofs(deps.store, { fundId, date: '2025-09-01', leaf: receipt.leafIndex });
    expect(byLeaf.entries).toHaveLength(1);
    expect(byLeaf.entries[0]).toEqual(receipt);
    await expect(getInclusionProofs(deps.store, { fundId, date: '2025-09-01', leaf: 2 })).rejects.toThrow(/no leaf 2/);
  });

  it('publishes a statement batch as one receipt leaf per gift, each found by the pledge it paid', async () => {
    const now = new Date('2025-09-01T02:00:00Z');
    const { body } = await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: 'Lê Thị Hồng' }, amount: 300_000, publishName: true }, ctx('public', undefined, now));
    const batch: JournalEntry = {
      entryId: newId(now.getTime() + 1000),
      fundId,
      type: 'STATEMENT_LINES_COUNTED',
      at: new Date(now.getTime() + 1000).toISOString(),
      day: '2025-09-01',
      actor: 'bank:01M8STATEMENT0000000000000',
      entityRef: '01M8STATEMENT0000000000000',
      entityType: 'statement',
      deltas: { received: 400_000, receiptCount: 2, donorCount: 1 },
      publicDetails: { statementId: '01M8STATEMENT0000000000000', firstLineNo: 1, lastLineNo: 2, receipts: 2 },
      lines: [
        { receiptId: '01M8STATEMENT0000000000001', lineNo: 1, amount: 300_000, donor: 'Lê Thị Hồng', pledgeRef: body.ref },
        { receiptId: '01M8STATEMENT0000000000002', lineNo: 2, amount: 100_000, donor: 'Nhà hảo tâm' },
      ],
    };
    await ledger.stores.transaction.commit([{ op: 'journal', entry: batch }]);
    const published = await publishFundReport(deps, OPEN_FUND, '2025-09-01');
    expect(published).toMatchObject({ status: 'published', treeSize: 3 });
    const proof = await getInclusionProofs(deps.store, { fundId, date: '2025-09-01', ref: body.ref });
    expect(proof.entries.map((e) => [e.entry.type, e.entry.deltas.received ?? 0])).toEqual([
      ['PLEDGE_MADE', 0],
      ['RECEIPT_RECORDED', 300_000],
    ]);
  });

  it('rebuilds a published date identically and writes nothing; a changed history is refused', async () => {
    await dayOfGiving('2025-09-01');
    const first = await publishFundReport(deps, OPEN_FUND, '2025-09-01');
    const again = await publishFundReport(deps, OPEN_FUND, '2025-09-01');
    expect(again).toMatchObject({ status: 'unchanged', manifestSha256: first.manifestSha256 });
    // A late entry dated inside the published day: history would change, so nothing is overwritten.
    await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name: 'X' }, amount: 1, publishName: false }, ctx('public', undefined, new Date('2025-09-01T05:00:00Z')));
    await expect(publishFundReport(deps, OPEN_FUND, '2025-09-01')).rejects.toBeInstanceOf(PublishedReportChangedError);
  });

  it('chains the next night to the last, with a consistency proof between them', async () => {
    await dayOfGiving('2025-09-01');
    const monday = await publishFundReport(deps, OPEN_FUND, '2025-09-01');
    await dayOfGiving('2025-09-02');
    const tuesday = await publishFundReport(deps, OPEN_FUND, '2025-09-02');
    expect(tuesday.treeSize).toBe(4);
    const proof = await getConsistencyProof(deps.store, { fundId, from: '2025-09-01', to: '2025-09-02' });
    expect(proof.from).toMatchObject({ treeSize: 2, rootHash: monday.rootHash });
    expect(proof.to).toMatchObject({ treeSize: 4, rootHash: tuesday.rootHash });
  });
});

describe('after the commit', () => {
  it('copies latest/ manifest last: after every file it lists and the night\'s names, after keys.json lists its key, and after the index', async () => {
    await dayOfGiving('2025-09-01');
    const store = deps.store;
    const order: string[] = [];
    // Each write lands a turn late, as a network call does, so writes started side by side overlap.
    const later = <T>(key: string, write: () => Promise<T>) =>
      new Promise<T>((resolve, reject) => setTimeout(() => write().then((value) => (order.push(key), resolve(value)), reject), 1));
    deps.store = {
      ...store,
      put: (key, ...rest) => later(key, () => store.put(key, ...rest)),
      copy: (from, to, ...rest) => later(to, () => store.copy(from, to, ...rest)),
    };
    await publishFundReport(deps, OPEN_FUND, '2025-09-01');
    const written = (key: string) => {
      expect(order, key).toContain(key);
      return order.indexOf(key);
    };
    const latestManifest = written(reportKey(fundId, LATEST, MANIFEST_FILE));
    const manifest = (await readJson<Manifest>(store, reportKey(fundId, '2025-09-01', MANIFEST_FILE)))!;
    for (const name of listedFiles(manifest)) expect(written(reportKey(fundId, LATEST, name)), name).toBeLessThan(latestManifest);
    expect(hasNamelessLeaves(manifest.format)).toBe(true);
    expect(written(reportKey(fundId, LATEST, NAMES_FILE))).toBeLessThan(latestManifest);
    expect(written(KEYS_KEY)).toBeLessThan(latestManifest);
    expect(written(indexKey(fundId))).toBeLessThan(latestManifest);
  });
});
