/**
 * The totals handler against DynamoDB Local, fed tumbling-window stream events by hand: exactly
 * once across redeliveries, chunked transactions, partial batch failures in stream order, the
 * checkpoint chain, and the drift check.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { encodeTime } from 'ulidx';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { handler } from '../../functions/totals/stream';
import { replayTotals } from '../../infra/local/replay-totals';
import { ensureTable } from '../../infra/local/provision';
import { LOCAL_CREDENTIALS } from '../../infra/local/services';
import { verifyTotals } from '../../infra/local/verify-totals';
import { stores } from '../../shared/adapters/dynamo';
import { journalItem } from '../../shared/adapters/dynamo/items/journal';
import { dynamo, keys } from '../../shared/adapters/dynamo/table';
import { vietnamDay, type Deltas, type JournalEntry } from '../../shared/domain/journal';
import { seedFunds } from '../../infra/local/seed';
import { checkDrift } from '../../shared/usecases/totals-drift';
import type { DynamoDBTumblingWindowResponse } from '../../shared/stream/tumbling-window';
import { applyJournalBatch } from '../../shared/usecases/totals-stream';

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
const STREAM = 'arn:aws:dynamodb:ap-southeast-1:000000000000:table/test/stream/2025-09-01T00:00:00.000';
/** One stream shard per test: each keeps a checkpoint of its own. */
let shardId = '';
const invoke = async (records: DynamoDBRecord[], state: Record<string, string> = {}) => {
  const { batchItemFailures, state: answered } = (await handler({ Records: records, shardId, eventSourceARN: STREAM, state, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false }, context)) as DynamoDBTumblingWindowResponse;
  expect(answered).toBeDefined();
  return { batchItemFailures };
};
beforeEach((test) => {
  shardId = `shardId-${test.task.name.slice(0, 24).replace(/\W+/g, '-')}`;
});

async function fundTotals(fundId: string) {
  return (await stores.counters.readFund(fundId, { consistent: true })).get(fundId)!;
}

type TransactItems = { Put?: { Item?: Record<string, unknown> }; Update?: { ExpressionAttributeValues?: Record<string, unknown> } }[];

/** Fails every totals transaction `which` picks (by its counter updates and checkpoint link), until disarmed. */
function failTransactionsWhere(which: (items: TransactItems) => boolean, error: () => Error): () => void {
  const name = `fail-${Math.random()}`;
  dynamo().middlewareStack.add(
    (next, ctx) => async (args) => {
      const items = (args.input as { TransactItems?: TransactItems }).TransactItems;
      if (ctx.commandName === 'TransactWriteItemsCommand' && items && which(items)) throw error();
      return next(args);
    },
    { step: 'initialize', name },
  );
  return () => dynamo().middlewareStack.remove(name);
}

const linkOf = (items: TransactItems) => items.find((i) => i.Put?.Item?.kind === 'TOTALS_CHECKPOINT')?.Put?.Item as { from: string; to: string } | undefined;
const touchesFund = (fundId: string) => (items: TransactItems) => items.some((i) => i.Update?.ExpressionAttributeValues?.[':fundId'] === fundId);

