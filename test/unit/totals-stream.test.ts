import { FullBatchFailureError, processPartialResponse } from '@aws-lambda-powertools/batch';
import { marshall } from '@aws-sdk/util-dynamodb';
import type { DynamoDBRecord } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { matchesFilter, toLambdaRecord } from '../../infra/local/stream-poller';
import { ValidationError } from '../../shared/errors';
import { journalInsertFilter } from '../../shared/resources';
import { journalEntryOf } from '../../shared/stream/journal-record';
import { OrderedStreamBatchProcessor, SkippedAfterFailureError } from '../../shared/stream/ordered-batch-processor';

function record(seq: number, item: Record<string, unknown>, eventName: DynamoDBRecord['eventName'] = 'INSERT'): DynamoDBRecord {
  return {
    eventID: `e${seq}`,
    eventName,
    eventSource: 'aws:dynamodb',
    dynamodb: { SequenceNumber: String(seq).padStart(21, '0'), NewImage: marshall(item, { removeUndefinedValues: true }) as never },
  };
}

const journal = (seq: number, overrides: Record<string, unknown> = {}) =>
  record(seq, {
    pk: 'JOURNAL#cuba-2025',
    sk: `01JA${String(seq).padStart(22, '0')}`,
    kind: 'JOURNAL',
    entryId: `01JA${String(seq).padStart(22, '0')}`,
    fundId: 'cuba-2025',
    type: 'PLEDGE_MADE',
    at: '2025-09-01T01:00:00.000Z',
    day: '2025-09-01',
    actor: 'public',
    entityRef: 'UHV1EWZE1',
    entityType: 'pledge',
    deltas: { pledged: 500_000, pledgeCount: 1, donorCount: 1 },
    publicDetails: { donor: 'Nhà hảo tâm' },
    ...overrides,
  });

const ids = (response: { batchItemFailures: { itemIdentifier: string }[] }) => response.batchItemFailures.map((f) => Number(f.itemIdentifier));

describe('the ordered stream batch processor', () => {
  const parse = (r: DynamoDBRecord) => {
    if (r.dynamodb?.NewImage?.poison) throw new Error('unreadable');
    return Number(r.dynamodb?.SequenceNumber);
  };
  const records = [1, 2, 3, 4, 5].map((n) => record(n, { n }));

  it('reports nothing when the whole batch is applied', async () => {
    const seen: number[][] = [];
    const processor = new OrderedStreamBatchProcessor<number>(async (values) => {
      seen.push(values);
      return { doneCount: values.length };
    });
    expect(await processPartialResponse({ Records: records }, parse, processor)).toEqual({ batchItemFailures: [] });
    expect(seen).toEqual([[1, 2, 3, 4, 5]]);
  });

  it('reports the first record not applied and every record after it, in order', async () => {
    const processor = new OrderedStreamBatchProcessor<number>(async () => ({ doneCount: 2, error: new Error('throttled') }));
    const response = await processPartialResponse({ Records: records }, parse, processor);
    expect(ids(response)).toEqual([3, 4, 5]);
    expect(processor.errors[0]!.message).toBe('throttled');
    expect(processor.errors[1]).toBeInstanceOf(SkippedAfterFailureError);
  });

  it('stops at the first record it cannot read and applies only what came before', async () => {
    const seen: number[][] = [];
    const processor = new OrderedStreamBatchProcessor<number>(async (values) => {
      seen.push(values);
      return { doneCount: values.length };
    });
    const batch = [records[0]!, records[1]!, record(3, { poison: true }), records[3]!];
    expect(ids(await processPartialResponse({ Records: batch }, parse, processor))).toEqual([3, 4]);
    expect(seen).toEqual([[1, 2]]);
  });

  it('fails the invocation when nothing could be applied, so Lambda bisects the batch', async () => {
    const processor = new OrderedStreamBatchProcessor<number>(async () => {
      throw new Error('table gone');
    });
    await expect(processPartialResponse({ Records: records }, parse, processor)).rejects.toBeInstanceOf(FullBatchFailureError);
  });
});

describe('journal records', () => {
  it('reads a journal insert and ignores every other record', () => {
    expect(journalEntryOf(journal(1))).toMatchObject({ fundId: 'cuba-2025', deltas: { pledged: 500_000 } });
    expect(journalEntryOf(journal(1))).not.toHaveProperty('pk');
    expect(journalEntryOf(record(2, { pk: 'PLEDGE#1', sk: 'META', kind: 'PLEDGE', amount: 1 }))).toBeNull();
    expect(journalEntryOf({ ...journal(3), eventName: 'MODIFY' })).toBeNull();
  });

  it('refuses an entry whose deltas it cannot add up', () => {
    expect(() => journalEntryOf(journal(1, { deltas: { pledged: 1.5 } }))).toThrow(ValidationError);
    expect(() => journalEntryOf(journal(2, { deltas: { tipped: 1 } }))).toThrow(/NewImage\.deltas/);
    expect(() => journalEntryOf(journal(3, { day: 'yesterday' }))).toThrow(ValidationError);
  });

  it('matches the event filter as Lambda does: journal inserts only', () => {
    const filter = journalInsertFilter as unknown as Parameters<typeof matchesFilter>[0];
    expect(matchesFilter(filter, journal(1))).toBe(true);
    expect(matchesFilter(filter, { ...journal(1), eventName: 'MODIFY' })).toBe(false);
    expect(matchesFilter(filter, record(2, { pk: 'TOTAL#x', sk: 'SHARD#000', kind: 'TOTALS' }))).toBe(false);
    expect(matchesFilter(filter, { eventName: 'REMOVE', dynamodb: {} })).toBe(false);
    expect(matchesFilter({ dynamodb: { NewImage: { wardCode: { S: [{ prefix: '267' }] } } } }, record(3, { wardCode: '26734' }))).toBe(true);
    expect(matchesFilter({ dynamodb: { NewImage: { wardCode: [{ exists: false }] } } }, record(4, { kind: 'JOURNAL' }))).toBe(true);
  });
});

describe('stream records as the local event source hands them over', () => {
  it('has Lambda’s shape: epoch seconds, base64 binaries, and empty maps kept (the SDK reads {"M":{}} back as {})', () => {
    const converted = toLambdaRecord(
      {
        eventID: 'x',
        eventName: 'INSERT',
        dynamodb: {
          ApproximateCreationDateTime: new Date('2025-09-01T00:00:00Z'),
          SequenceNumber: '000000000000000000001',
          NewImage: { kind: { S: 'JOURNAL' }, publicDetails: {} as never, blob: { B: new Uint8Array([1, 2]) }, deltas: { M: { pledged: { N: '5' } } } },
        },
      },
      'arn:stream',
    );
    expect(converted.eventSourceARN).toBe('arn:stream');
    expect(converted.dynamodb!.ApproximateCreationDateTime).toBe(Date.parse('2025-09-01T00:00:00Z') / 1000);
    expect(converted.dynamodb!.NewImage).toEqual({ kind: { S: 'JOURNAL' }, publicDetails: { M: {} }, blob: { B: 'AQI=' }, deltas: { M: { pledged: { N: '5' } } } });
  });
});
