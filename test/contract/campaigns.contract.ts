/**
 * The campaign ports and ops: funds written by commands (versions, funds seeded without one),
 * the fund-state check, committees, the plan's header and ward items with their conditions,
 * goods, organisations' batches and their row chunks.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import type { Batch, BatchRowsChunk } from '../../shared/domain/batches';
import type { Committee } from '../../shared/domain/committees';
import type { GoodsHandover, GoodsLot } from '../../shared/domain/goods';
import { newId } from '../../shared/domain/ids';
import type { PlanHeader } from '../../shared/domain/plans';
import { CommitRejectedError } from '../../shared/errors';
import type { WriteOp } from '../../shared/usecases/ports';
import { create, fund, unique, walk, type FixtureFactory, type StoresFixture } from './fixture';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the commit to be refused');
}

const ward = (wardCode: string) => ({ wardCode, wardName: `Phường ${wardCode}`, provinceCode: '79' });
const header = (fundId: string, version: number, status: PlanHeader['status'] = 'COMPLETE'): PlanHeader => ({ fundId, version, status, wardCount: 1, total: 100 });

function lot(fundId: string, overrides: Partial<GoodsLot> = {}): GoodsLot {
  return {
    id: newId(),
    fundId,
    description: 'Gạo tẻ',
    unit: 'kg',
    quantityMilli: 1_000_000,
    remainingMilli: 1_000_000,
    estimatedValue: 15_000_000,
    remainingValue: 15_000_000,
    donor: { type: 'organisation', name: 'Công ty Lương thực', publishName: true },
    receivingPoint: 'Kho Ủy ban MTTQ phường Sài Gòn',
    receivedAt: '2025-09-02T02:00:00.000Z',
    late: false,
    recordedBy: 'staff:an',
    recordedAt: '2025-09-02T02:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

function batch(orgId: string, overrides: Partial<Batch> = {}): Batch {
  return {
    id: newId(),
    orgId,
    fundId: 'quy',
    fileName: 'ds.csv',
    sha256: 'ab',
    status: 'QUEUED',
    rows: 2,
    accepted: 2,
    rejected: 0,
    errors: [],
    chunks: 1,
    chunksDone: 0,
    created: 0,
    existing: 0,
    refused: 0,
    uploadedBy: `org:${orgId}`,
    uploadedAt: '2025-09-02T02:00:00.000Z',
    version: 1,
    ...overrides,
  };
}

export function campaignsContract(make: FixtureFactory): void {
  describe('the campaign ports', () => {
    let fx: StoresFixture;
    beforeAll(async () => {
      fx = await make();
    });

    it('creates a fund once, and replaces it at its version; a fund seeded without a version is at version 1', async () => {
      // Every field survives the table, `accepts` included (an item's `kind` is the table's own).
      const value = fund({ status: 'DRAFT', version: 1, code: unique('CODE'), accepts: 'goods', bankAccounts: [fund().bankAccount], committeeId: 'vn-79', committeePath: ['vn', 'vn-79'] });
      await fx.stores.transaction.commit([create({ type: 'fund', value })]);
      expect(await fx.stores.funds.get(value.fundId)).toEqual(value);
      expect(await rejection(fx.stores.transaction.commit([create({ type: 'fund', value })]))).toMatchObject({ failedOp: 'create:fund' });
      const next = { ...value, status: 'OPEN' as const, version: 2 };
      expect(await rejection(fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'fund', value: next }, expectedVersion: 2 }]))).toMatchObject({ failedOp: 'update:fund' });
      await fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'fund', value: next }, expectedVersion: 1 }]);
      expect(await fx.stores.funds.get(value.fundId)).toEqual(next);

      const seeded = fund();
      await fx.seedFunds([seeded]);
      await fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'fund', value: { ...seeded, target: 5, version: 2 } }, expectedVersion: 1 }]);
      expect(await fx.stores.funds.get(seeded.fundId)).toMatchObject({ target: 5, version: 2 });
      const nowhere = fund();
      expect(await rejection(fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'fund', value: nowhere }, expectedVersion: 1 }]))).toMatchObject({ failedOp: 'update:fund' });
    });

    it('checks that a fund is in one of the states named, and writes nothing to it', async () => {
      const closed = fund({ status: 'RECEIVING_CLOSED' });
      await fx.seedFunds([closed]);
      await fx.stores.transaction.commit([{ op: 'fundState', fundId: closed.fundId, states: ['OPEN', 'RECEIVING_CLOSED'] }]);
      expect(await rejection(fx.stores.transaction.commit([{ op: 'fundState', fundId: closed.fundId, states: ['OPEN'] }]))).toMatchObject({ failedOp: 'fundState' });
      expect(await rejection(fx.stores.transaction.commit([{ op: 'fundState', fundId: unique('none'), states: ['OPEN'] }]))).toMatchObject({ failedOp: 'fundState' });
      expect(await fx.stores.funds.get(closed.fundId)).toEqual(closed);
    });

    it('stores a committee once and lists a parent’s own children by id', async () => {
      const parent = unique('ban');
      const a: Committee = { committeeId: `${parent}-b`, name: { vi: 'Tổ B', en: 'Team B' }, parentId: parent, path: ['vn', parent, `${parent}-b`], level: 'other' };
      const b: Committee = { ...a, committeeId: `${parent}-a`, path: ['vn', parent, `${parent}-a`] };
      await fx.stores.transaction.commit([create({ type: 'committee', value: a }), create({ type: 'committee', value: b })]);
      expect(await fx.stores.committees.get(a.committeeId)).toEqual(a);
      expect(await fx.stores.committees.get(unique('none'))).toBeNull();
      expect((await fx.stores.committees.listChildren(parent)).map((c) => c.committeeId)).toEqual([b.committeeId, a.committeeId]);
      expect(await rejection(fx.stores.transaction.commit([create({ type: 'committee', value: a })]))).toMatchObject({ failedOp: 'create:committee' });
    });

    it('moves a plan’s header from the version read only, and checks its version', async () => {
      const fundId = unique('plan');
      expect(await fx.stores.plans.header(fundId)).toBeNull();
      await fx.stores.transaction.commit([{ op: 'planCheck', fundId, version: 0 }]);
      await fx.stores.transaction.commit([{ op: 'planHeader', header: header(fundId, 1, 'APPLYING'), expectedVersion: 0 }]);
      expect(await rejection(fx.stores.transaction.commit([{ op: 'planHeader', header: header(fundId, 1), expectedVersion: 0 }]))).toMatchObject({ failedOp: 'planHeader' });
      await fx.stores.transaction.commit([{ op: 'planCheck', fundId, version: 1 }]);
      expect(await rejection(fx.stores.transaction.commit([{ op: 'planCheck', fundId, version: 2 }]))).toMatchObject({ failedOp: 'planCheck' });
      expect(await rejection(fx.stores.transaction.commit([{ op: 'planCheck', fundId, version: 0 }]))).toMatchObject({ failedOp: 'planCheck' });
      await fx.stores.transaction.commit([{ op: 'planHeader', header: header(fundId, 1), expectedVersion: 1 }]);
      expect(await fx.stores.plans.header(fundId)).toEqual(header(fundId, 1));
    });

    it('adds to a plan ward and refuses a change its headroom does not cover, a ward with no item having none', async () => {
      const fundId = unique('plan');
      const op = (code: string, change: { planned?: number; committed?: number }, requireHeadroom?: number): WriteOp => ({
        op: 'planWard',
        fundId,
        ward: ward(code),
        change,
        ...(requireHeadroom === undefined ? {} : { requireHeadroom }),
      });
      expect(await rejection(fx.stores.transaction.commit([op('26734', { committed: 1 }, 1)]))).toMatchObject({ failedOp: 'planWard' });
      await fx.stores.transaction.commit([op('26734', { planned: 1_000 })]);
      await fx.stores.transaction.commit([op('26734', { committed: 600 }, 600)]);
      expect(await rejection(fx.stores.transaction.commit([op('26734', { committed: 401 }, 401)]))).toMatchObject({ failedOp: 'planWard' });
      await fx.stores.transaction.commit([op('26734', { committed: 400 }, 400)]);
      // Beyond the plan, as an approver's override does: no condition.
      await fx.stores.transaction.commit([op('26740', { committed: 50 })]);
      await fx.stores.transaction.commit([op('26734', { planned: -100, committed: -100 })]);
      expect(await fx.stores.plans.ward(fundId, '26734')).toEqual({ ...ward('26734'), planned: 900, committed: 900 });
      expect((await fx.stores.plans.wards(fundId)).map((w) => [w.wardCode, w.planned, w.committed])).toEqual([
        ['26734', 900, 900],
        ['26740', 0, 50],
      ]);
      expect(await fx.stores.plans.ward(fundId, '99999')).toBeNull();
    });

    it('writes no plan ward when the header’s version moved in the same transaction', async () => {
      const fundId = unique('plan');
      await fx.stores.transaction.commit([{ op: 'planHeader', header: header(fundId, 1), expectedVersion: 0 }]);
      const error = await rejection(
        fx.stores.transaction.commit([
          { op: 'planHeader', header: header(fundId, 2), expectedVersion: 0 },
          { op: 'planWard', fundId, ward: ward('26734'), change: { planned: 5 } },
        ]),
      );
      expect(error).toBeInstanceOf(CommitRejectedError);
      expect(await fx.stores.plans.wards(fundId)).toEqual([]);
    });

    it('keeps goods lots at their version, and lists a fund’s lots and hand-overs oldest first', async () => {
      const fundId = unique('goods');
      const first = lot(fundId);
      const second = lot(fundId, { description: 'Mì gói', unit: 'thung' });
      await fx.stores.transaction.commit([create({ type: 'goodsLot', value: first }), create({ type: 'goodsLot', value: second })]);
      const handover: GoodsHandover = {
        id: newId(),
        fundId,
        lotId: first.id,
        description: first.description,
        unit: 'kg',
        wardCode: '26734',
        wardName: 'Phường Sài Gòn',
        quantityMilli: 250_000,
        estimatedValue: 3_750_000,
        receivedBy: 'UBND phường Sài Gòn',
        handedOverAt: '2025-09-03T02:00:00.000Z',
        recordedBy: 'staff:an',
        recordedAt: '2025-09-03T02:00:00.000Z',
      };
      const rest = { ...first, remainingMilli: 750_000, remainingValue: 11_250_000, version: 2 };
      await fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'goodsLot', value: rest }, expectedVersion: 1 }, create({ type: 'goodsHandover', value: handover })]);
      expect(await rejection(fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'goodsLot', value: { ...rest, version: 3 } }, expectedVersion: 1 }]))).toMatchObject({
        failedOp: 'update:goodsLot',
      });
      expect(await fx.stores.goods.getLot(first.id)).toEqual(rest);
      expect((await fx.stores.goods.listLots(fundId)).map((l) => l.id)).toEqual([first.id, second.id]);
      expect(await fx.stores.goods.listHandovers(fundId)).toEqual([handover]);
      expect(await fx.stores.goods.listLots(unique('none'))).toEqual([]);
    });

    it('keeps a batch and its row chunks at their versions, and lists an organisation’s batches newest first, page by page', async () => {
      const orgId = unique('org');
      const older = batch(orgId, { uploadedAt: '2025-09-01T02:00:00.000Z' });
      const newer = batch(orgId, { uploadedAt: '2025-09-03T02:00:00.000Z' });
      const middle = batch(orgId, { uploadedAt: '2025-09-02T02:00:00.000Z' });
      const rows: BatchRowsChunk = {
        batchId: older.id,
        index: 0,
        rows: [{ rowNo: 2, key: 'k1', pledge: { donor: { type: 'individual', name: 'An' }, amount: 100_000, publishName: false } }],
        version: 1,
      };
      await fx.stores.transaction.commit([create({ type: 'batch', value: older }), create({ type: 'batchRows', value: rows })]);
      await fx.stores.transaction.commit([create({ type: 'batch', value: newer }), create({ type: 'batch', value: middle })]);
      expect(await rejection(fx.stores.transaction.commit([create({ type: 'batchRows', value: rows })]))).toMatchObject({ failedOp: 'create:batchRows' });
      const done = { ...rows, rows: [{ ...rows.rows[0]!, ref: 'UHV1EWZE1', outcome: 'created' as const }], version: 2 };
      await fx.stores.transaction.commit([
        { op: 'update', aggregate: { type: 'batchRows', value: done }, expectedVersion: 1 },
        { op: 'update', aggregate: { type: 'batch', value: { ...older, chunksDone: 1, created: 1, status: 'COMPLETED', version: 2 } }, expectedVersion: 1 },
      ]);
      expect(await fx.stores.batches.chunk(older.id, 0)).toEqual(done);
      expect(await fx.stores.batches.chunk(older.id, 1)).toBeNull();
      expect(await fx.stores.batches.get(older.id)).toMatchObject({ status: 'COMPLETED', created: 1, version: 2 });
      const listed = await walk((cursor) => fx.stores.batches.listByOrganisation(orgId, { cursor, limit: 2 }));
      expect(listed.items.map((b) => b.id)).toEqual([newer.id, middle.id, older.id]);
      expect(listed.pages[0]).toBe(2);
    });
  });
}
