import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { emptyDeltaSums, totalsScopes } from '../../shared/domain/journal';
import {
  aggregate,
  distinctEffectiveEntries,
  MAX_TRANSACTION_ITEMS,
  parseScope,
  planChunks,
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

describe('planning the counter writes of a batch', () => {
  it('writes exactly the sum of the distinct entries, in chunks of at most 100 items, in batch order', () => {
    fc.assert(
      fc.property(fc.array(entryArb, { maxLength: 300 }), fc.integer({ min: 1, max: 16 }), fc.integer({ min: 4, max: 100 }), (raw, shards, maxItems) => {
        // Repeats of a record within a batch: the same entry twice.
        const entries = [...raw, ...raw.slice(0, raw.length >> 2)];
        const chunks = planChunks(entries, { shards, maxItems });
        const written = new Map<string, DeltaSums>();
        for (const chunk of chunks) {
          expect(chunk.entries.length + chunk.updates.length).toBeLessThanOrEqual(maxItems);
          const keys = chunk.updates.map((u) => `${u.scope}/${u.shard}`);
          expect(new Set(keys).size).toBe(keys.length);
          for (const update of chunk.updates) {
            expect(update.shard).toBeGreaterThanOrEqual(0);
            expect(update.shard).toBeLessThan(shards);
            addInto(written, update.scope, update.deltas);
          }
        }
        const distinct = distinctEffectiveEntries(entries);
        expect(chunks.flatMap((c) => c.entries)).toEqual(distinct);
        expect(withoutZeros(written)).toEqual(withoutZeros(sumJournal(distinct)));
      }),
    );
  });

  it('picks the same shards for the same chunk in any order', () => {
    fc.assert(
      fc.property(fc.uniqueArray(entryArb, { selector: (e) => e.entryId, maxLength: 60 }), (entries) => {
        expect(aggregate([...entries].reverse(), 8)).toEqual(aggregate(entries, 8));
      }),
    );
  });

  it('writes a viral fund’s counters a few times per hundred pledges, not a hundred times', () => {
    const pledges: TotalsEntry[] = Array.from({ length: 100 }, (_, i) => ({
      entryId: `01JAAAAAAAAAAAAAAAAAAA${String(i).padStart(4, '0')}`,
      fundId: 'cuba-2025',
      day: '2025-09-01',
      deltas: { pledged: 500_000, pledgeCount: 1, donorCount: 1 },
    }));
    const chunks = planChunks(pledges, { shards: 8 });
    const counterWrites = chunks.reduce((n, c) => n + c.updates.length, 0);
    expect(chunks).toHaveLength(2);
    expect(counterWrites / pledges.length).toBeLessThanOrEqual(0.05);
  });

  it('needs no write for entries that change nothing, and drops scopes whose deltas cancel out', () => {
    const base = { fundId: 'f1', day: '2025-09-01' };
    const made = { ...base, entryId: '01JA0000000000000000000001', deltas: { pledged: 100, pledgeCount: 1 } };
    const cancelled = { ...base, entryId: '01JA0000000000000000000002', deltas: { pledged: -100, pledgeCount: -1 } };
    const requested = { ...base, entryId: '01JA0000000000000000000003', wardCode: '26734', deltas: {} };
    const [chunk] = planChunks([made, cancelled, requested], { shards: 8 });
    expect(chunk!.entries.map((e) => e.entryId)).toEqual([made.entryId, cancelled.entryId]);
    expect(chunk!.updates).toEqual([]);
  });

  it('never puts more than 100 items in a transaction, even when every entry brings three new scopes', () => {
    const entries: TotalsEntry[] = Array.from({ length: 250 }, (_, i) => ({
      entryId: `01JB${String(i).padStart(22, '0')}`,
      fundId: `fund-${i}`,
      day: '2025-09-01',
      wardCode: String(26_000 + i),
      deltas: { approved: 1 },
    }));
    const chunks = planChunks(entries, { shards: 4 });
    for (const chunk of chunks) expect(chunk.entries.length + chunk.updates.length).toBeLessThanOrEqual(MAX_TRANSACTION_ITEMS);
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
