import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyDeltaSums, hasMoneyEffect, totalsScopes } from '../../shared/domain/journal';
import {
  aggregate,
  MAX_TRANSACTION_ITEMS,
  parseScope,
  planStream,
  shardFor,
  stableHash,
  sumJournal,
  type DeltaSums,
  type TotalsEntry,
} from '../../shared/domain/totals';

const entryArb: fc.Arbitrary<TotalsEntry> = fc.record({
  entryId: fc.stringMatching(/^01J[0-9A-HJKMNP-TV-Z]{23}$/),
  fundId: fc.constantFrom('cuba-2025', 'lu-lut-2024', 'vi-nguoi-ngheo', 'an-sinh-hcm-2025'),
  day: fc.constantFrom('2025-09-01', '2025-09-02', '2025-09-03'),
  wardCode: fc.option(fc.integer({ min: 26_700, max: 26_749 }).map(String), { nil: undefined }),
  deltas: fc.record(
    {
      pledged: fc.integer({ min: -1e9, max: 1e9 }),
      received: fc.integer({ min: -1e9, max: 1e9 }),
      approved: fc.integer({ min: -1e9, max: 1e9 }),
      pledgeCount: fc.integer({ min: -1, max: 1 }),
    },
    { requiredKeys: [] },
  ),
});

function addInto(target: Map<string, DeltaSums>, scope: string, deltas: Partial<DeltaSums>) {
  let sums = target.get(scope);
  if (!sums) target.set(scope, (sums = emptyDeltaSums()));
  for (const [name, value] of Object.entries(deltas)) sums[name as keyof DeltaSums] += value ?? 0;
}

function withoutZeros(sums: Map<string, DeltaSums>) {
  return new Map([...sums].filter(([, s]) => Object.values(s).some((v) => v !== 0)));
}