describe('the totals handler', { timeout: 180_000 }, () => {
  it('applies a large batch in chunks, and changes nothing when the batch comes again', async () => {
    // 120 entries over 120 wards: the counter updates need two transactions.
    const entries = Array.from({ length: 120 }, (_, i) => entry('f-chunks', { approved: 1000 + i }, String(26_000 + i)));
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
    // 150 wards: two chunks, and the process dies after the first.
    const entries = Array.from({ length: 150 }, (_, i) => entry('f-crash', { approved: 10 + i }, String(26_000 + i)));
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

  it('keeps one link per chunk on the shard’s checkpoint chain until the on-failure queue has let go of it, and answers the checkpoint as the window’s state', async () => {
    const entries = Array.from({ length: 3 }, () => entry('f-chain', { pledged: 5, pledgeCount: 1 }));
    const records = await write(entries);
    const first = (await handler({ Records: records.slice(0, 2), shardId, eventSourceARN: STREAM, state: {} }, context)) as DynamoDBTumblingWindowResponse;
    expect(first.state).toEqual({ checkpoint: records[1]!.dynamodb!.SequenceNumber });
    await handler({ Records: records.slice(2), shardId, eventSourceARN: STREAM, state: first.state }, context);
    const chain = await documentClient.send(new QueryCommand({ TableName: table(), KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': keys.checkpointChain(STREAM, shardId) } }));
    expect(chain.Items!.map((i) => [i.from, i.to])).toEqual([
      ['0', records[1]!.dynamodb!.SequenceNumber],
      [records[1]!.dynamodb!.SequenceNumber, records[2]!.dynamodb!.SequenceNumber],
    ]);
    expect(chain.Items![0]).toMatchObject({ kind: 'TOTALS_CHECKPOINT', stream: STREAM, shardId });
    // Links expire once no delivery or replay can be planned from them: after the on-failure queue's 14 days.
    const expiresInDays = (Number(chain.Items![0]!.expiresAt) - Date.now() / 1000) / 86_400;
    expect(expiresInDays).toBeGreaterThan(14);
    expect(expiresInDays).toBeLessThanOrEqual(15);
    // The window's end: no records, and the state goes with it.
    expect(await handler({ Records: [], shardId, eventSourceARN: STREAM, state: first.state, isFinalInvokeForWindow: true }, context)).toEqual({ state: {}, batchItemFailures: [] });
    // A mapping without its tumbling window names no shard: the batch fails, nothing is applied.
    await expect(handler({ Records: records }, context)).rejects.toThrow(/tumbling window/);
    expect((await fundTotals('f-chain')).pledged).toBe(15);
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
    const last = records.at(-1)!.dynamodb!.SequenceNumber;
    const disarm = failTransactionsWhere((items) => linkOf(items)?.to === last, () => Object.assign(new Error('Rate exceeded'), { name: 'ProvisionedThroughputExceededException' }));
    let response: Awaited<ReturnType<typeof invoke>>;
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
    const values = entries.map((e, i) => ({ sequenceNumber: String(5000 + i), entry: e }));
    const source = { stream: STREAM, shardId };
    const outcome = await applyJournalBatch(stores.counters, source, values, { enoughTime: () => false });
    expect(outcome.error?.message).toMatch(/Too little time left/);
    expect(outcome.doneCount).toBeGreaterThan(0);
    expect(outcome.doneCount).toBeLessThan(120);
    expect((await fundTotals('f-late')).approved).toBe(outcome.doneCount);
    expect((await applyJournalBatch(stores.counters, source, values.slice(outcome.doneCount))).error).toBeUndefined();
    expect((await fundTotals('f-late')).approved).toBe(120);
  });

  it('replays the batches of the on-failure file once, however often the replay runs', async () => {
    const entries = Array.from({ length: 6 }, (_, i) => entry('f-replay', { pledged: 100 + i, pledgeCount: 1 }));
    const records = await write(entries);
    // The shard went on without records 2–4: the event source gave up on them.
    await invoke(records.slice(0, 2));
    await invoke(records.slice(5));
    const file = join(mkdtempSync(join(tmpdir(), 'sovang-replay-')), 'Totals.jsonl');
    const batch = records.slice(2, 5);
    writeFileSync(
      file,
      `${JSON.stringify({ DDBStreamBatchInfo: { shardId, streamArn: STREAM, startSequenceNumber: batch[0]!.dynamodb!.SequenceNumber, endSequenceNumber: batch[2]!.dynamodb!.SequenceNumber }, records: batch })}\n`,
    );
    const lines: string[] = [];
    expect(await replayTotals(stores.counters, file, (line) => lines.push(line))).toBe(0);
    expect(lines[0]).toMatch(/^ok .* 3 entries applied, 0 already in the totals/);
    expect(await replayTotals(stores.counters, file, (line) => lines.push(line))).toBe(0);
    expect(lines[2]).toMatch(/0 entries applied, 3 already in the totals/);
    expect((await fundTotals('f-replay')).pledged).toBe(entries.reduce((n, e) => n + e.deltas.pledged!, 0));
    expect((await checkDrift(stores, 'f-replay', { attempts: 1 })).ok).toBe(true);
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
    const disarm = failTransactionsWhere(touchesFund('f-down'), () => Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }));
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
