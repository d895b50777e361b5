/** Statements (newest first, the processing lease and its progress) and their lines (by status and line, to review). */
import { beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, ValidationError } from '../../shared/errors';
import { create, fund, line, statement, unique, walk, type FixtureFactory, type StoresFixture } from './fixture';

export function statementsContract(make: FixtureFactory): void {
  describe('the statement and statement-line stores', () => {
    let fx: StoresFixture;
    let fundId: string;
    beforeAll(async () => {
      fx = await make();
      const open = fund();
      fundId = open.fundId;
      await fx.seedFunds([open]);
    });

    it('lists a fund’s statements newest first, page by page', async () => {
      const own = fund();
      const made = Array.from({ length: 3 }, () => statement(own.fundId));
      await fx.stores.transaction.commit([...made.map((value) => create({ type: 'statement', value })), create({ type: 'statement', value: statement(fundId) })]);
      const { items } = await walk((cursor) => fx.stores.statements.list(own.fundId, { cursor, limit: 2 }));
      expect(items.map((s) => s.id)).toEqual(made.map((s) => s.id).reverse());
      expect(await fx.stores.statements.get(made[0]!.id)).toEqual(made[0]);
      expect(await fx.stores.statements.get(unique('no-such-statement'))).toBeNull();
      const first = await fx.stores.statements.list(own.fundId, { limit: 1 });
      await expect(fx.stores.statements.list(fundId, { cursor: first.cursor, limit: 1 })).rejects.toBeInstanceOf(ValidationError);
    });

    it('leases a statement to one owner at a time, renews it for that owner, and frees it when it runs out', async () => {
      const value = statement(fundId);
      await fx.stores.transaction.commit([create({ type: 'statement', value })]);
      const now = '2025-09-04T02:00:00.000Z';
      expect(await fx.stores.statements.lease(value.id, 'run-1', now, '2025-09-04T02:02:00.000Z')).toMatchObject({ id: value.id, leaseOwner: 'run-1' });
      expect(await fx.stores.statements.lease(value.id, 'run-2', '2025-09-04T02:01:00.000Z', '2025-09-04T02:03:00.000Z')).toBeNull();
      expect(await fx.stores.statements.lease(value.id, 'run-1', '2025-09-04T02:01:00.000Z', '2025-09-04T02:05:00.000Z')).toMatchObject({
        leaseUntil: '2025-09-04T02:05:00.000Z',
      });
      expect(await fx.stores.statements.lease(value.id, 'run-2', '2025-09-04T02:06:00.000Z', '2025-09-04T02:08:00.000Z')).toMatchObject({ leaseOwner: 'run-2' });
      expect(await fx.stores.statements.lease(unique('no-such-statement'), 'run-1', now, now)).toBeNull();
    });

    it('saves progress only for the lease’s owner and at the expected checkpoint, and gives the lease up with it', async () => {
      const value = statement(fundId);
      await fx.stores.transaction.commit([create({ type: 'statement', value })]);
      await fx.stores.statements.lease(value.id, 'run-1', '2025-09-04T02:00:00.000Z', '2025-09-04T02:02:00.000Z');
      const saved = await fx.stores.statements.saveProgress(value.id, 'run-1', {
        set: { status: 'IMPORTING', linesProcessed: 100, etag: undefined },
        add: { duplicates: 2, imported: 0 },
        expectLinesProcessed: 0,
      });
      expect(saved).toMatchObject({ status: 'IMPORTING', linesProcessed: 100, duplicates: 2, leaseOwner: 'run-1' });
      await expect(fx.stores.statements.saveProgress(value.id, 'run-2', { set: { linesProcessed: 200 } })).rejects.toBeInstanceOf(ConflictError);
      await expect(fx.stores.statements.saveProgress(value.id, 'run-1', { set: { linesProcessed: 200 }, expectLinesProcessed: 0 })).rejects.toBeInstanceOf(ConflictError);
      const released = await fx.stores.statements.saveProgress(value.id, 'run-1', { set: { status: 'COMPLETED' }, release: true });
      expect(released.status).toBe('COMPLETED');
      expect(released.leaseOwner).toBeUndefined();
      expect(released.leaseUntil).toBeUndefined();
      expect(await fx.stores.statements.get(value.id)).toMatchObject({ status: 'COMPLETED', linesProcessed: 100, duplicates: 2 });
      await expect(fx.stores.statements.saveProgress(value.id, 'run-1', { set: { linesProcessed: 1 } })).rejects.toBeInstanceOf(ConflictError);
      expect(await fx.stores.statements.lease(value.id, 'run-2', '2025-09-04T02:00:30.000Z', '2025-09-04T02:03:00.000Z')).toMatchObject({ leaseOwner: 'run-2' });
    });

    it('finds a fund’s lines by identity, one at a time or many in one read', async () => {
      const value = statement(fundId);
      const lines = [line(value, 1), line(value, 2)];
      await fx.stores.transaction.commit([create({ type: 'statement', value }), ...lines.map((l) => create({ type: 'statementLine', value: l }))]);
      expect(await fx.stores.statementLines.get(fundId, lines[0]!.lineId)).toEqual(lines[0]);
      expect(await fx.stores.statementLines.get(unique('other-fund'), lines[0]!.lineId)).toBeNull();
      const found = await fx.stores.statementLines.getMany(fundId, [lines[1]!.lineId, unique('line'), lines[0]!.lineId]);
      expect([...found.keys()].sort()).toEqual([lines[0]!.lineId, lines[1]!.lineId].sort());
      expect(found.get(lines[1]!.lineId)).toEqual(lines[1]);
      expect((await fx.stores.statementLines.getMany(fundId, [])).size).toBe(0);
    });

    it('lists a statement’s lines by status then file order, or one status in file order, page by page', async () => {
      const value = statement(fundId);
      const lines = [
        line(value, 3, { status: 'MATCHED' }),
        line(value, 1, { status: 'UNMATCHED' }),
        line(value, 10, { status: 'MATCHED' }),
        line(value, 2, { status: 'FLAGGED' }),
        line(value, 4, { status: 'UNMATCHED' }),
      ];
      await fx.stores.transaction.commit([create({ type: 'statement', value }), ...lines.map((l) => create({ type: 'statementLine', value: l }))]);
      const all = await walk((cursor) => fx.stores.statementLines.listByStatement(value.id, { cursor, limit: 2 }));
      expect(all.items.map((l) => `${l.status}#${l.lineNo}`)).toEqual(['FLAGGED#2', 'MATCHED#3', 'MATCHED#10', 'UNMATCHED#1', 'UNMATCHED#4']);
      const matched = await walk((cursor) => fx.stores.statementLines.listByStatement(value.id, { status: 'MATCHED', cursor, limit: 1 }));
      expect(matched.items.map((l) => l.lineNo)).toEqual([3, 10]);
      await expect(fx.stores.statementLines.listByStatement(value.id, { cursor: 'e30', limit: 1 })).rejects.toBeInstanceOf(ValidationError);
    });

    it('lists the fund’s lines waiting for a person, oldest value date first, and drops a line once it is decided', async () => {
      const own = fund();
      const value = statement(own.fundId);
      const later = line(value, 1, { status: 'FLAGGED', valueDate: '2025-09-05' });
      const earlier = line(value, 2, { status: 'UNMATCHED', valueDate: '2025-09-01' });
      const matched = line(value, 3, { status: 'MATCHED', valueDate: '2025-08-01' });
      const middle = line(value, 4, { status: 'UNMATCHED', valueDate: '2025-09-03' });
      await fx.stores.transaction.commit([create({ type: 'statement', value }), ...[later, earlier, matched, middle].map((l) => create({ type: 'statementLine', value: l }))]);
      expect((await fx.stores.statementLines.listToReview(own.fundId, 10)).map((l) => l.lineNo)).toEqual([2, 4, 1]);
      expect((await fx.stores.statementLines.listToReview(own.fundId, 2)).map((l) => l.lineNo)).toEqual([2, 4]);
      await fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'statementLine', value: { ...earlier, status: 'IGNORED', version: 2 } }, expectedVersion: 1 }]);
      expect((await fx.stores.statementLines.listToReview(own.fundId, 10)).map((l) => l.lineNo)).toEqual([4, 1]);
    });
  });
}
