/** Organisations' lists: read row by row at the edge, stored with the batch, made into pledges once whatever the uploads. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { rowKeys, type BatchRowInput } from '../../../shared/domain/batches';
import { PayloadTooLargeError, ValidationError } from '../../../shared/errors';
import { readPledgeList, readVnd } from '../../../shared/http/pledge-list';
import { getBatch, processBatch, uploadBatch } from '../../../shared/usecases/batches';
import { ctx, memoryLedger, OPEN_FUND, type MemoryLedger } from '../../support/memory-ledger';
import { memberList } from '../../support/pledge-lists';

const fundId = OPEN_FUND.fundId;
const orgId = '01JC0000000000000000000ORG';
let ledger: MemoryLedger;
beforeEach(() => {
  ledger = memoryLedger();
});

const bytes = (text: string) => new TextEncoder().encode(text);
const upload = async (csv: string, key = `upload-${Math.random()}`) => {
  const list = await readPledgeList(bytes(csv));
  return uploadBatch(ledger.stores, { orgId, fundId, fileName: 'doan-vien.csv', sha256: String(csv.length), ...list }, ctx(`org:${orgId}`, key));
};
const processAll = (batchId: string) => processBatch(ledger.stores, orgId, batchId, { deadline: Date.now() + 60_000 });

describe('reading a pledge list', () => {
  it('reads 10,000 rows, reports each of 50 bad ones by row and column, and keeps the 9,950 good ones', async () => {
    const fixture = memberList(10_000, 50);
    const list = await readPledgeList(bytes(fixture.csv));
    expect(list.rowCount).toBe(10_000);
    expect(list.rows).toHaveLength(9_950);
    expect(list.errors.map((e) => e.path)).toEqual(fixture.badPaths);
    expect(list.rows.reduce((sum, row) => sum + row.pledge.amount, 0)).toBe(fixture.goodTotal);
    expect(list.rows[9]).toMatchObject({ rowNo: 11, externalRef: 'DV-10', pledge: { message: 'Chung tay vì người nghèo, "Tết ấm"', publishName: true } });
  });

  it('reads amounts the ways people write them, and refuses a file that is not a list, or too long a one', async () => {
    expect([readVnd('500.000'), readVnd('500,000'), readVnd('500 000 đ'), readVnd('1000000')]).toEqual([500_000, 500_000, 500_000, 1_000_000]);
    expect(readVnd('12,5')).toBeUndefined();
    expect(readVnd('năm trăm')).toBeUndefined();
    const notAList = await readPledgeList(bytes('ngay,noi_dung\n01/09/2025,abc\n')).catch((error: unknown) => error);
    expect(notAList).toBeInstanceOf(ValidationError);
    expect((notAList as ValidationError).errors.map((e) => e.message)).toEqual(['has no "ho_ten" (name) column', 'has no "so_tien" (amount) column']);
    await expect(readPledgeList(bytes(memberList(10_001, 0).csv))).rejects.toBeInstanceOf(PayloadTooLargeError);
    const semicolons = await readPledgeList(bytes('Họ tên;Số tiền;Công khai\nNguyễn Văn An;200.000;có\n'));
    expect(semicolons.rows).toEqual([{ rowNo: 2, pledge: { donor: { type: 'individual', name: 'Nguyễn Văn An' }, amount: 200_000, publishName: true } }]);
  });

  it('gives equal rows of one file different identities by their order, and the same ones again in a longer copy', () => {
    const row = (rowNo: number): BatchRowInput => ({ rowNo, pledge: { donor: { type: 'individual', name: 'Lê Văn Tám' }, amount: 100_000, publishName: false } });
    const once = rowKeys(orgId, fundId, [row(2), row(3)]);
    expect(new Set(once).size).toBe(2);
    expect(rowKeys(orgId, fundId, [row(2), row(3), row(4)]).slice(0, 2)).toEqual(once);
    expect(rowKeys('other-org', fundId, [row(2)])[0]).not.toBe(once[0]);
  });
});

describe('a batch', () => {
  it('creates 9,950 pledges from a list of 10,000 with 50 bad rows, and none when the list comes again', async () => {
    const fixture = memberList(10_000, 50);
    const { status, body } = await upload(fixture.csv);
    expect(status).toBe(202);
    expect(body).toMatchObject({ rows: 10_000, accepted: 9_950, rejected: 50, status: 'QUEUED' });
    expect(body.errors.map((e) => e.path)).toEqual(fixture.badPaths);
    const done = await processAll(body.id);
    expect(done).toMatchObject({ done: true, batch: { status: 'COMPLETED', created: 9_950, existing: 0, refused: 0, processed: 9_950 } });
    expect(ledger.state.pledges.size).toBe(9_950);

    const again = await upload(fixture.csv);
    expect(again.body.id).not.toBe(body.id);
    expect((await processAll(again.body.id)).batch).toMatchObject({ created: 0, existing: 9_950 });
    expect(ledger.state.pledges.size).toBe(9_950);
    const page = await getBatch(ledger.stores, orgId, again.body.id);
    expect(page.rows.items).toHaveLength(250);
    expect(page.rows.items[0]).toMatchObject({ rowNo: 2, outcome: 'existing', status: 'PLEDGED', received: 0 });
    expect(page.rows.cursor).toBe('1');
  });

  it('answers a retried upload from its record, shows what arrived against each row, and refuses a changed row as a conflict', async () => {
    const fixture = memberList(5, 0);
    const first = await upload(fixture.csv, 'same-key');
    expect((await upload(fixture.csv, 'same-key')).body.id).toBe(first.body.id);
    await processAll(first.body.id);
    const ref = (await getBatch(ledger.stores, orgId, first.body.id)).rows.items[0]!.ref!;
    const pledge = await ledger.stores.pledges.getByRef(ref);
    ledger.state.pledges.set(pledge!.ref, { ...pledge!, received: 40_000, status: 'PARTIALLY_RECEIVED' });
    expect((await getBatch(ledger.stores, orgId, first.body.id)).rows.items[0]).toMatchObject({ ref, status: 'PARTIALLY_RECEIVED', received: 40_000 });
    const changed = fixture.csv.replace(/^1,([^,]+),(\d+)/m, (_, name: string) => `1,${name},999000`);
    const second = await upload(changed);
    expect((await processAll(second.body.id)).batch).toMatchObject({ existing: 4, refused: 1, created: 0 });
    expect((await getBatch(ledger.stores, orgId, second.body.id)).rows.items[0]).toMatchObject({ outcome: 'conflict', problem: expect.stringContaining('other details') });
  });

  it('stops when its time is up and continues from the chunk it reached', async () => {
    const { body } = await upload(memberList(600, 0).csv);
    const partial = await processBatch(ledger.stores, orgId, body.id, { deadline: 0 });
    expect(partial).toMatchObject({ done: false, batch: { processed: 0 } });
    expect((await processAll(body.id)).batch).toMatchObject({ created: 600, status: 'COMPLETED' });
  });

  it('stops in the middle of a chunk when its time runs out there, keeps the rows it made, and the next call makes only the rest', async () => {
    const { body } = await upload(memberList(300, 0).csv);
    // A ledger slow enough that the deadline passes while the first chunk is being made.
    const deadline = Date.now() + 60_000;
    let made = 0;
    const slow = {
      ...ledger.stores,
      transaction: {
        commit: async (...args: Parameters<typeof ledger.stores.transaction.commit>) => {
          if (args[0].some((op) => op.op === 'newPledge') && ++made === 40) vi.setSystemTime(deadline + 1);
          return ledger.stores.transaction.commit(...args);
        },
      },
    } as typeof ledger.stores;
    vi.useFakeTimers({ toFake: ['Date'] });
    try {
      const partial = await processBatch(slow, orgId, body.id, { deadline, concurrency: 1 });
      expect(partial.done).toBe(false);
      expect(partial.batch).toMatchObject({ status: 'PROCESSING', created: 40, processed: 40 });
      expect([...ledger.state.pledges.values()].filter((p) => p.fundId === fundId)).toHaveLength(40);
    } finally {
      vi.useRealTimers();
    }
    expect((await processAll(body.id)).batch).toMatchObject({ created: 300, existing: 0, status: 'COMPLETED' });
    expect([...ledger.state.pledges.values()].filter((p) => p.fundId === fundId)).toHaveLength(300);
  });
});
