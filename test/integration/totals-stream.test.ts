/**
 * The totals handler against DynamoDB Local, fed stream events by hand: exactly once across
 * redeliveries, chunked transactions, partial batch failures in stream order, and the drift check.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, GetCommand, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';
import { encodeTime } from 'ulidx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler } from '../../functions/totals/stream';
import { ensureTable } from '../../infra/local/provision';
import { LOCAL_CREDENTIALS } from '../../infra/local/services';
import { verifyTotals } from '../../infra/local/verify-totals';
import { stores } from '../../shared/adapters/dynamo';
import { journalItem } from '../../shared/adapters/dynamo/items/journal';
import { APPLIED_MARKER_TTL_SECONDS } from '../../shared/adapters/dynamo/items/totals';
import { dynamo, keys } from '../../shared/adapters/dynamo/table';
import { vietnamDay, type Deltas, type JournalEntry } from '../../shared/domain/journal';
import { seedFunds } from '../../infra/local/seed';
import { checkDrift } from '../../shared/usecases/totals-drift';
import { applyJournalBatch } from '../../shared/usecases/totals';

let client: DynamoDBClient;
let documentClient: DynamoDBDocumentClient;
const table = () => process.env.TABLE_NAME!;

beforeAll(async () => {
  client = new DynamoDBClient({ endpoint: process.env.DYNAMODB_ENDPOINT, region: process.env.AWS_REGION, credentials: LOCAL_CREDENTIALS });
  documentClient = DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
  // The tests hand the handler records of their own: the table needs no stream.
  await ensureTable(client, table(), { stream: false });
});
afterAll(() => client?.destroy());

let sequence = 1;
let clock = Date.parse('2025-09-01T02:00:00Z');

function entry(fundId: string, deltas: Deltas, wardCode?: string, at = new Date((clock += 1000))): JournalEntry {
  const iso = at.toISOString();
  return {
    entryId: `${encodeTime(at.getTime(), 10)}${String(sequence++).padStart(16, '0')}`,
    fundId,
    type: wardCode ? 'DISBURSEMENT_APPROVED' : 'PLEDGE_MADE',
    at: iso,
    day: vietnamDay(iso),
    actor: 'test',
    entityRef: 'UHTEST',
    entityType: wardCode ? 'disbursement' : 'pledge',
    ...(wardCode ? { wardCode } : {}),
    deltas,
    publicDetails: {},
  };
}

function recordOf(item: Record<string, unknown>): DynamoDBRecord {
  const n = sequence++;
  return {
    eventID: `test-${n}`,
    eventName: 'INSERT',
    eventSource: 'aws:dynamodb',
    dynamodb: { SequenceNumber: String(n).padStart(21, '0'), NewImage: marshall(item, { removeUndefinedValues: true }) as never, StreamViewType: 'NEW_IMAGE' },
  };
}

async function write(entries: JournalEntry[]): Promise<DynamoDBRecord[]> {
  // A few at a time: a hundred puts at once make DynamoDB Local time out waiting for its lock.
  for (let i = 0; i < entries.length; i += 10) {
    await Promise.all(entries.slice(i, i + 10).map((e) => documentClient.send(new PutCommand({ TableName: table(), Item: journalItem(e) }))));
  }
  return entries.map((e) => recordOf(journalItem(e)));
}

const context = { functionName: 'ConsumerTotals', awsRequestId: 'test', getRemainingTimeInMillis: () => 15 * 60_000 } as unknown as Context;
const invoke = (records: DynamoDBRecord[]) => handler({ Records: records }, context) as Promise<DynamoDBBatchResponse>;

async function fundTotals(fundId: string) {
  return (await stores.counters.readFund(fundId, { consistent: true })).get(fundId)!;
}

/** Fails every transaction that would write a marker for one of these entries, until disarmed. */
function failTransactionsFor(entryIds: Set<string>, error: () => Error): () => void {
  const name = `fail-${Math.random()}`;
  dynamo().middlewareStack.add(
    (next, ctx) => async (args) => {
      const items = (args.input as { TransactItems?: { Put?: { Item?: { entryId?: string } } }[] }).TransactItems;
      if (ctx.commandName === 'TransactWriteItemsCommand' && items?.some((i) => entryIds.has(i.Put?.Item?.entryId ?? ''))) throw error();
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => dynamo().middlewareStack.remove(name);
}

describe('the totals handler', { timeout: 180_000 }, () => {
  it('applies a large batch in chunks, and changes nothing when the batch comes again', async () => {
    // 120 entries over 60 wards: markers and counter updates need several transactions.
    const entries = Array.from({ length: 120 }, (_, i) => entry('f-chunks', { approved: 1000 + i }, String(26_000 + (i % 60))));
    const records = await write(entries);
    expect(await invoke(records)).toEqual({ batchItemFailures: [] });
    const expected = entries.reduce((n, e) => n + e.deltas.approved!, 0);
    expect((await fundTotals('f-chunks')).approved).toBe(expected);

    // Redelivered whole, bisected, and with a record twice: still exactly once.
    await invoke(records);
    await invoke(records.slice(0, 60));
    await invoke([...records.slice(60), records[61]!, records[0]!]);
    expect((await fundTotals('f-chunks')).approved).toBe(expected);
    expect((await checkDrift(stores, 'f-chunks', { attempts: 1 })).ok).toBe(true);
  });

  it('crashes in the middle of a batch, after one chunk committed: the redelivered batch ends exact', async () => {
    const entries = Array.from({ length: 150 }, (_, i) => entry('f-crash', { approved: 10 + i }, String(26_000 + (i % 40))));
    const records = await write(entries);
    let transactions = 0;
    const name = `crash-${Math.random()}`;
    dynamo().middlewareStack.add(
      (next, ctx) => async (args) => {
        if (ctx.commandName !== 'TransactWriteItemsCommand') return next(args);
        const result = await next(args);
        // The process dies right after its first chunk commits: no response reaches Lambda.
        if (++transactions === 1) throw Object.assign(new Error('Runtime exited with error: signal: killed'), { name: 'Runtime.ExitError' });
        return result;
      },
      { step: 'initialize', name },
    );
    try {
      await invoke(records).catch(() => undefined);
    } finally {
      dynamo().middlewareStack.remove(name);
    }
    const expected = entries.reduce((n, e) => n + e.deltas.approved!, 0);
    const afterCrash = (await fundTotals('f-crash')).approved;
    expect(afterCrash).toBeGreaterThan(0);
    expect(afterCrash).toBeLessThan(expected);
    // Lambda retries the whole batch: the chunk that committed is not counted twice.
    expect(await invoke(records)).toEqual({ batchItemFailures: [] });
    expect((await fundTotals('f-crash')).approved).toBe(expected);
    expect((await checkDrift(stores, 'f-crash', { attempts: 1 })).ok).toBe(true);
  });

  it('marks each applied entry, with a TTL longer than the stream keeps records', async () => {
    const [e] = [entry('f-marker', { pledged: 5, pledgeCount: 1 })];
    await invoke(await write([e!]));
    const marker = await documentClient.send(new GetCommand({ TableName: table(), Key: keys.appliedMarker(e!.fundId, e!.entryId) }));
    expect(marker.Item).toMatchObject({ kind: 'TOTALS_APPLIED', entryId: e!.entryId });
    expect(marker.Item!.expiresAt).toBeGreaterThan(Date.now() / 1000 + 30 * 3600);
    expect(marker.Item!.expiresAt).toBeLessThanOrEqual(Date.now() / 1000 + APPLIED_MARKER_TTL_SECONDS + 5);
  });

  it('ignores records that are not journal inserts', async () => {
    const e = entry('f-ignore', { pledged: 7 });
    const [journal] = await write([e]);
    const other = [recordOf({ pk: 'PLEDGE#x', sk: 'META', kind: 'PLEDGE', fundId: 'f-ignore', amount: 99 }), { ...journal!, eventName: 'MODIFY' as const }];
    expect(await invoke(other)).toEqual({ batchItemFailures: [] });
    expect((await fundTotals('f-ignore')).pledged).toBe(0);
    await invoke([journal!]);
    expect((await fundTotals('f-ignore')).pledged).toBe(7);
  });

  it('reports the first entry it could not apply and every record after it, then resumes from there', async () => {
    const entries = Array.from({ length: 120 }, (_, i) => entry('f-partial', { approved: 1 }, String(27_000 + i)));
    const records = await write(entries);
    // The last chunk keeps being throttled, longer than the handler retries.
    const late = new Set(entries.slice(110).map((e) => e.entryId));
    const disarm = failTransactionsFor(late, () => Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }));
    let response: DynamoDBBatchResponse;
    try {
      response = await invoke(records);
    } finally {
      disarm();
    }
    const failed = response.batchItemFailures.map((f) => f.itemIdentifier);
    const firstFailed = records.findIndex((r) => r.dynamodb!.SequenceNumber === failed[0]);
    expect(firstFailed).toBeGreaterThan(0);
    expect(failed).toEqual(records.slice(firstFailed).map((r) => r.dynamodb!.SequenceNumber));
    expect((await fundTotals('f-partial')).approved).toBe(firstFailed);

    // Lambda retries from the lowest failed sequence number.
    expect(await invoke(records.slice(firstFailed))).toEqual({ batchItemFailures: [] });
    expect((await fundTotals('f-partial')).approved).toBe(120);
  });

  it('leaves the chunks it has no time for to the next delivery instead of running into the timeout', async () => {
    const entries = Array.from({ length: 120 }, (_, i) => entry('f-late', { approved: 1 }, String(28_000 + i)));
    await write(entries);
    const outcome = await applyJournalBatch(stores.counters, entries, { enoughTime: () => false });
    expect(outcome.error?.message).toMatch(/Too little time left/);
    expect(outcome.doneCount).toBeGreaterThan(0);
    expect(outcome.doneCount).toBeLessThan(120);
    expect((await fundTotals('f-late')).approved).toBe(outcome.doneCount);
    expect((await applyJournalBatch(stores.counters, entries.slice(outcome.doneCount))).error).toBeUndefined();
    expect((await fundTotals('f-late')).approved).toBe(120);
  });

  it('stops at an unreadable journal entry: what came before is applied, the rest is reported', async () => {
    const good = await write([entry('f-poison', { pledged: 10 }), entry('f-poison', { pledged: 20 })]);
    const bad = recordOf({ ...journalItem(entry('f-poison', { pledged: 30 })), deltas: { pledged: 'thirty' } });
    const after = await write([entry('f-poison', { pledged: 40 })]);
    const response = await invoke([...good, bad, ...after]);
    expect(response.batchItemFailures.map((f) => f.itemIdentifier)).toEqual([bad.dynamodb!.SequenceNumber, after[0]!.dynamodb!.SequenceNumber]);
    expect((await fundTotals('f-poison')).pledged).toBe(30);
  });

  it('fails the whole invocation when the first chunk cannot be applied, so Lambda bisects', async () => {
    const entries = [entry('f-down', { pledged: 1 }), entry('f-down', { pledged: 2 })];
    const records = await write(entries);
    const disarm = failTransactionsFor(new Set(entries.map((e) => e.entryId)), () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
    try {
      await expect(invoke(records)).rejects.toThrow(/All records failed/);
    } finally {
      disarm();
    }
    expect((await fundTotals('f-down')).pledged).toBe(0);
  });
});

describe('the drift check', { timeout: 120_000 }, () => {
  it('finds a tampered counter, names the scope and the bucket, and verify-totals exits 1', async () => {
    await seedFunds(documentClient, table());
    const entries = [entry('cuba-2025', { pledged: 100, pledgeCount: 1, donorCount: 1 }), entry('cuba-2025', { approved: 50 }, '26734')];
    await invoke(await write(entries));
    const clean = await checkDrift(stores, 'cuba-2025', { attempts: 1 });
    expect(clean.ok).toBe(true);
    expect(clean.entries).toBe(2);
    expect(clean.scopes.map((s) => s.scope)).toEqual(['cuba-2025', 'cuba-2025#WARD#26734', `cuba-2025#DAY#${entries[0]!.day}`]);
    const lines: string[] = [];
    expect(await verifyTotals({ out: (l) => lines.push(l) })).toBe(0);
    expect(lines.at(-1)).toMatch(/^No drift: 4 funds/);

    await documentClient.send(
      new UpdateCommand({ TableName: table(), Key: keys.totalsShard('cuba-2025#WARD#26734', 7), UpdateExpression: 'ADD approved :x', ExpressionAttributeValues: { ':x': 1 } }),
    );
    const tampered = await checkDrift(stores, 'cuba-2025', { attempts: 2, delayMs: 10 });
    expect(tampered.ok).toBe(false);
    const ward = tampered.scopes.find((s) => s.scope === 'cuba-2025#WARD#26734')!;
    expect(ward.drift.approved).toBe(1);
    expect(ward.expected.approved).toBe(50);
    expect(tampered.scopes.filter((s) => s.scope !== ward.scope).every((s) => Object.values(s.drift).every((v) => v === 0))).toBe(true);
    lines.length = 0;
    expect(await verifyTotals({ out: (l) => lines.push(l), onlyDrift: true })).toBe(1);
    expect(lines.join('\n')).toContain('ward 26734');
    expect(lines.join('\n')).toContain('approved +1 (journal 50, counters 51)');

    await documentClient.send(
      new UpdateCommand({ TableName: table(), Key: keys.totalsShard('cuba-2025#WARD#26734', 7), UpdateExpression: 'ADD approved :x', ExpressionAttributeValues: { ':x': -1 } }),
    );
    expect((await checkDrift(stores, 'cuba-2025', { attempts: 1 })).ok).toBe(true);
  });

  it('checks up to a cutoff while later entries keep arriving, applied or not', async () => {
    const before = [entry('f-cutoff', { received: 10, receiptCount: 1 }, undefined, new Date('2025-09-01T16:59:00Z'))];
    const after = [
      entry('f-cutoff', { received: 20, receiptCount: 1 }, undefined, new Date('2025-09-01T17:00:01Z')),
      entry('f-cutoff', { received: 40, receiptCount: 1 }, undefined, new Date('2025-09-01T17:00:02Z')),
    ];
    const records = await write([...before, ...after]);
    await invoke(records.slice(0, 2));
    const cutoff = '2025-09-02T00:00:00+07:00';
    const report = await checkDrift(stores, 'f-cutoff', { cutoff, attempts: 1 });
    expect(report).toMatchObject({ ok: true, entries: 1, cutoff });
    expect(report.scopes[0]).toMatchObject({ scope: 'f-cutoff', expected: { received: 10 }, actual: { received: 10 } });
    // Without a cutoff, the unapplied entry is lag, and lag shows as drift.
    expect((await checkDrift(stores, 'f-cutoff', { attempts: 1 })).ok).toBe(false);
    await invoke(records.slice(2));
    expect((await checkDrift(stores, 'f-cutoff', { attempts: 1 })).ok).toBe(true);
  });
});
