/**
 * The report signing key rotates (docs/DEPLOY.md, "Rotating the report signing key"): a night
 * signed with the new key chains to the last night of the old one, keys.json keeps both, and a
 * reader who pins both fingerprints verifies every night, while one who pins only the old key is
 * told the new night is signed by a key they do not trust. Once the old key is retired, a night
 * it signs from then on is refused, naming keys.json, and the nights before still verify.
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
import { retireReportKey } from '../../shared/usecases/report-keys';
import { reportStore } from '../../shared/adapters/s3/report-store';
import { journalEntry, seedTestFund, writeJournal } from '../support/reports';
import { request, startTestTwin } from '../support/twin';

const D1 = '2025-10-01';
const D2 = '2025-10-02';
const D3 = '2025-10-03';

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
  it('chains the new key’s first night to the old key’s last; both verify with both pinned, pinning only the old key fails the new night, and a night the old key signs after its retirement fails naming keys.json', async () => {
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

    // Each key's dates: from the first night it signed.
    expect(published.keys.find((k) => k.keyId === oldId)).toMatchObject({ validFrom: D1 });
    expect(published.keys.find((k) => k.keyId === newId)).toMatchObject({ validFrom: D2 });

    // The old key signs one more night, then is retired from the new key's first night: that
    // night fails, naming keys.json, and the nights before and after the change still verify.
    await runNightlyReports(nightlyReportDeps({ signer: oldKey, checkDrift: undefined }), { date: D3, fundIds: [fundId] });
    expect((await verifyReport(night(D3), { hasher: nodeHasher, pinnedKeyIds: both })).ok).toBe(true);
    await expect(retireReportKey({ store: reportStore(), signer: oldKey, hasher: nodeHasher }, D1)).rejects.toThrow(/cannot retire on or before/);
    await retireReportKey({ store: reportStore(), signer: oldKey, hasher: nodeHasher }, D2);
    const late = await verifyReport(night(D3), { hasher: nodeHasher, pinnedKeyIds: both });
    expect(late.failure).toMatchObject({ file: 'keys.json', detail: expect.stringContaining(`key ${oldId} was retired on ${D2}`) });
    for (const date of [D1, D2]) expect((await verifyReport(night(date), { hasher: nodeHasher, pinnedKeyIds: both })).failure, date).toBeUndefined();

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
