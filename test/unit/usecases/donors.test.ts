import { beforeEach, describe, expect, it } from 'vitest';
import { NotFoundError, ValidationError } from '../../../shared/errors';
import { publicDonors } from '../../../shared/usecases/donors';
import { cancelPledge, createPledge } from '../../../shared/usecases/pledges';
import { recordReceipt } from '../../../shared/usecases/receipts';
import { ctx, memoryLedger, OPEN_FUND, type MemoryLedger } from '../../support/memory-ledger';

const fundId = OPEN_FUND.fundId;
let ledger: MemoryLedger;
beforeEach(() => {
  ledger = memoryLedger();
});

/** A pledge made through the public form by default; `staff:an` enters one taken at the committee's desk. */
const pledge = async (name: string, amount: number, publishName: boolean, actor = 'public') =>
  (await createPledge(ledger.stores, { fundId, donor: { type: 'individual', name, email: `${amount}@example.vn`, phone: '0903123456' }, amount, publishName }, ctx(actor))).body;
const pay = (ref: string, amount: number) => recordReceipt(ledger.stores, { fundId, amount, receivedAt: '2025-11-20T09:00:00+07:00', method: 'bank', pledgeRef: ref }, ctx('staff:an'));

describe('the public donor list', () => {
  it('lists pledges newest first, by name only where the donor allowed it, without any personal data', async () => {
    await pay((await pledge('Nguyễn Thị Mai', 500_000, true)).ref, 500_000);
    await pay((await pledge('Trần Văn Bình', 200_000, false)).ref, 200_000);
    const page = await publicDonors(ledger.stores, fundId, { limit: 10 });
    expect(page.items).toEqual([
      { name: 'Nhà hảo tâm', amount: 200_000, day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
      { name: 'Nguyễn Thị Mai', amount: 500_000, day: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/) },
    ]);
    expect(page.cursor).toBeUndefined();
    const text = JSON.stringify(page);
    for (const secret of ['Trần Văn Bình', '@example.vn', '0903123456']) expect(text).not.toContain(secret);
  });

  it('pages with a cursor, every donor once, with other entries in between', async () => {
    const names: string[] = [];
    for (let i = 0; i < 7; i++) {
      const made = await pledge(`Người ${i}`, 1000 + i, true, 'staff:an');
      names.unshift(`Người ${i}`);
      if (i % 2) await pay(made.ref, 1000);
    }
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await publicDonors(ledger.stores, fundId, { limit: 3, ...(cursor ? { cursor } : {}) });
      expect(page.items.length).toBeLessThanOrEqual(3);
      seen.push(...page.items.map((d) => d.name));
      cursor = page.cursor;
    } while (cursor);
    expect(seen).toEqual(names);
  });

  it('leaves out a cancelled pledge', async () => {
    await pledge('Giữ lại', 100, true, 'staff:an');
    const gone = await pledge('Rút lại', 200, true, 'staff:an');
    await cancelPledge(ledger.stores, gone.ref, 'Nhà tài trợ rút lại', ctx('staff:lan'));
    expect((await publicDonors(ledger.stores, fundId, { limit: 10 })).items.map((d) => d.name)).toEqual(['Giữ lại']);
  });

  it('shows a stranger’s pledge as Nhà hảo tâm, and journals no name for it, until money arrives against it', async () => {
    const made = await pledge('Tên Mạo Danh', 300_000, true);
    await pledge('Chưa Chuyển Tiền', 100_000, true);
    expect((await publicDonors(ledger.stores, fundId, { limit: 10 })).items.map((d) => d.name)).toEqual(['Nhà hảo tâm', 'Nhà hảo tâm']);
    expect(JSON.stringify([...ledger.state.journal.values()].flatMap((entries) => [...entries.values()]))).not.toContain('Tên Mạo Danh');
    await pay(made.ref, 100_000);
    expect((await publicDonors(ledger.stores, fundId, { limit: 10 })).items.map((d) => d.name)).toEqual(['Nhà hảo tâm', 'Tên Mạo Danh']);
    expect(JSON.stringify([...ledger.state.journal.values()].flatMap((entries) => [...entries.values()]))).not.toContain('Chưa Chuyển Tiền');
  });

  it('refuses a cursor of another list (400 on query.cursor) and an unknown fund (404)', async () => {
    await expect(publicDonors(ledger.stores, fundId, { limit: 10, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toBeInstanceOf(ValidationError);
    await expect(publicDonors(ledger.stores, fundId, { limit: 10, cursor: 'bm90LWEtY3Vyc29y' })).rejects.toMatchObject({ errors: [{ path: 'query.cursor' }] });
    await expect(publicDonors(ledger.stores, 'no-such-fund', { limit: 10 })).rejects.toBeInstanceOf(NotFoundError);
  });
});
