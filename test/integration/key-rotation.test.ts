/**
 * The report signing key rotates (docs/DEPLOY.md, "Rotating the report signing key"): a night
 * signed with the new key chains to the last night of the old one, keys.json keeps both, and a
 * reader who pins both fingerprints verifies every night, while one who pins only the old key is
 * told the new night is signed by a key they do not trust.
 */
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Twin } from '../../infra/local/twin';
import { main as verifyReportCli, urlSource } from '../../infra/local/verify-report';
import { nightlyReportDeps } from '../../functions/reports/nightly-deps';
import { localSigner } from '../../shared/adapters/signing/local';
import { keyFingerprint, type KeysFile } from '../../shared/reports/manifest';
import { nodeHasher } from '../../shared/reports/node-hash';
import { verifyReport } from '../../shared/reports/verify';
import { runNightlyReports } from '../../shared/usecases/nightly-report';
import { journalEntry, seedTestFund, writeJournal } from '../support/reports';
import { request, startTestTwin } from '../support/twin';

const D1 = '2025-10-01';
const D2 = '2025-10-02';

let twin: Twin;
let work: string;
beforeAll(async () => {
  twin = await startTestTwin();
  work = mkdtempSync(join(tmpdir(), 'sovang-rotation-'));
});
afterAll(async () => {
  await twin?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe('rotating the report signing key', () => {
  it('chains the new key’s first night to the old key’s last; both verify with both pinned, and pinning only the old key fails the new night', async () => {
    const fundId = `xoay-khoa-${randomUUID().slice(0, 8)}`;
    await seedTestFund(twin, fundId);
    const pledge = (date: string, ref: string) =>
      journalEntry(fundId, new Date(`${date}T09:00:00+07:00`).toISOString(), { type: 'PLEDGE_MADE', entityRef: ref, entityType: 'pledge', actor: 'public', deltas: { pledged: 200_000, pledgeCount: 1, donorCount: 1 }, publicDetails: { donor: 'Nhà hảo tâm', donorType: 'individual' } });
    await writeJournal(twin, [pledge(D1, 'UHV1EWZE1'), pledge(D2, 'UH45RNDNQ')]);

    const oldKey = localSigner(join(work, 'old-key.pem'));
    const newKey = localSigner(join(work, 'new-key.pem'));
    const oldId = keyFingerprint(await oldKey.publicKey(), nodeHasher);
    const newId = keyFingerprint(await newKey.publicKey(), nodeHasher);
    expect(oldId).not.toBe(newId);
    await runNightlyReports(nightlyReportDeps({ signer: oldKey, checkDrift: undefined }), { date: D1, fundIds: [fundId] });
    await runNightlyReports(nightlyReportDeps({ signer: newKey, checkDrift: undefined }), { date: D2, fundIds: [fundId] });

    const published = (await request<KeysFile>(twin, 'GET', '/v1/reports/keys.json')).body;
    expect(published.keys.map((k) => k.keyId)).toEqual(expect.arrayContaining([oldId, newId]));

    const url = (date: string) => `${twin.url}/v1/reports/${fundId}/${date}/files/`;
    const night = (date: string) => urlSource(url(date));
    const both = [oldId, newId];
    const first = await verifyReport(night(D1), { hasher: nodeHasher, pinnedKeyIds: both });
    expect(first.ok, first.failure?.detail).toBe(true);
    expect(first.manifest!.keyId).toBe(oldId);
    // The new key's first night checks its chain link to the old key's night, as any night does.
    const second = await verifyReport(night(D2), { hasher: nodeHasher, pinnedKeyIds: both });
    expect(second.ok, second.failure?.detail).toBe(true);
    expect(second.manifest!.keyId).toBe(newId);
    expect(second.checks.map((c) => c.name)).toContain('chain');

    const stale = await verifyReport(night(D2), { hasher: nodeHasher, pinnedKeyIds: [oldId] });
    expect(stale.failure).toMatchObject({ name: 'signature', detail: expect.stringContaining(`signed by key ${newId}, which is not a pinned fingerprint`) });

    const quiet = { log: console.log, error: console.error };
    console.log = console.error = () => undefined;
    try {
      expect(await verifyReportCli([url(D2), '--fingerprint', `${oldId},${newId}`])).toBe(0);
      expect(await verifyReportCli([url(D2), '--fingerprint', oldId])).toBe(1);
    } finally {
      Object.assign(console, quiet);
    }
  });
});
