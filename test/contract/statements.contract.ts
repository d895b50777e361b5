/**
 * Statements (newest first, the processing lease and its progress, the checkpoint moved with a
 * batch's counters), their line batches, the day index and its fence, the hand-recorded bank
 * references an import fences on, and saved column mappings with their versions.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { newId } from '../../shared/domain/ids';
import { ConflictError, ValidationError } from '../../shared/errors';
import type { WriteOp } from '../../shared/usecases/ports';
import { batch, create, fund, line, statement, unique, walk, type FixtureFactory, type StoresFixture } from './fixture';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the commit to be refused');
}

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
        add: { duplicates: 2, counted: 0 },
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

    it('keeps a statement’s lines in batches: each written once, found by any of its lines, replaced only from its version', async () => {
      const value = statement(fundId);
      const first = batch(value, 1, [line(1), line(2), line(3)]);
      const second = batch(value, 4, [line(4, { class: 'HELD', status: undefined, heldReason: 'INFERRED_AMOUNT' })]);
      await fx.stores.transaction.commit([create({ type: 'statement', value }), create({ type: 'statementBatch', value: first }), create({ type: 'statementBatch', value: second })]);
      expect(await fx.stores.statementLines.batchOf(value.id, 2)).toEqual(first);
      expect(await fx.stores.statementLines.batchOf(value.id, 4)).toEqual(second);
      expect(await fx.stores.statementLines.batchOf(value.id, 5)).toBeNull();
      expect(await fx.stores.statementLines.batchOf(unique('other'), 1)).toBeNull();
      expect(await rejection(fx.stores.transaction.commit([create({ type: 'statementBatch', value: first })]))).toMatchObject({ failedOp: 'create:statementBatch' });
      const decided = { ...second, lines: [{ ...second.lines[0]!, class: 'COUNTED' as const, status: 'UNMATCHED' as const }], version: 2 };
      await fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'statementBatch', value: decided }, expectedVersion: 1 }]);
      expect(await rejection(fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'statementBatch', value: { ...decided, version: 3 } }, expectedVersion: 1 }]))).toMatchObject({
        failedOp: 'update:statementBatch',
      });
      expect(await fx.stores.statementLines.batchOf(value.id, 4)).toEqual(decided);
    });

    it('scans a statement’s batches in line order from any line, a few at a time, or only those holding a class, status or reason', async () => {
      const value = statement(fundId);
      const batches = [
        batch(value, 1, [line(1), line(2)]),
        batch(value, 3, [line(3, { status: 'MATCHED' })]),
        batch(value, 4, [line(4), line(5, { class: 'HELD', status: undefined, heldReason: 'POSSIBLE_DUPLICATE' })]),
        batch(value, 6, [line(6, { class: 'DUPLICATE', status: undefined })]),
      ];
      await fx.stores.transaction.commit([create({ type: 'statement', value }), ...batches.map((b) => create({ type: 'statementBatch', value: b }))]);
      const all: number[] = [];
      for (let from: number | undefined = 1; from !== undefined; ) {
        const scan = await fx.stores.statementLines.scan(value.id, { fromLineNo: from, maxBatches: 2 });
        all.push(...scan.batches.map((b) => b.firstLineNo));
        from = scan.next;
      }
      expect(all).toEqual([1, 3, 4, 6]);
      expect((await fx.stores.statementLines.scan(value.id, { fromLineNo: 5, maxBatches: 10 })).batches.map((b) => b.firstLineNo)).toEqual([4, 6]);
      const held = await fx.stores.statementLines.scan(value.id, { fromLineNo: 1, maxBatches: 10, having: 'HELD' });
      expect(held.batches.map((b) => b.firstLineNo)).toEqual([4]);
      expect(held.next).toBeUndefined();
      expect((await fx.stores.statementLines.scan(value.id, { fromLineNo: 1, maxBatches: 10, having: 'POSSIBLE_DUPLICATE' })).batches.map((b) => b.firstLineNo)).toEqual([4]);
      expect((await fx.stores.statementLines.scan(value.id, { fromLineNo: 1, maxBatches: 10, having: 'MATCHED' })).batches.map((b) => b.firstLineNo)).toEqual([3]);
      expect((await fx.stores.statementLines.scan(value.id, { fromLineNo: 1, maxBatches: 10, having: 'IGNORED' })).batches).toEqual([]);
    });

    it('moves the checkpoint with a batch’s counters, only for the lease’s owner and from the checkpoint it expects', async () => {
      const value = statement(fundId);
      await fx.stores.transaction.commit([create({ type: 'statement', value })]);
      await fx.stores.statements.lease(value.id, 'run-1', '2025-09-04T02:00:00.000Z', '2025-09-04T02:02:00.000Z');
      const step = (owner: string, from: number, to: number): WriteOp => ({ op: 'statementCounters', statementId: value.id, change: { counted: to - from }, checkpoint: { owner, from, to, leaseUntil: '2025-09-04T02:05:00.000Z' } });
      await fx.stores.transaction.commit([step('run-1', 0, 250)]);
      expect(await fx.stores.statements.get(value.id)).toMatchObject({ linesProcessed: 250, counted: 250, leaseUntil: '2025-09-04T02:05:00.000Z' });
      expect(await rejection(fx.stores.transaction.commit([step('run-1', 0, 250)]))).toMatchObject({ failedOp: 'statementCounters' });
      expect(await rejection(fx.stores.transaction.commit([step('run-2', 250, 500)]))).toMatchObject({ failedOp: 'statementCounters' });
      expect(await fx.stores.statements.get(value.id)).toMatchObject({ linesProcessed: 250, counted: 250 });
    });

    it('keeps each account’s day of the index: chunks written once, read whole, and a version that fences the day’s writers', async () => {
      const account = `970436/${unique('acct')}`;
      const day = '2024-09-13';
      expect(await fx.stores.dayIndex.read(account, day)).toEqual({ version: 0, chunks: [] });
      const chunk = { statementId: 'S1', firstLineNo: 1, cover: { first: '03:57:00', last: '07:00:00', precision: 'second' as const }, prints: ['1|C|w1|||t1||03:57:00s||', '2|D|w2|r2||||||S0:9'] };
      await fx.stores.transaction.commit([
        { op: 'indexChunk', account, valueDate: day, chunk },
        { op: 'dayHead', account, valueDate: day, expectedVersion: 0 },
      ]);
      expect(await rejection(fx.stores.transaction.commit([{ op: 'dayHead', account, valueDate: day, expectedVersion: 0 }]))).toMatchObject({ failedOp: 'dayHead' });
      expect(await rejection(fx.stores.transaction.commit([{ op: 'indexChunk', account, valueDate: day, chunk }, { op: 'dayHead', account, valueDate: day, expectedVersion: 1 }]))).toMatchObject({
        failedOp: 'indexChunk',
      });
      const other = { statementId: 'S2', firstLineNo: 1, prints: [] };
      await fx.stores.transaction.commit([{ op: 'indexChunk', account, valueDate: day, chunk: other }, { op: 'dayHead', account, valueDate: day, expectedVersion: 1 }]);
      expect(await fx.stores.dayIndex.read(account, day)).toEqual({ version: 2, chunks: [chunk, other] });
      expect(await fx.stores.dayIndex.read(account, '2024-09-14')).toEqual({ version: 0, chunks: [] });
      await fx.stores.transaction.commit([{ op: 'dayUnchanged', account, valueDate: day, version: 2 }, { op: 'dayUnchanged', account, valueDate: '2024-09-14', version: 0 }]);
      expect(await rejection(fx.stores.transaction.commit([{ op: 'dayUnchanged', account, valueDate: day, version: 1 }]))).toMatchObject({ failedOp: 'dayUnchanged' });
    });

    it('counts receipts recorded by hand with a bank reference, and fences on that count', async () => {
      const own = fund();
      await fx.seedFunds([own]);
      expect(await fx.stores.receipts.bankRefCount(own.fundId)).toBe(0);
      await fx.stores.transaction.commit([{ op: 'bankRefsUnchanged', fundId: own.fundId, count: 0 }]);
      await fx.stores.transaction.commit([{ op: 'bankRefRecorded', fundId: own.fundId }, { op: 'unique', name: `BANKREF#${own.fundId}#FT 1`, owner: 'R1' }]);
      expect(await fx.stores.receipts.bankRefCount(own.fundId)).toBe(1);
      expect(await rejection(fx.stores.transaction.commit([{ op: 'bankRefsUnchanged', fundId: own.fundId, count: 0 }]))).toMatchObject({ failedOp: 'bankRefsUnchanged' });
      await fx.stores.transaction.commit([{ op: 'bankRefsUnchanged', fundId: own.fundId, count: 1 }]);
      expect(await fx.stores.receipts.bankRefOwners(own.fundId, ['FT 1', 'FT2'])).toEqual(new Map([['FT 1', 'R1']]));
      expect(await fx.stores.receipts.bankRefOwners(unique('other'), ['FT 1'])).toEqual(new Map());
    });

    it('keeps saved column mappings and every version of each, oldest first', async () => {
      const id = newId();
      const base = {
        id,
        fundId,
        name: 'ACB',
        header: ['Ngày', 'Số tiền', 'Nội dung'],
        mapping: { date: 'Ngày', amount: 'Số tiền', memo: 'Nội dung', dateFormat: 'dd/mm/yyyy' as const, decimal: ',' as const },
        version: 1,
        createdBy: 'staff:an',
        createdAt: '2025-09-04T02:00:00.000Z',
        updatedBy: 'staff:an',
        updatedAt: '2025-09-04T02:00:00.000Z',
      };
      await fx.stores.transaction.commit([create({ type: 'statementMapping', value: base }), create({ type: 'statementMappingVersion', value: base })]);
      const next = { ...base, name: 'ACB (2)', version: 2, updatedAt: '2025-09-05T02:00:00.000Z' };
      await fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'statementMapping', value: next }, expectedVersion: 1 }, create({ type: 'statementMappingVersion', value: next })]);
      expect(await fx.stores.statementMappings.get(id)).toEqual(next);
      expect(await fx.stores.statementMappings.versions(id)).toEqual([base, next]);
      expect((await fx.stores.statementMappings.list()).filter((m) => m.id === id)).toEqual([next]);
      expect(await fx.stores.statementMappings.get(newId())).toBeNull();
      expect(await rejection(fx.stores.transaction.commit([create({ type: 'statementMappingVersion', value: next })]))).toMatchObject({ failedOp: 'create:statementMappingVersion' });
    });
  });
}
