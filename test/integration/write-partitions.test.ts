/**
 * The partitions a function's writes are held to in AWS (WRITE_PARTITIONS, granted as
 * `dynamodb:LeadingKeys` conditions) against the items its code really writes, on DynamoDB Local.
 * No emulator enforces IAM: a condition narrower than the code would refuse pledges only in AWS,
 * so this is where it has to show.
 */
import { randomUUID } from 'node:crypto';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBRecord } from 'aws-lambda';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { handler as indexTransfers } from '../../functions/funds/transfer-index';
import { handler as applyTotals } from '../../functions/totals/stream';
import type { Twin } from '../../infra/local/twin';
import { WRITE_PARTITIONS } from '../../infra/stacks/stateless-stack';
import { dynamo } from '../../shared/adapters/dynamo/table';
import { allItems, idem, request, staff, startTestTwin } from '../support/twin';

type Key = Record<string, unknown> | undefined;
type Written = { command: string; pk: string };

const RECORDER = 'recordWrittenPartitions';
const written: Written[] = [];

function partitionOf(key: Key): string {
  const pk = key?.pk as string | { S?: string } | undefined;
  return typeof pk === 'string' ? pk : (pk?.S ?? '<no pk>');
}

/** The partition key of every item a write command puts, updates, deletes or checks. */
function writtenPartitions(command: string, input: Record<string, unknown>): string[] {
  switch (command) {
    case 'TransactWriteItemsCommand':
      return ((input.TransactItems ?? []) as Record<string, { Item?: Key; Key?: Key }>[]).flatMap((item) =>
        Object.values(item).map((action) => partitionOf(action.Item ?? action.Key)),
      );
    case 'PutItemCommand':
      return [partitionOf(input.Item as Key)];
    case 'UpdateItemCommand':
    case 'DeleteItemCommand':
      return [partitionOf(input.Key as Key)];
    case 'BatchWriteItemCommand':
      return Object.values((input.RequestItems ?? {}) as Record<string, { PutRequest?: { Item: Key }; DeleteRequest?: { Key: Key } }[]>)
        .flat()
        .map((request) => partitionOf(request.PutRequest?.Item ?? request.DeleteRequest?.Key));
    default:
      return [];
  }
}

/** IAM's StringLike: `*` is any run of characters, `?` any one. */
function stringLike(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

function outside(partitions: readonly string[]): Written[] {
  const patterns = partitions.map(stringLike);
  return written.filter((write) => !patterns.some((pattern) => pattern.test(write.pk)));
}

let twin: Twin;
beforeAll(async () => {
  twin = await startTestTwin();
  // Observes every call the handlers' shared client sends (the twin runs them in this process).
  dynamo().middlewareStack.add(
    (next, context) => async (args) => {
      for (const pk of writtenPartitions(context.commandName ?? '', args.input as Record<string, unknown>)) written.push({ command: context.commandName!, pk });
      return next(args);
    },
    { step: 'initialize', name: RECORDER },
  );
});
afterEach(() => {
  written.length = 0;
});
afterAll(async () => {
  dynamo().middlewareStack.remove(RECORDER);
  await twin?.stop();
});

const pledge = { fundId: 'cuba-2025', donor: { type: 'individual', name: 'Nguyễn Văn An' }, amount: 500_000, publishName: true };

describe('write partitions', { timeout: 120_000 }, () => {
  it('CreatePledge writes its pledge and its journal entry, inside the partitions its policy allows', async () => {
    const response = await request<{ ref: string }>(twin, 'POST', '/v1/pledges', { body: pledge, headers: { 'idempotency-key': randomUUID() } });
    expect(response.status).toBe(201);
    expect(written.map((write) => write.pk.split('#')[0]).sort()).toEqual(['JOURNAL', 'PLEDGE']);
    expect(outside(WRITE_PARTITIONS.CreatePledge!)).toEqual([]);
  });

  it('the totals consumer writes counter shards and its checkpoint, inside the partitions its policy allows', async () => {
    const created = await request<{ ref: string }>(twin, 'POST', '/v1/pledges', { body: pledge, headers: { 'idempotency-key': randomUUID() } });
    expect(created.status).toBe(201);
    const entry = (await allItems(twin)).find((item) => item.kind === 'JOURNAL' && JSON.stringify(item).includes(created.body.ref))!;
    expect(entry).toBeDefined();
    written.length = 0;

    const record: DynamoDBRecord = {
      eventID: 'write-partitions-1',
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: { SequenceNumber: '1'.padStart(21, '0'), NewImage: marshall(entry, { removeUndefinedValues: true }) as never, StreamViewType: 'NEW_IMAGE' },
    };
    const context = { functionName: 'ConsumerTotals', awsRequestId: 'test', getRemainingTimeInMillis: () => 15 * 60_000 } as unknown as Context;
    const stream = 'arn:aws:dynamodb:ap-southeast-1:000000000000:table/test/stream/2025-09-01T00:00:00.000';
    const answer = await applyTotals(
      { Records: [record], shardId: `shardId-${randomUUID()}`, eventSourceARN: stream, state: {}, isFinalInvokeForWindow: false, isWindowTerminatedEarly: false },
      context,
    );
    expect(answer).toMatchObject({ batchItemFailures: [] });
    expect(new Set(written.map((write) => write.pk.split('#')[0]))).toEqual(new Set(['TOTAL', 'CHECKPOINT']));
    expect(outside(WRITE_PARTITIONS.Totals!)).toEqual([]);
  });

  it('the transfer index consumer writes search items, inside the partitions its policy allows', async () => {
    const clerk = await staff(twin, 'an', 'finance-clerk');
    const recorded = await request(twin, 'POST', '/v1/receipts', {
      body: { fundId: pledge.fundId, amount: 250_000, receivedAt: '2025-10-05T20:30:00+07:00', method: 'bank', payerName: 'Trần Thị Bình' },
      headers: { ...clerk, ...idem() },
    });
    expect(recorded.status).toBe(201);
    const receipt = (await allItems(twin)).find((item) => item.kind === 'RECEIPT' && item.amount === 250_000)!;
    expect(receipt).toBeDefined();
    written.length = 0;

    const record: DynamoDBRecord = {
      eventID: 'write-partitions-2',
      eventName: 'INSERT',
      eventSource: 'aws:dynamodb',
      dynamodb: { SequenceNumber: '2'.padStart(21, '0'), NewImage: marshall(receipt, { removeUndefinedValues: true }) as never, StreamViewType: 'NEW_IMAGE' },
    };
    const context = { functionName: 'ConsumerTransferIndex', awsRequestId: 'test', getRemainingTimeInMillis: () => 15 * 60_000 } as unknown as Context;
    expect(await indexTransfers({ Records: [record] }, context)).toMatchObject({ batchItemFailures: [] });
    // One item per search key of the gift (g: and its name's words here), every one in a TXN# partition.
    expect(written.length).toBeGreaterThan(1);
    expect(new Set(written.map((write) => write.pk.split('#')[0]))).toEqual(new Set(['TXN']));
    expect(WRITE_PARTITIONS.TransferIndex, 'a policy held to partitions').toBeDefined();
    expect(outside(WRITE_PARTITIONS.TransferIndex!)).toEqual([]);
  });
});
