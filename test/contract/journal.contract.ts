/** The journal's reads: pages with opaque cursors in entry-id order, an aggregate's trail, the report's bounded pages. */
import { beforeAll, describe, expect, it } from 'vitest';
import { ValidationError } from '../../shared/errors';
import { entry, fund, journal, unique, walk, type FixtureFactory, type StoresFixture } from './fixture';

export function journalContract(make: FixtureFactory): void {
  describe('the journal store', () => {
    let fx: StoresFixture;
    beforeAll(async () => {
      fx = await make();
    });

    it('pages a fund’s journal in entry-id order, every entry once, with cursors of its own', async () => {
      const own = fund();
      const other = fund();
      await fx.seedFunds([own, other]);
      const entries = Array.from({ length: 5 }, () => entry(own.fundId));
      await fx.stores.transaction.commit([...entries].reverse().map(journal));
      await fx.stores.transaction.commit([journal(entry(other.fundId))]);
      const { items, pages } = await walk((cursor) => fx.stores.journal.page(own.fundId, { cursor, limit: 2 }));
      expect(items.map((e) => e.entryId)).toEqual(entries.map((e) => e.entryId));
      expect(items).toEqual(entries);
      expect(pages.every((size) => size <= 2)).toBe(true);
      const first = await fx.stores.journal.page(own.fundId, { limit: 2 });
      await expect(fx.stores.journal.page(other.fundId, { cursor: first.cursor, limit: 2 })).rejects.toBeInstanceOf(ValidationError);
      await expect(fx.stores.journal.page(own.fundId, { cursor: 'not-a-cursor', limit: 2 })).rejects.toMatchObject({
        errors: [{ path: 'query.cursor', message: 'is not a cursor from this list' }],
      });
      expect((await fx.stores.journal.page(unique('empty-fund'), { limit: 10 })).items).toEqual([]);
    });

    it('pages a fund’s journal newest first too, every entry once', async () => {
      const own = fund();
      await fx.seedFunds([own]);
      const entries = Array.from({ length: 5 }, () => entry(own.fundId));
      await fx.stores.transaction.commit(entries.map(journal));
      const { items, pages } = await walk((cursor) => fx.stores.journal.page(own.fundId, { cursor, limit: 2, newestFirst: true }));
      expect(items.map((e) => e.entryId)).toEqual([...entries].reverse().map((e) => e.entryId));
      expect(pages.every((size) => size <= 2)).toBe(true);
    });

    it('merges a busy fund’s journal in entry-id order, page by page and through the report’s reader', async () => {
      const own = fund();
      await fx.seedFunds([own]);
      // Forty entries land in every partition of the journal; written in an order of their own.
      const entries = Array.from({ length: 40 }, () => entry(own.fundId));
      const shuffled = entries.map((e, i) => ({ e, k: (i * 17) % 40 })).sort((a, b) => a.k - b.k).map(({ e }) => e);
      for (let i = 0; i < shuffled.length; i += 20) await fx.stores.transaction.commit(shuffled.slice(i, i + 20).map(journal));
      const { items, pages } = await walk((cursor) => fx.stores.journal.page(own.fundId, { cursor, limit: 3 }));
      expect(items.map((e) => e.entryId)).toEqual(entries.map((e) => e.entryId));
      expect(pages.slice(0, -1).every((size) => size === 3)).toBe(true);
      const newest = await walk((cursor) => fx.stores.journal.page(own.fundId, { cursor, limit: 3, newestFirst: true }));
      expect(newest.items.map((e) => e.entryId)).toEqual([...entries].reverse().map((e) => e.entryId));
      const read = [];
      for await (const page of fx.stores.journal.pages(own.fundId)) read.push(...page);
      expect(read.map((e) => e.entryId)).toEqual(entries.map((e) => e.entryId));
    });

    it('gives one aggregate’s trail in entry-id order', async () => {
      const own = fund();
      const entityRef = unique('UH');
      const made = entry(own.fundId, { entityRef });
      const cancelled = entry(own.fundId, { entityRef, type: 'PLEDGE_CANCELLED' }, { pledged: -100, pledgeCount: -1 });
      await fx.stores.transaction.commit([journal(cancelled), journal(made), journal(entry(own.fundId))]);
      expect((await fx.stores.journal.entityTrail(entityRef)).map((e) => e.type)).toEqual(['PLEDGE_MADE', 'PLEDGE_CANCELLED']);
      expect(await fx.stores.journal.entityTrail(unique('UH'))).toEqual([]);
    });

    it('reads the whole journal, or the entries whose id time is before a cutoff or from it on, page by page in order', async () => {
      const own = fund();
      const times = ['2025-09-01T10:00:00.000Z', '2025-09-01T16:59:59.999Z', '2025-09-01T17:00:00.000Z', '2025-09-02T01:00:00.000Z'];
      const entries = times.map((at) => entry(own.fundId, { at }));
      await fx.stores.transaction.commit(entries.map(journal));
      const read = async (range?: { before?: number; from?: number }) => {
        const out = [];
        for await (const page of fx.stores.journal.pages(own.fundId, range)) out.push(...page);
        return out;
      };
      expect(await read()).toEqual(entries);
      expect((await read({ before: Date.parse('2025-09-01T17:00:00.000Z') })).map((e) => e.at)).toEqual(times.slice(0, 2));
      expect(await read({ before: Date.parse('2025-08-01T00:00:00.000Z') })).toEqual([]);
      expect((await read({ from: Date.parse('2025-09-01T17:00:00.000Z') })).map((e) => e.at)).toEqual(times.slice(2));
      expect((await read({ from: Date.parse('2025-09-01T16:59:59.999Z') })).map((e) => e.at)).toEqual(times.slice(1));
    });
  });
}
