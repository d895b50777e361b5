/** The counters: each journal entry added exactly once, whatever is delivered again, and read back per fund, ward and day. */
import { beforeAll, describe, expect, it } from 'vitest';
import { emptyDeltaSums } from '../../shared/domain/journal';
import { entryKey } from '../../shared/domain/totals';
import { TotalsApplyError } from '../../shared/usecases/ports';
import { entry, unique, type FixtureFactory, type StoresFixture } from './fixture';

export function countersContract(make: FixtureFactory): void {
  describe('the counter store', () => {
    let fx: StoresFixture;
    beforeAll(async () => {
      fx = await make();
    });

    it('adds each entry once: a redelivered batch, a repeat within a batch and a partial redelivery change nothing', async () => {
      const fundId = unique('f');
      const entries = [
        entry(fundId, { at: '2025-09-01T02:00:00.000Z' }, { pledged: 500, pledgeCount: 1, donorCount: 1 }),
        entry(fundId, { at: '2025-09-01T03:00:00.000Z', wardCode: '26734', type: 'DISBURSEMENT_APPROVED', entityType: 'disbursement' }, { approved: 300 }),
        entry(fundId, { at: '2025-09-02T03:00:00.000Z' }, { received: 200, receiptCount: 1 }),
      ];
      const first = await fx.stores.counters.applyEntries([...entries, entries[0]!]);
      expect(first.applied).toEqual(entries.map((e) => e.entryId));
      expect(first.alreadyApplied).toEqual([]);
      expect(first.transactions).toBe(1);
      const again = await fx.stores.counters.applyEntries(entries);
      expect(again.applied).toEqual([]);
      expect(again.alreadyApplied.sort()).toEqual(entries.map((e) => e.entryId).sort());
      const fresh = entry(fundId, { at: '2025-09-02T04:00:00.000Z' }, { received: 50, receiptCount: 1 });
      const mixed = await fx.stores.counters.applyEntries([entries[2]!, fresh]);
      expect(mixed).toMatchObject({ applied: [fresh.entryId], alreadyApplied: [entries[2]!.entryId] });
      expect(await fx.stores.counters.readScope(fundId)).toEqual({ ...emptyDeltaSums(), pledged: 500, pledgeCount: 1, donorCount: 1, approved: 300, received: 250, receiptCount: 2 });
      expect(await fx.stores.counters.readScope(`${fundId}#WARD#26734`)).toEqual({ ...emptyDeltaSums(), approved: 300 });
      expect(await fx.stores.counters.readScope(unique('nothing'))).toEqual(emptyDeltaSums());
      const keys = await fx.stores.counters.appliedEntryKeys([...entries, entry(fundId)]);
      expect([...keys].sort()).toEqual(entries.map(entryKey).sort());
    });

    it('needs no write for entries that change nothing', async () => {
      const fundId = unique('f');
      const report = await fx.stores.counters.applyEntries([entry(fundId, {}, {})]);
      expect(report).toEqual({ applied: [], alreadyApplied: [], counterWrites: 0, transactions: 0 });
      expect(await fx.stores.counters.listScopes(fundId, 'DAY')).toEqual([]);
    });

    it('lists a fund’s ward and day counters by scope, days within a range', async () => {
      const fundId = unique('f');
      await fx.stores.counters.applyEntries([
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
      await fx.stores.counters.applyEntries([entry(fundId, { at: '2025-09-01T02:00:00.000Z', wardCode: '26740' }, { approved: 7 })]);
      const quick = await fx.stores.counters.readFund(fundId);
      expect([...quick.keys()].sort()).toEqual([fundId, `${fundId}#DAY#2025-09-01`, `${fundId}#WARD#26740`].sort());
      expect(quick.get(`${fundId}#WARD#26740`)!.approved).toBe(7);
      const asked = `${fundId}#WARD#99999`;
      const consistent = await fx.stores.counters.readFund(fundId, { consistent: true, alsoScopes: [asked] });
      expect(consistent.get(asked)).toEqual(emptyDeltaSums());
      expect(consistent.get(fundId)!.approved).toBe(7);
      expect(quick.has(asked)).toBe(false);
    });

    it('leaves the chunks it has no time for, naming every entry not applied, and applies them when they come again', async () => {
      const fundId = unique('f');
      // 120 entries over 60 wards need more than one transaction of 100 items.
      const entries = Array.from({ length: 120 }, (_, i) => entry(fundId, { wardCode: String(26_000 + (i % 60)) }, { approved: 1 }));
      const error = await fx.stores.counters.applyEntries(entries, { enoughTime: () => false }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TotalsApplyError);
      const { notDone, partial } = error as TotalsApplyError;
      expect(partial.applied.length).toBeGreaterThan(0);
      expect(partial.applied.length + notDone.size).toBe(120);
      expect(entries.filter((e) => notDone.has(entryKey(e))).map((e) => e.entryId)).toEqual(entries.slice(partial.applied.length).map((e) => e.entryId));
      expect((await fx.stores.counters.readScope(fundId)).approved).toBe(partial.applied.length);
      const rest = await fx.stores.counters.applyEntries(entries);
      expect(rest.applied.length).toBe(notDone.size);
      expect((await fx.stores.counters.readScope(fundId)).approved).toBe(120);
    });
  });
}
