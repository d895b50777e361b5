/**
 * The S3 emulator goes down in the middle of the nightly report. The job must fail loudly (the
 * invocation throws, so the scheduler retries and the alarm fires, and the failure is logged),
 * publish nothing that looks complete, and, once S3 is back, a re-run must publish files
 * byte-identical to those of a run that never saw the outage.
 *
 * The emulator is this file's own, so stopping it disturbs no other test file.
 */
import { createHash, randomUUID } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { GetObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { freePort, LOCAL_CREDENTIALS, startS3Emulator, type RunningService } from '../../infra/local/services';
import { LOCAL_NAMES, PROJECT_ROOT, type Twin } from '../../infra/local/twin';
import { runNightly } from '../../functions/reports/nightly';
import { nightlyReportDeps } from '../../functions/reports/nightly-deps';
import { s3 } from '../../shared/adapters/s3/client';
import { s3ReportStore } from '../../shared/adapters/s3/report-store';
import type { JournalEntry } from '../../shared/domain/journal';
import { logger } from '../../shared/observability';
import { PUBLISHED_FILES } from '../../shared/reports/manifest';
import { runNightlyReports } from '../../shared/usecases/nightly-report';
import { journalEntry, seedTestFund, writeJournal } from '../support/reports';
import { request, startTestTwin } from '../support/twin';

const D1 = '2025-10-01';
const D2 = '2025-10-02';
const BUCKETS = Object.values(LOCAL_NAMES.buckets);
const dirs: string[] = [];

let twin: Twin;
let fundId: string;
let emulator: RunningService;
let port: number;
let dir: string;

async function startEmulator(options: { port?: number; dir?: string } = {}): Promise<RunningService> {
  const folder = options.dir ?? join(PROJECT_ROOT, '.data', 'test', `s3-faults-${process.pid}-${randomUUID().slice(0, 8)}`);
  dirs.push(folder);
  return startS3Emulator({ port: options.port, dir: folder, buckets: BUCKETS });
}

function clientFor(endpoint: string): S3Client {
  return new S3Client({ region: process.env.AWS_REGION, endpoint, forcePathStyle: true, credentials: LOCAL_CREDENTIALS });
}

/** SHA-256 of every object of this fund's reports, and of keys.json, by key. */
async function publishedHashes(client: S3Client): Promise<Record<string, string>> {
  const hashes: Record<string, string> = {};
  const bucket = process.env.REPORTS_BUCKET!;
  for (const prefix of [`reports/${fundId}/`, 'reports/keys.json']) {
    let ContinuationToken: string | undefined;
    do {
      const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken }));
      for (const { Key } of page.Contents ?? []) {
        const object = await client.send(new GetObjectCommand({ Bucket: bucket, Key }));
        hashes[Key!] = createHash('sha256').update(await object.Body!.transformToByteArray()).digest('hex');
      }
      ContinuationToken = page.IsTruncated ? page.NextContinuationToken : undefined;
    } while (ContinuationToken);
  }
  return hashes;
}

function day(date: string, offset: number): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (let i = 0; i < 24; i++) {
    const at = new Date(`${date}T${String(8 + Math.floor(i / 6)).padStart(2, '0')}:${String((i % 6) * 10).padStart(2, '0')}:00+07:00`).toISOString();
    const ref = ['UHV1EWZE1', 'UH45RNDNQ', 'UH628XGG2'][i % 3]!;
    if (i % 3 === 0) {
      entries.push(
        journalEntry(fundId, at, {
          type: 'PLEDGE_MADE',
          entityRef: ref,
          entityType: 'pledge',
          actor: 'public',
          deltas: { pledged: 200_000 + offset + i, pledgeCount: 1, donorCount: 1 },
          publicDetails: { donor: 'Nhà hảo tâm', donorType: 'individual' },
        }),
      );
    } else if (i % 8 === 7) {
      entries.push(
        journalEntry(fundId, at, {
          type: 'DISBURSEMENT_APPROVED',
          entityRef: 'GN4EWMWNP',
          entityType: 'disbursement',
          wardCode: '26734',
          deltas: { approved: 30_000 },
          publicDetails: { wardCode: '26734', purpose: 'Hỗ trợ hộ nghèo', amount: 30_000 },
        }),
      );
    } else {
      entries.push(
        journalEntry(fundId, at, {
          type: 'RECEIPT_RECORDED',
          entityRef: randomUUID().slice(0, 8),
          entityType: 'receipt',
          deltas: { received: 100_000 + offset + i, receiptCount: 1 },
          publicDetails: { donor: 'Nhà hảo tâm', method: 'bank', pledgeRef: ref },
        }),
      );
    }
  }
  return entries;
}

/** Stops the emulator just before the job writes `name` of `date`: the data files are up, the rest is not. */
function stopEmulatorBefore(date: string, name: string): { tripped: () => boolean } {
  let tripped = false;
  s3().middlewareStack.add(
    (next, context) => async (args) => {
      const key = (args.input as { Key?: string }).Key;
      if (!tripped && context.commandName === 'PutObjectCommand' && key === `reports/${fundId}/${date}/${name}`) {
        tripped = true;
        await emulator.stop();
      }
      return next(args);
    },
    { step: 'initialize', name: 'emulatorOutage', override: true },
  );
  return { tripped: () => tripped };
}

