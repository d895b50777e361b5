/**
 * Totals through the twin: pledges posted over HTTP reach the counters through DynamoDB Local's
 * stream and the poller, and the poller's own checkpoint survives restarts. Also the poller's
 * Lambda semantics (partial failures, bisection, retries, the on-failure file) with a stand-in handler.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import type { DynamoDBTumblingWindowEvent } from '../../shared/stream/tumbling-window';
import { afterAll, describe, expect, it } from 'vitest';
import { ensureTable } from '../../infra/local/provision';
import { LOCAL_CREDENTIALS } from '../../infra/local/services';
import { startStreamPoller } from '../../infra/local/stream-poller';
import type { Twin } from '../../infra/local/twin';
import { journalItem } from '../../shared/adapters/dynamo/items/journal';
import { newId } from '../../shared/domain/ids';
import { vietnamDay, type JournalEntry } from '../../shared/domain/journal';
import { streamConsumers } from '../../shared/resources';
import { request, startTestTwin } from '../support/twin';

const stateDir = mkdtempSync(join(tmpdir(), 'sovang-totals-'));
afterAll(() => rmSync(stateDir, { recursive: true, force: true }));

const streams = { checkpointDir: join(stateDir, 'checkpoints'), failureDir: join(stateDir, 'failures'), batchingWindowMs: 200, pollIntervalMs: 50 };

interface FundBody {
  totals: { pledged: number; pledgeCount: number; donorCount: number; approved: number; available: number };
}

async function pledge(twin: Twin, fundId: string, amount: number) {
  const response = await request(twin, 'POST', '/v1/pledges', {
    body: { fundId, donor: { type: 'individual', name: 'Trần Thị Mai' }, amount, publishName: true },
    headers: { 'idempotency-key': randomUUID() },
  });
  expect(response.status).toBe(201);
}

function approval(fundId: string, wardCode: string, approved: number): JournalEntry {
  const at = new Date().toISOString();
  return {
    entryId: newId(),
    fundId,
    type: 'DISBURSEMENT_APPROVED',
    at,
    day: vietnamDay(at),
    actor: 'staff:lan',
    entityRef: 'GNTEST',
    entityType: 'disbursement',
    wardCode,
    deltas: { approved },
    publicDetails: {},
  };
}

describe('totals in the running twin', { timeout: 180_000 }, () => {
  it('shows posted pledges in the fund, per day and per ward once the stream is read', async () => {
    const twin = await startTestTwin({ streams });
    try {
      const before = (await request<FundBody>(twin, 'GET', '/v1/funds/lu-lut-2024')).body.totals;
      await pledge(twin, 'lu-lut-2024', 300_000);
      await pledge(twin, 'lu-lut-2024', 200_000);
      await twin.documentClient.send(new PutCommand({ TableName: twin.tableName, Item: journalItem(approval('lu-lut-2024', '26734', 150_000)) }));
      await twin.waitForTotals();

      const fund = await request<FundBody>(twin, 'GET', '/v1/funds/lu-lut-2024');
      expect(fund.body.totals.pledged - before.pledged).toBe(500_000);
      expect(fund.body.totals.pledgeCount - before.pledgeCount).toBe(2);
      expect(fund.body.totals.approved - before.approved).toBe(150_000);

      const days = await request<{ fundId: string; items: { day: string; totals: FundBody['totals'] }[] }>(twin, 'GET', '/v1/funds/lu-lut-2024/days');
      expect(days.status).toBe(200);
      expect(days.headers.get('cache-control')).toMatch(/max-age=\d+/);
      const today = vietnamDay(new Date().toISOString());
      expect(days.body.items.find((d) => d.day === today)?.totals.pledged).toBeGreaterThanOrEqual(500_000);
      const ranged = await request<{ items: unknown[] }>(twin, 'GET', `/v1/funds/lu-lut-2024/days?from=2000-01-01&to=2000-12-31`);
      expect(ranged.body.items).toEqual([]);
      expect((await request(twin, 'GET', '/v1/funds/lu-lut-2024/days?from=2025-09-02&to=2025-09-01')).status).toBe(400);

      const wards = await request<{ items: { wardCode: string; totals: FundBody['totals'] }[] }>(twin, 'GET', '/v1/funds/lu-lut-2024/wards');
      expect(wards.status).toBe(200);
      expect(wards.headers.get('cache-control')).toMatch(/max-age=\d+/);
      expect(wards.body.items).toEqual([expect.objectContaining({ wardCode: '26734', totals: expect.objectContaining({ approved: 150_000, available: -150_000 }) })]);

      expect((await request(twin, 'GET', '/v1/funds/khong-co/wards')).status).toBe(404);
      const openapi = await request<{ paths: Record<string, unknown> }>(twin, 'GET', '/v1/openapi.json');
      expect(Object.keys(openapi.body.paths)).toEqual(expect.arrayContaining(['/v1/funds/{fundId}/wards', '/v1/funds/{fundId}/days']));
    } finally {
      await twin.stop();
    }
  });

  it('resumes from its checkpoint after a restart, and a lost checkpoint replays harmlessly', async () => {
    const first = await startTestTwin({ streams });
    await first.waitForTotals();
    const start = (await request<FundBody>(first, 'GET', '/v1/funds/vi-nguoi-ngheo')).body.totals.pledged;
    await pledge(first, 'vi-nguoi-ngheo', 100_000);
    await first.waitForTotals();
    await first.stop();

    // Written while no poller runs: the next one must pick it up, and only it.
    const offline = await startTestTwin({ streams: false });
    await pledge(offline, 'vi-nguoi-ngheo', 20_000);
    await offline.stop();

    const second = await startTestTwin({ streams });
    try {
      await second.waitForTotals();
      expect(second.pollers.get('Totals')!.stats().recordsDelivered).toBe(1);
      expect((await request<FundBody>(second, 'GET', '/v1/funds/vi-nguoi-ngheo')).body.totals.pledged).toBe(start + 120_000);
    } finally {
      await second.stop();
    }

    rmSync(streams.checkpointDir, { recursive: true, force: true });
    const third = await startTestTwin({ streams });
    try {
      await third.waitForTotals();
      // From TRIM_HORIZON: every journal insert of the table again, and the checkpoints turn them away.
      expect(third.pollers.get('Totals')!.stats().recordsDelivered).toBeGreaterThanOrEqual(2);
      expect((await request<FundBody>(third, 'GET', '/v1/funds/vi-nguoi-ngheo')).body.totals.pledged).toBe(start + 120_000);
    } finally {
      await third.stop();
    }
  });
});

describe('the local event source mapping', { timeout: 120_000 }, () => {
  it('bisects, retries, resumes after partial failures, and gives up on a poison record into the failure file', async () => {
    const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: process.env.AWS_REGION, credentials: LOCAL_CREDENTIALS });
    const documentClient = DynamoDBDocumentClient.from(client);
    const table = `esm-${randomUUID().slice(0, 8)}`;
    const { streamArn } = await ensureTable(client, table);
    const entries = Array.from({ length: 12 }, (_, i) => ({ ...approval('f-esm', String(26_000 + i), i + 1), entityRef: `E${i}` }));
    for (const entry of entries) await documentClient.send(new PutCommand({ TableName: table, Item: journalItem(entry) }));
    // Not a journal insert: the filter keeps it away from the handler.
    await documentClient.send(new PutCommand({ TableName: table, Item: { pk: 'PLEDGE#1', sk: 'META', kind: 'PLEDGE' } }));

    const handled: string[] = [];
    const batches: string[][] = [];
    let partialOnce = true;
    const refOf = (r: DynamoDBRecord) => r.dynamodb!.NewImage!.entityRef!.S!;
    const handler = async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
      const refs = event.Records.map(refOf);
      batches.push(refs);
      if (refs.includes('E7')) {
        if (refs.length > 1) throw new Error('poison in the batch');
        return { batchItemFailures: [{ itemIdentifier: event.Records[0]!.dynamodb!.SequenceNumber! }] };
      }
      const at = refs.indexOf('E2');
      if (at > 0 && partialOnce) {
        partialOnce = false;
        handled.push(...refs.slice(0, at));
        return { batchItemFailures: event.Records.slice(at).map((r) => ({ itemIdentifier: r.dynamodb!.SequenceNumber! })) };
      }
      handled.push(...refs);
      return { batchItemFailures: [] };
    };
    const failureFile = join(stateDir, 'esm-failures.jsonl');
    const alerts: string[] = [];
    const poller = await startStreamPoller({
      endpoint: process.env.DYNAMODB_ENDPOINT!,
      region: process.env.AWS_REGION!,
      credentials: LOCAL_CREDENTIALS,
      streamArn: streamArn!,
      // Lambda's error handling on its own: no tumbling window, so the stand-in answers without state.
      consumer: { ...streamConsumers[0], retryAttempts: 2, tumblingWindowSeconds: 0 },
      handler,
      checkpointFile: join(stateDir, 'esm-checkpoint.json'),
      failureFile,
      batchingWindowMs: 100,
      pollIntervalMs: 20,
      retryDelayMs: 1,
      alert: (line) => alerts.push(line),
    });
    try {
      await poller.drain();
      const stats = poller.stats();
      expect(batches[0]).toEqual(entries.map((e) => e.entityRef));
      // Everything but the poison record is handled once, in order.
      expect(handled).toEqual(entries.map((e) => e.entityRef).filter((ref) => ref !== 'E7'));
      expect(stats.bisections).toBeGreaterThan(0);
      expect(stats.recordsFiltered).toBeGreaterThanOrEqual(1);
      expect(stats.discarded).toBe(1);
      // On its own, the poison record was tried once and retried twice.
      expect(batches.filter((b) => b.length === 1 && b[0] === 'E7')).toHaveLength(3);
      expect(existsSync(failureFile)).toBe(true);
      expect(alerts).toEqual([expect.stringContaining('gave up on 1 stream record(s)')]);
      const [failure] = readFileSync(failureFile, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
      expect(failure).toMatchObject({ requestContext: { condition: 'RetryAttemptsExhausted' }, DDBStreamBatchInfo: { batchSize: 1, streamArn } });
      expect(refOf(failure.records[0])).toBe('E7');
      const checkpoint = JSON.parse(readFileSync(join(stateDir, 'esm-checkpoint.json'), 'utf8'));
      expect(Object.values(checkpoint.shards as Record<string, { sequenceNumber: string }>)[0]!.sequenceNumber).toBeDefined();
    } finally {
      await poller.stop();
      client.destroy();
    }
  });

  it('batches a backlog by batch size and sends the rest once the batching window is over', async () => {
    const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: process.env.AWS_REGION, credentials: LOCAL_CREDENTIALS });
    const documentClient = DynamoDBDocumentClient.from(client);
    const table = `esm-${randomUUID().slice(0, 8)}`;
    const { streamArn } = await ensureTable(client, table);
    const items = Array.from({ length: 250 }, (_, i) => journalItem({ ...approval('f-backlog', '26734', 1), entityRef: `B${i}` }));
    for (let i = 0; i < items.length; i += 25) {
      await documentClient.send(new BatchWriteCommand({ RequestItems: { [table]: items.slice(i, i + 25).map((Item) => ({ PutRequest: { Item } })) } }));
    }
    const sizes: number[] = [];
    const poller = await startStreamPoller({
      endpoint: process.env.DYNAMODB_ENDPOINT!,
      region: process.env.AWS_REGION!,
      credentials: LOCAL_CREDENTIALS,
      streamArn: streamArn!,
      consumer: { ...streamConsumers[0], tumblingWindowSeconds: 0 },
      handler: async (event) => {
        sizes.push(event.Records.length);
        return { batchItemFailures: [] };
      },
      failureFile: join(stateDir, 'backlog-failures.jsonl'),
      batchingWindowMs: 300,
      pollIntervalMs: 20,
    });
    try {
      await poller.drain();
      expect(sizes).toEqual([100, 100, 50]);
      expect(poller.stats()).toMatchObject({ invocations: 3, recordsDelivered: 250, recordsCompleted: 250, failedInvocations: 0 });
    } finally {
      await poller.stop();
      client.destroy();
    }
  });

  it('reads nothing while paused, and everything written meanwhile once resumed', async () => {
    const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: process.env.AWS_REGION, credentials: LOCAL_CREDENTIALS });
    const documentClient = DynamoDBDocumentClient.from(client);
    const table = `esm-${randomUUID().slice(0, 8)}`;
    const { streamArn } = await ensureTable(client, table);
    const handled: number[] = [];
    const poller = await startStreamPoller({
      endpoint: process.env.DYNAMODB_ENDPOINT!,
      region: process.env.AWS_REGION!,
      credentials: LOCAL_CREDENTIALS,
      streamArn: streamArn!,
      consumer: { ...streamConsumers[0], tumblingWindowSeconds: 0 },
      handler: async (event) => {
        handled.push(event.Records.length);
        return { batchItemFailures: [] };
      },
      failureFile: join(stateDir, 'paused-failures.jsonl'),
      batchingWindowMs: 0,
      pollIntervalMs: 20,
    });
    try {
      await poller.drain();
      poller.pause();
      const items = Array.from({ length: 5 }, (_, i) => journalItem({ ...approval('f-paused', '26734', 1), entityRef: `P${i}` }));
      for (const Item of items) await documentClient.send(new PutCommand({ TableName: table, Item }));
      await new Promise((resolve) => setTimeout(resolve, 500));
      expect(poller.stats().recordsDelivered).toBe(0);
      poller.resume();
      await poller.drain();
      expect(poller.stats().recordsDelivered).toBe(5);
      expect(handled.reduce((sum, n) => sum + n, 0)).toBe(5);
    } finally {
      await poller.stop();
      client.destroy();
    }
  });

  it('names the shard, carries each window’s state, ends a window with a final invocation, and fails an answer without state', async () => {
    const client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: process.env.AWS_REGION, credentials: LOCAL_CREDENTIALS });
    const documentClient = DynamoDBDocumentClient.from(client);
    const table = `esm-${randomUUID().slice(0, 8)}`;
    const { streamArn } = await ensureTable(client, table);
    const items = Array.from({ length: 5 }, (_, i) => journalItem({ ...approval('f-window', '26734', 1), entityRef: `W${i}` }));
    for (const Item of items) await documentClient.send(new PutCommand({ TableName: table, Item }));
    const events: DynamoDBTumblingWindowEvent[] = [];
    let answerWithoutState = true;
    const poller = await startStreamPoller({
      endpoint: process.env.DYNAMODB_ENDPOINT!,
      region: process.env.AWS_REGION!,
      credentials: LOCAL_CREDENTIALS,
      streamArn: streamArn!,
      consumer: { ...streamConsumers[0], batchSize: 2, tumblingWindowSeconds: 1 },
      handler: async (event: DynamoDBTumblingWindowEvent): Promise<DynamoDBBatchResponse & { state?: Record<string, string> }> => {
        events.push(structuredClone(event));
        if (event.Records.length && answerWithoutState) {
          answerWithoutState = false;
          return { batchItemFailures: [] };
        }
        const seen = Number(event.state?.seen ?? 0) + event.Records.length;
        return { batchItemFailures: [], state: event.isFinalInvokeForWindow ? {} : { seen: String(seen) } };
      },
      failureFile: join(stateDir, 'window-failures.jsonl'),
      batchingWindowMs: 0,
      pollIntervalMs: 20,
      retryDelayMs: 1,
    });
    try {
      await poller.drain();
      const withRecords = events.filter((e) => e.Records.length);
      expect(withRecords.every((e) => e.shardId && e.eventSourceARN === streamArn && e.window && e.isFinalInvokeForWindow === false)).toBe(true);
      // The first answer had no state: a failure, so the same records came again (bisected).
      expect(withRecords[1]!.Records[0]!.dynamodb!.SequenceNumber).toBe(withRecords[0]!.Records[0]!.dynamodb!.SequenceNumber);
      // Within a window, each invocation gets what the last one answered.
      for (let i = 2; i < withRecords.length; i++) {
        if (withRecords[i]!.window!.start === withRecords[i - 1]!.window!.start) expect(withRecords[i]!.state).toEqual({ seen: String(Number(withRecords[i - 1]!.state?.seen ?? 0) + withRecords[i - 1]!.Records.length) });
      }
      expect(withRecords.reduce((n, e) => n + e.Records.length, 0)).toBe(7);
      // Once its time is over, the shard's window ends with a final invocation that carries no records.
      await new Promise((r) => setTimeout(r, 1_500));
      await poller.drain();
      const finals = events.filter((e) => e.isFinalInvokeForWindow);
      expect(finals.length).toBeGreaterThan(0);
      expect(finals.every((e) => e.Records.length === 0 && Number(e.state?.seen) > 0)).toBe(true);
    } finally {
      await poller.stop();
      client.destroy();
    }
  });
});