describe('planning the counter writes of a stream batch after its checkpoint', () => {
  it('writes exactly the sum of the entries above the checkpoint, once each, in chunks of at most 100 items, in stream order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.option(entryArb, { nil: null, freq: 4 }), { maxLength: 300 }),
        fc.integer({ min: 0, max: 300 }),
        fc.integer({ min: 4, max: 100 }),
        (raw, checkpointAt, maxItems) => {
          // Sequence numbers that gain digits along the batch, and a few records delivered twice.
          const records = raw.map((entry, i) => ({ sequenceNumber: String(95 + i * 7), entry }));
          const batch = [...records, ...records.slice(0, records.length >> 3)];
          const checkpoint = BigInt(95 + checkpointAt * 7);
          const plan = planStream(batch, checkpoint, { maxItems });
          const fresh = records.filter((r) => BigInt(r.sequenceNumber) > checkpoint);
          const effective = fresh.flatMap((r) => (r.entry && hasMoneyEffect(r.entry.deltas) ? [r.entry] : []));
          const written = new Map<string, DeltaSums>();
          let previous = checkpoint;
          for (const chunk of plan.chunks) {
            expect(chunk.updates.length + 1).toBeLessThanOrEqual(maxItems);
            expect(new Set(chunk.updates.map((u) => u.scope)).size).toBe(chunk.updates.length);
            expect(BigInt(chunk.first)).toBeGreaterThan(previous);
            expect(BigInt(chunk.through)).toBeGreaterThanOrEqual(BigInt(chunk.first));
            previous = BigInt(chunk.through);
            for (const update of chunk.updates) addInto(written, update.scope, update.deltas);
          }
          expect(plan.chunks.flatMap((c) => c.entries)).toEqual(effective);
          expect(withoutZeros(written)).toEqual(withoutZeros(sumJournal(effective)));
          expect(plan.skipped).toBe(batch.length - fresh.length);
        },
      ),
    );
  });

  it('compares sequence numbers as numbers, and refuses what is not one', () => {
    const entry = (n: number): TotalsEntry => ({ entryId: `01JA${String(n).padStart(22, '0')}`, fundId: 'f1', day: '2025-09-01', deltas: { pledged: n } });
    const plan = planStream(
      [
        { sequenceNumber: '98', entry: entry(1) },
        { sequenceNumber: '100', entry: entry(2) },
        { sequenceNumber: '1000', entry: entry(3) },
      ],
      99n,
    );
    expect(plan.skipped).toBe(1);
    expect(plan.chunks).toEqual([expect.objectContaining({ first: '100', through: '1000', entries: [entry(2), entry(3)] })]);
    expect(() => planStream([{ sequenceNumber: '12a', entry: entry(1) }], null)).toThrow(RangeError);
  });

  it('picks the same anchors for the same chunk in any order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(entryArb, { selector: (e) => e.entryId, maxLength: 60 }), (entries) => {
        expect(aggregate([...entries].reverse())).toEqual(aggregate(entries));
      }),
    );
  });

  it('writes a viral fund’s counters and checkpoint three times per hundred pledges, not a hundred times', () => {
    const pledges = Array.from({ length: 100 }, (_, i) => ({
      sequenceNumber: String(1000 + i),
      entry: { entryId: `01JAAAAAAAAAAAAAAAAAAA${String(i).padStart(4, '0')}`, fundId: 'cuba-2025', day: '2025-09-01', deltas: { pledged: 500_000, pledgeCount: 1, donorCount: 1 } },
    }));
    const { chunks } = planStream(pledges, null);
    expect(chunks).toHaveLength(1);
    // The fund's counter, the day's counter, and one checkpoint link.
    expect((chunks[0]!.updates.length + 1) / pledges.length).toBe(0.03);
    expect(chunks[0]).toMatchObject({ first: '1000', through: '1099' });
  });

  it('needs no write for a batch that changes nothing, and drops scopes whose deltas cancel out', () => {
    const base = { fundId: 'f1', day: '2025-09-01' };
    const made = { ...base, entryId: '01JA0000000000000000000001', deltas: { pledged: 100, pledgeCount: 1 } };
    const cancelled = { ...base, entryId: '01JA0000000000000000000002', deltas: { pledged: -100, pledgeCount: -1 } };
    const requested = { ...base, entryId: '01JA0000000000000000000003', wardCode: '26734', deltas: {} };
    const [chunk] = planStream([made, cancelled, requested].map((entry, i) => ({ sequenceNumber: String(i + 1), entry })), null).chunks;
    expect(chunk!.entries.map((e) => e.entryId)).toEqual([made.entryId, cancelled.entryId]);
    expect(chunk!.updates).toEqual([]);
    // Records that change nothing ride along: the checkpoint moves past them with the chunk.
    expect(chunk!.through).toBe('3');
    expect(planStream([{ sequenceNumber: '7', entry: requested }, { sequenceNumber: '8', entry: null }], null).chunks).toEqual([]);
  });

  it('never puts more than 100 items in a transaction, even when every entry brings three new scopes', () => {
    const records = Array.from({ length: 250 }, (_, i) => ({
      sequenceNumber: String(i + 1),
      entry: { entryId: `01JB${String(i).padStart(22, '0')}`, fundId: `fund-${i}`, day: '2025-09-01', wardCode: String(26_000 + i), deltas: { approved: 1 } },
    }));
    const { chunks } = planStream(records, null);
    for (const chunk of chunks) expect(chunk.updates.length + 1).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
    expect(chunks.flatMap((c) => c.entries)).toHaveLength(250);
  });
});

describe('scopes and shards', () => {
  it('hashes stably (FNV-1a 32)', () => {
    expect(stableHash('')).toBe(0x811c9dc5);
    expect(stableHash('a')).toBe(0xe40c292c);
    expect(shardFor('01JA', 'cuba-2025', 8)).toBe(shardFor('01JA', 'cuba-2025', 8));
  });

  it('parses the scopes the journal names', () => {
    const entry = { fundId: 'cuba-2025', day: '2025-09-01', wardCode: '26734' };
    expect(totalsScopes(entry).map(parseScope)).toEqual([
      { fundId: 'cuba-2025', dimension: 'FUND', value: 'cuba-2025' },
      { fundId: 'cuba-2025', dimension: 'DAY', value: '2025-09-01' },
      { fundId: 'cuba-2025', dimension: 'WARD', value: '26734' },
    ]);
  });
});