beforeAll(async () => {
  port = await freePort();
  dir = join(PROJECT_ROOT, '.data', 'test', `s3-faults-${process.pid}`);
  emulator = await startEmulator({ port, dir });
  twin = await startTestTwin({ streams: true, s3Endpoint: emulator.endpoint });
  fundId = `s3-down-${randomUUID().slice(0, 8)}`;
  await seedTestFund(twin, fundId);
  await writeJournal(twin, [...day(D1, 0), ...day(D2, 1000)]);
  await twin.waitForTotals(60_000);
}, 180_000);

afterAll(async () => {
  s3().middlewareStack.remove('emulatorOutage');
  await twin?.stop();
  await emulator?.stop().catch(() => undefined);
  for (const folder of dirs) rmSync(folder, { recursive: true, force: true });
});

describe('the S3 emulator is down during the report', () => {
  it('fails loudly, publishes nothing as if complete, and a re-run after recovery is byte-identical to a clean run', async () => {
    const published = await runNightly({ date: D1, fundIds: [fundId] });
    expect(published.results.map((r) => r.status)).toEqual(['published']);
    const d1Manifest = (await publishedHashes(s3()))[`reports/${fundId}/${D1}/manifest.json`];
    expect(d1Manifest).toBeDefined();

    // Night 2: S3 goes away after the data files, before the summary, page and manifest.
    const outage = stopEmulatorBefore(D2, 'summary.json');
    const errorLog = vi.spyOn(logger, 'error');
    await expect(runNightly({ date: D2, fundIds: [fundId] })).rejects.toThrow(new RegExp(`Reports failed for ${fundId} \\(The report store cannot be reached`));
    expect(outage.tripped()).toBe(true);
    expect(errorLog).toHaveBeenCalledWith('nightly reports failed', expect.objectContaining({ date: D2, failures: [expect.objectContaining({ fundId })] }));
    errorLog.mockRestore();
    s3().middlewareStack.remove('emulatorOutage');

    // The scheduler's retry while S3 is still down fails the same way, and writes nothing either.
    await expect(runNightly({ date: D2, fundIds: [fundId] })).rejects.toThrow(/The report store cannot be reached \(list: ECONNREFUSED\)/);

    // S3 is back, on the same port and the same files.
    emulator = await startEmulator({ port, dir });
    const afterOutage = await publishedHashes(s3());
    const d2Written = Object.keys(afterOutage).filter((key) => key.startsWith(`reports/${fundId}/${D2}/`));
    // The data files were written before the outage: a partial folder without its manifest.
    expect(d2Written.length).toBeGreaterThan(0);
    expect(d2Written).not.toContain(`reports/${fundId}/${D2}/manifest.json`);
    // What readers see is still night 1: latest/, the index, and no file of night 2 is served.
    expect(afterOutage[`reports/${fundId}/latest/manifest.json`]).toBe(d1Manifest);
    const list = await request<{ items: { date: string }[] }>(twin, 'GET', `/v1/reports?fundId=${fundId}`);
    expect(list.status).toBe(200);
    expect(list.body.items.map((item) => item.date)).toEqual([D1]);
    for (const name of ['manifest.json', 'entries.jsonl'] as const) {
      expect((await request(twin, 'GET', `/v1/reports/${fundId}/${D2}/files/${name}`)).status).toBe(404);
    }

    // The re-run publishes night 2, chained to night 1; one more re-run changes nothing.
    const rerun = await runNightly({ date: D2, fundIds: [fundId] });
    expect(rerun.results.map((r) => r.status)).toEqual(['published']);
    const again = await runNightly({ date: D2, fundIds: [fundId] });
    expect(again.results).toEqual([{ ...rerun.results[0]!, status: 'unchanged' }]);
    const recovered = await publishedHashes(s3());
    for (const name of PUBLISHED_FILES) expect(recovered[`reports/${fundId}/${D2}/${name}`], name).toBeDefined();
    expect(recovered[`reports/${fundId}/latest/manifest.json`]).toBe(recovered[`reports/${fundId}/${D2}/manifest.json`]);

    // A clean run of both nights on a fresh emulator that never went down: the same bytes, everywhere.
    const fresh = await startEmulator();
    const freshClient = clientFor(fresh.endpoint);
    try {
      const deps = nightlyReportDeps({
        store: s3ReportStore(process.env.REPORTS_BUCKET!, () => freshClient),
        names: s3ReportStore(process.env.NAMES_BUCKET!, () => freshClient),
      });
      for (const date of [D1, D2]) {
        const clean = await runNightlyReports(deps, { date, fundIds: [fundId] });
        expect(clean.failures).toEqual([]);
      }
      const cleanHashes = await publishedHashes(freshClient);
      expect(Object.keys(cleanHashes).length).toBeGreaterThanOrEqual(2 * PUBLISHED_FILES.length);
      expect(recovered).toEqual(cleanHashes);
    } finally {
      freshClient.destroy();
      await fresh.stop();
    }
  });
});
