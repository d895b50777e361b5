/**
 * The twin itself killed with SIGKILL and started again on the same data: its HTTP handlers, its
 * stream consumer and its statement importer die mid-work, as a Lambda container does when it
 * runs out of memory. DynamoDB Local and the S3 emulator live on. The twin runs in a child
 * process (test/support/twin-process.ts) so that it can be killed.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort, LOCAL_CREDENTIALS, startS3Emulator, type RunningService } from '../../infra/local/services';
import { seedFunds } from '../../infra/local/seed';
import { LOCAL_NAMES, PROJECT_ROOT, type TwinOptions } from '../../infra/local/twin';
import { stores } from '../../shared/adapters/dynamo';
import { checkDrift } from '../../shared/usecases/totals-drift';
import { request, type JsonResponse } from '../support/twin';

interface ChildTwin {
  process: ChildProcess;
  url: string;
  clerk: Record<string, string>;
}

const dataDir = mkdtempSync(join(tmpdir(), 'sovang-twin-kill-'));
const tableName = process.env.TABLE_NAME!;
let s3: RunningService;
let port: number;
let running: ChildTwin | undefined;

/** Starts the twin in a child process on the file's table and data directory; resolves when it serves. */
function startChild(): Promise<ChildTwin> {
  const options: TwinOptions = {
    dataDir,
    port,
    dynamoEndpoint: process.env.DYNAMODB_ENDPOINT,
    s3Endpoint: s3.endpoint,
    tableName,
    streams: { pollIntervalMs: 100 },
    bucketEvents: { pollIntervalMs: 100 },
  };
  // A short lease, so the import a killed twin held is taken over within the test's time.
  const env = { ...process.env, SOVANG_TEST_TWIN: JSON.stringify(options), STATEMENT_LEASE_SECONDS: '4' };
  const child = spawn(process.execPath, ['--import', 'tsx', 'test/support/twin-process.ts'], { cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => reject(new Error(`the twin did not start in 90 s:\n${err.slice(-2000)}`)), 90_000);
    child.stderr!.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const ready = /^READY (.+)$/m.exec(out);
      if (!ready) return;
      clearTimeout(timer);
      const { url, clerk } = JSON.parse(ready[1]!) as { url: string; clerk: string };
      resolve({ process: child, url, clerk: { authorization: `Bearer ${clerk}` } });
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the twin exited with ${code} before it served:\n${err.slice(-2000)}`));
    });
  });
}

async function kill(twin: ChildTwin): Promise<void> {
  const exited = new Promise((resolve) => twin.process.once('exit', resolve));
  twin.process.kill('SIGKILL');
  await exited;
}

const documentClient = DynamoDBDocumentClient.from(new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: 'ap-southeast-1', credentials: LOCAL_CREDENTIALS }));

async function itemsOf(kind: string, match: { fundId: string } | { statementId: string }): Promise<Record<string, unknown>[]> {
  const [attribute, value] = Object.entries(match)[0]!;
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await documentClient.send(
      new ScanCommand({ TableName: tableName, FilterExpression: '#k = :k AND #a = :v', ExpressionAttributeNames: { '#k': 'kind', '#a': attribute }, ExpressionAttributeValues: { ':k': kind, ':v': value }, ExclusiveStartKey, ConsistentRead: true }),
    );
    items.push(...(page.Items ?? []));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

beforeAll(async () => {
  s3 = await startS3Emulator({ dir: join(dataDir, 's3'), buckets: Object.values(LOCAL_NAMES.buckets) });
  port = await freePort();
}, 60_000);

afterAll(async () => {
  if (running) await kill(running);
  await s3?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the twin killed with SIGKILL and started again on its data', () => {
  it('loses no acknowledged pledge, makes none twice when the unanswered are sent again, and its totals catch up exactly', { timeout: 240_000 }, async () => {
    const fundId = 'cuba-2025';
    running = await startChild();
    const twin = running;
    type Attempt = { key: string; body: Record<string, unknown>; answer?: JsonResponse<{ ref?: string }> };
    const attempts: Attempt[] = [];
    let killed = false;
    const worker = async (w: number) => {
      for (let i = 0; !killed; i++) {
        const attempt: Attempt = { key: randomUUID(), body: { fundId, donor: { type: 'individual', name: `Người gửi ${w}-${i}` }, amount: 100_000 + w * 1_000 + i, publishName: false } };
        attempts.push(attempt);
        try {
          attempt.answer = await request<{ ref?: string }>(twin, 'POST', '/v1/pledges', { body: attempt.body, headers: { 'idempotency-key': attempt.key } });
        } catch {
          return; // The twin is gone: this request has no answer.
        }
      }
    };
    const burst = Promise.all(Array.from({ length: 12 }, (_, w) => worker(w)));
    while (attempts.filter((a) => a.answer).length < 60) await new Promise((r) => setTimeout(r, 20));
    killed = true;
    await kill(twin);
    await burst;

    const acknowledged = attempts.filter((a) => a.answer);
    const unanswered = attempts.filter((a) => !a.answer);
    expect(acknowledged.map((a) => a.answer!.status).filter((s) => s !== 201)).toEqual([]);
    expect(unanswered.length).toBeGreaterThan(0);

    const restartedAt = Date.now();
    running = await startChild();
    const restartMs = Date.now() - restartedAt;
    // The client sends every unanswered request again, with its key: each gets one pledge.
    for (const attempt of unanswered) {
      attempt.answer = await request<{ ref?: string }>(running, 'POST', '/v1/pledges', { body: attempt.body, headers: { 'idempotency-key': attempt.key } });
      expect(attempt.answer.status, JSON.stringify(attempt.answer.body)).toBe(201);
    }
    const refs = attempts.map((a) => a.answer!.body.ref!);
    expect(new Set(refs).size).toBe(attempts.length);
    for (const attempt of acknowledged) {
      const pledge = await request<{ amount?: number }>(running, 'GET', `/v1/pledges/${attempt.answer!.body.ref}`);
      expect(pledge.status).toBe(200);
      expect(pledge.body.amount).toBe(attempt.body.amount);
    }
    const pledges = await itemsOf('PLEDGE', { fundId });
    expect(pledges.map((p) => p.ref).sort()).toEqual([...refs].sort());
    expect((await itemsOf('JOURNAL', { fundId })).filter((e) => e.type === 'PLEDGE_MADE')).toHaveLength(attempts.length);

    // The stream consumer died with the twin; the new one carries on from its checkpoints.
    const drift = await checkDrift(stores, fundId, { attempts: 40, delayMs: 500 });
    expect(drift.ok, JSON.stringify(drift)).toBe(true);
    console.info(`[twin-kill] pledges: ${attempts.length} sent, ${acknowledged.length} acknowledged before the kill, ${unanswered.length} sent again; restart ${restartMs} ms; drift 0`);
  });

  it('carries an interrupted statement import on to its end: every row counted once, the money whole, the totals exact', { timeout: 300_000 }, async () => {
    const fundId = 'sao-ke-kill';
    const account = '100000000077';
    // The twin makes the table: started first, this test stands on its own.
    running ??= await startChild();
    await seedFunds(documentClient, tableName, [
      {
        fundId,
        name: { vi: 'Quỹ thử dừng đột ngột', en: 'Kill test fund' },
        description: { vi: 'Quỹ dùng cho kiểm thử', en: 'A fund for tests' },
        currency: 'VND',
        bankAccount: { bankBin: '970436', bankName: 'Vietcombank', accountNumber: account, accountName: 'TEST KILL' },
        opensOn: '2024-09-01',
        status: 'OPEN',
      },
    ]);
    const lineCount = 4_000;
    // Hundreds of identical 100,000 ₫ gifts, as a viral day brings: told apart by their bank references.
    const amountOf = (i: number) => (i % 3 === 0 ? 100_000 : 50_000 + i);
    const rows = Array.from({ length: lineCount }, (_, i) => ['15/09/2024', `KILL${String(i).padStart(5, '0')}`, '', amountOf(i).toLocaleString('de-DE'), '', `ung ho dong bao ${i}`].join(','));
    const csv = ['TNXDate,DocNo,Debit,Credit,Balance,Transactions in Detail', ...rows].join('\r\n');
    const expectedCredits = Array.from({ length: lineCount }, (_, i) => amountOf(i)).reduce((a, b) => a + b, 0);
    const uploaded = await request<{ id: string }>(running, 'POST', `/v1/statements?${new URLSearchParams({ fundId, fileName: 'sao-ke-kill.csv' })}`, {
      rawBody: csv,
      headers: { ...running.clerk, 'content-type': 'text/csv', 'idempotency-key': randomUUID() },
    });
    expect(uploaded.status, JSON.stringify(uploaded.body)).toBe(202);
    const id = uploaded.body.id;
    type View = { status: string; progress: { linesProcessed: number }; summary?: Record<string, { count: number; credited?: number; credits?: { amount: number } }> };
    const view = async (twin: ChildTwin) => (await request<View>(twin, 'GET', `/v1/statements/${id}`, { headers: twin.clerk })).body;

    // The bucket event starts the import; the twin dies once part of it is booked.
    let before = await view(running);
    const deadline = Date.now() + 120_000;
    while (before.progress.linesProcessed < 500 && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50));
      before = await view(running);
    }
    await kill(running);
    expect(before.status).toBe('IMPORTING');
    expect(before.progress.linesProcessed).toBeGreaterThan(0);
    expect(before.progress.linesProcessed).toBeLessThan(lineCount);

    const restartedAt = Date.now();
    running = await startChild();
    let after = await view(running);
    while (after.status !== 'COMPLETED' && Date.now() - restartedAt < 240_000) {
      await new Promise((r) => setTimeout(r, 250));
      after = await view(running);
    }
    const resumeMs = Date.now() - restartedAt;
    expect(after.status).toBe('COMPLETED');
    const summary = after.summary!;
    expect(summary.counted!.count + summary.held!.count + summary.duplicates!.count).toBe(lineCount);
    expect(summary.duplicates!.count).toBe(0);
    expect(summary.counted!.credits!.amount + summary.held!.credited!).toBe(expectedCredits);
    // Every line is booked once, in one batch: none lost at the kill, none booked twice after it.
    const batches = await itemsOf('STATEMENT_BATCH', { statementId: id });
    const lineNos = batches.flatMap((batch) => (JSON.parse(String(batch.linesJson)) as { lineNo: number }[]).map((line) => line.lineNo));
    expect(lineNos).toHaveLength(lineCount);
    expect(new Set(lineNos).size).toBe(lineCount);
    const drift = await checkDrift(stores, fundId, { attempts: 40, delayMs: 500 });
    expect(drift.ok, JSON.stringify(drift)).toBe(true);
    console.info(`[twin-kill] statement: ${lineCount} lines, killed at ${before.progress.linesProcessed} booked; completed ${resumeMs} ms after the restart; drift 0`);
  });
});
