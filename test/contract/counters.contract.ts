/** The counters: chunks applied with the move of their stream shard's checkpoint, once, and read back per fund, ward and day. */
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyDeltaSums } from '../../shared/domain/journal';
import { planStream } from '../../shared/domain/totals';
import { CheckpointMovedError } from '../../shared/usecases/ports';
import { entry, unique, type FixtureFactory, type StoresFixture } from './fixture';

export function countersContract(make: FixtureFactory): void {
  describe('the counter store', () => {
    let fx: StoresFixture;
    beforeAll(async () => {
      fx = await make();
    });

    /** The chunks of records numbered from `first`, planned from no checkpoint. */
    const chunksOf = (entries: ReturnType<typeof entry>[], first = 1) => planStream(entries.map((e, i) => ({ sequenceNumber: String(first + i), entry: e })), null).chunks;
    /** Applies entries as one new shard's records. */
    const apply = async (entries: ReturnType<typeof entry>[]) => {
      const shard = { stream: unique('arn:stream'), shardId: unique('shardId') };
      let from: string | null = null;
      for (const chunk of chunksOf(entries)) {
        await fx.stores.counters.applyChunk(shard, chunk, from);
        from = chunk.through;
      }
    };

    it('moves a shard’s checkpoint with each chunk, in one change with its counters, and refuses a chunk planned from a checkpoint that moved', async () => {
      const fundId = unique('f');
      const shard = { stream: unique('arn:stream'), shardId: 'shardId-00001' };
      const other = { ...shard, shardId: 'shardId-00002' };
      const [first] = planStream([{ sequenceNumber: '99', entry: entry(fundId, { at: '2025-09-01T02:00:00.000Z' }, { pledged: 500, pledgeCount: 1, donorCount: 1 }) }], null).chunks;
      const [second] = planStream([{ sequenceNumber: '1000', entry: entry(fundId, { at: '2025-09-01T03:00:00.000Z', wardCode: '26734', type: 'DISBURSEMENT_APPROVED', entityType: 'disbursement' }, { approved: 300 }) }], 99n).chunks;
      expect(await fx.stores.counters.checkpoint(shard)).toBeNull();
      await fx.stores.counters.applyChunk(shard, first!, null);
      expect(await fx.stores.counters.checkpoint(shard)).toBe('99');
      // A second delivery planned from the same checkpoint: refused whole.
      await expect(fx.stores.counters.applyChunk(shard, second!, null)).rejects.toBeInstanceOf(CheckpointMovedError);
      expect(await fx.stores.counters.readScope(fundId)).toEqual({ ...emptyDeltaSums(), pledged: 500, pledgeCount: 1, donorCount: 1 });
      await fx.stores.counters.applyChunk(shard, second!, '99');
      expect(await fx.stores.counters.checkpoint(shard)).toBe('1000');
      expect(await fx.stores.counters.checkpoint(other)).toBeNull();
      expect(await fx.stores.counters.readScope(fundId)).toEqual({ ...emptyDeltaSums(), pledged: 500, pledgeCount: 1, donorCount: 1, approved: 300 });
      expect(await fx.stores.counters.readScope(`${fundId}#WARD#26734`)).toEqual({ ...emptyDeltaSums(), approved: 300 });
      expect(await fx.stores.counters.readScope(unique('nothing'))).toEqual(emptyDeltaSums());
    });

    it('tells how far a shard was applied when it moved past a sequence number, comparing them as numbers', async () => {
      const fundId = unique('f');
      const shard = { stream: unique('arn:stream'), shardId: 'shardId-00001' };
      const one = (sequenceNumber: string) => planStream([{ sequenceNumber, entry: entry(fundId, {}, { pledged: 1 }) }], null).chunks[0]!;
      // The chain: nothing → 99 → 150 → 1200.
      await fx.stores.counters.applyChunk(shard, one('99'), null);
      await fx.stores.counters.applyChunk(shard, one('150'), '99');
      await fx.stores.counters.applyChunk(shard, one('1200'), '150');
      expect(await fx.stores.counters.checkpointBefore(shard, '50')).toBeNull();
      expect(await fx.stores.counters.checkpointBefore(shard, '99')).toBe('99');
      expect(await fx.stores.counters.checkpointBefore(shard, '120')).toBe('99');
      expect(await fx.stores.counters.checkpointBefore(shard, '1000')).toBe('150');
      expect(await fx.stores.counters.checkpointBefore(shard, '1200')).toBe('1200');
      expect(await fx.stores.counters.checkpointBefore(shard, '99999')).toBe('1200');
      expect(await fx.stores.counters.checkpointBefore({ ...shard, shardId: 'shardId-00009' }, '99')).toBeNull();
    });

    it('counts a chunk that began at or below a sequence number as applied when it moved past it', async () => {
      const fundId = unique('f');
      const shard = { stream: unique('arn:stream'), shardId: 'shardId-00001' };
      const chunkOf = (...sequenceNumbers: string[]) => planStream(sequenceNumbers.map((sequenceNumber) => ({ sequenceNumber, entry: entry(fundId, {}, { pledged: 1 }) })), null).chunks[0]!;
      await fx.stores.counters.applyChunk(shard, chunkOf('99'), null);
      // One delivery of 120 to 150 (a retry of it may be given up on after it committed).
      await fx.stores.counters.applyChunk(shard, chunkOf('120', '150'), '99');
      expect(await fx.stores.counters.checkpointBefore(shard, '110')).toBe('99');
      expect(await fx.stores.counters.checkpointBefore(shard, '120')).toBe('150');
      expect(await fx.stores.counters.checkpointBefore(shard, '130')).toBe('150');
    });

    it('reads several scopes together, zeros for a scope nothing was added to', async () => {
      const fundId = unique('f');
      await apply([entry(fundId, { at: '2025-09-01T02:00:00.000Z' }, { pledged: 5 }), entry(fundId, { at: '2025-09-02T02:00:00.000Z' }, { pledged: 7 })]);
      const together = await fx.stores.counters.readTogether([fundId, `${fundId}#DAY#2025-09-02`, `${fundId}#DAY#2025-09-09`]);
      expect([...together].map(([scope, sums]) => [scope, sums.pledged])).toEqual([
        [fundId, 12],
        [`${fundId}#DAY#2025-09-02`, 7],
        [`${fundId}#DAY#2025-09-09`, 0],
      ]);
    });

    it('lists a fund’s ward and day counters by scope, days within a range', async () => {
      const fundId = unique('f');
      await apply([
        entry(fundId, { at: '2025-09-01T02:00:00.000Z', wardCode: '26740' }, { approved: 1 }),
        entry(fundId, { at: '2025-09-02T02:00:00.000Z', wardCode: '26734' }, { approved: 2 }),
        entry(fundId, { at: '2025-09-03T02:00:00.000Z' }, { pledged: 4 }),
      ]);
      expect((await fx.stores.counters.listScopes(fundId, 'WARD')).map((s) => [s.scope, s.sums.approved])).toEqual([
        [`${fundId}#WARD#26734`, 2],
        [`${fundId}#WARD#26740`, 1],
      ]);
      expect((await fx.stores.counters.listScopes(fundId, 'DAY')).map((s) => s.scope)).toEqual(['2025-09-01', '2025-09-02', '2025-09-03'].map((d) => `${fundId}#DAY#${d}`));
      expect((await fx.stores.counters.listScopes(fundId, 'DAY', { from: '2025-09-02', to: '2025-09-02' })).map((s) => s.sums.approved)).toEqual([2]);
      expect((await fx.stores.counters.listScopes(fundId, 'DAY', { from: '2025-09-02' })).length).toBe(2);
      expect((await fx.stores.counters.listScopes(fundId, 'DAY', { to: '2025-09-01' })).length).toBe(1);
    });

    it('reads every counter of a fund, and with consistency also the scopes it is asked about', async () => {
      const fundId = unique('f');
      await apply([entry(fundId, { at: '2025-09-01T02:00:00.000Z', wardCode: '26740' }, { approved: 7 })]);
      const quick = await fx.stores.counters.readFund(fundId);
      expect([...quick.keys()].sort()).toEqual([fundId, `${fundId}#DAY#2025-09-01`, `${fundId}#WARD#26740`].sort());
      expect(quick.get(`${fundId}#WARD#26740`)!.approved).toBe(7);
      const asked = `${fundId}#WARD#99999`;
      const consistent = await fx.stores.counters.readFund(fundId, { consistent: true, alsoScopes: [asked] });
      expect(consistent.get(asked)).toEqual(emptyDeltaSums());
      expect(consistent.get(fundId)!.approved).toBe(7);
      expect(quick.has(asked)).toBe(false);
    });

  });
}
