/** The aggregates' stores: get, look-ups by reference code, lists in the DynamoDB adapters' orders. */
import { beforeAll, describe, expect, it } from 'vitest';
import type { AdminUnit } from '../../shared/domain/admin-units';
import { payoutRefName } from '../../shared/domain/payouts';
import { CommitRejectedError } from '../../shared/errors';
import type { WriteOp } from '../../shared/usecases/ports';
import { create, disbursement, fund, pledge, receipt, unique, type FixtureFactory, type StoresFixture } from './fixture';

const reference = (ref: string, entityType: 'pledge' | 'disbursement', entityId: string): WriteOp => ({ op: 'reference', ref, entityType, entityId });

export function aggregatesContract(make: FixtureFactory): void {
  describe('the aggregates’ stores', () => {
    let fx: StoresFixture;
    let fundId: string;
    beforeAll(async () => {
      fx = await make();
      const open = fund();
      fundId = open.fundId;
      await fx.seedFunds([open]);
    });

    it('reads a fund, lists funds by id, and answers null for an unknown one', async () => {
      const [b, a] = [fund({ fundId: unique('zz-fund') }), fund({ fundId: unique('aa-fund') })];
      await fx.seedFunds([b, a]);
      expect(await fx.stores.funds.get(a.fundId)).toEqual(a);
      expect(await fx.stores.funds.get(unique('no-such-fund'))).toBeNull();
      const ids = (await fx.stores.funds.list()).map((f) => f.fundId);
      expect(ids).toEqual(expect.arrayContaining([a.fundId, b.fundId, fundId]));
      expect(ids).toEqual([...ids].sort());
    });

    it('finds pledges by their reference code, with the creation record a new pledge carries, and only pledges by their codes', async () => {
      const p = pledge(fundId);
      const made = pledge(fundId);
      const creation = { scope: 'CreatePledge#public', key: unique('key'), requestHash: 'a'.repeat(64), payTo: { bankBin: '970436', bankName: 'Vietcombank', accountNumber: '0071000000079', accountName: 'THU NGHIEM' } };
      const d = disbursement(fundId);
      await fx.stores.transaction.commit([
        create({ type: 'pledge', value: p }),
        { op: 'newPledge', pledge: made, creation },
        create({ type: 'disbursement', value: d }),
        reference(d.ref, 'disbursement', d.id),
      ]);
      expect(await fx.stores.pledges.getByRef(p.ref)).toEqual(p);
      expect(await fx.stores.pledges.getByRef(made.ref)).toEqual(made);
      expect(await fx.stores.pledges.getWithCreation(made.ref)).toEqual({ pledge: made, creation });
      expect(await fx.stores.pledges.getWithCreation(p.ref)).toEqual({ pledge: p, creation: null });
      expect(await fx.stores.pledges.getWithCreation(unique('UH'))).toBeNull();
      expect(await fx.stores.pledges.getByRef(d.ref)).toBeNull();
      expect(await fx.stores.pledges.getByRef(unique('UH'))).toBeNull();
      expect(await fx.stores.pledges.getByRefs([p.ref, d.ref, unique('UH')])).toEqual([p]);
      expect(await fx.stores.pledges.getByRefs([])).toEqual([]);
      expect(await fx.stores.disbursements.getByRef(d.ref)).toEqual(d);
      expect(await fx.stores.disbursements.getByRef(p.ref)).toBeNull();
      expect(await fx.stores.disbursements.getByRefs([p.ref, d.ref])).toEqual([d]);
    });

    it('lists an organisation’s pledges oldest first, and no one else’s', async () => {
      const orgId = unique('org');
      const first = pledge(fundId, { createdBy: `org:${orgId}` });
      const second = pledge(fundId, { createdBy: `org:${orgId}` });
      const other = pledge(fundId, { createdBy: 'public' });
      await fx.stores.transaction.commit([second, other, first].map((value) => create({ type: 'pledge', value })));
      expect((await fx.stores.pledges.listByOrganisation(orgId)).map((p) => p.id)).toEqual([first.id, second.id]);
      expect(await fx.stores.pledges.listByOrganisation(unique('org'))).toEqual([]);
    });

    it('lists a fund’s overdue pledges by due date: open ones due before today only', async () => {
      const own = fund();
      await fx.seedFunds([own]);
      const late = pledge(own.fundId, { dueDate: '2025-09-01' });
      const later = pledge(own.fundId, { dueDate: '2025-09-03', status: 'PARTIALLY_RECEIVED', received: 1 });
      const dueToday = pledge(own.fundId, { dueDate: '2025-09-10' });
      const fulfilled = pledge(own.fundId, { dueDate: '2025-09-02', status: 'FULFILLED' });
      const noDueDate = pledge(own.fundId);
      const willCancel = pledge(own.fundId, { dueDate: '2025-09-02' });
      await fx.stores.transaction.commit([later, dueToday, fulfilled, noDueDate, late, willCancel].map((value) => create({ type: 'pledge', value })));
      expect((await fx.stores.pledges.listOverdue(own.fundId, '2025-09-10')).map((p) => p.id)).toEqual([late.id, willCancel.id, later.id]);
      await fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'pledge', value: { ...willCancel, status: 'CANCELLED', version: 2 } }, expectedVersion: 1 }]);
      expect((await fx.stores.pledges.listOverdue(own.fundId, '2025-09-10')).map((p) => p.id)).toEqual([late.id, later.id]);
    });

    it('lists a fund’s pledges whose names await moderation, oldest first, until the name is moderated or the pledge cancelled', async () => {
      const own = fund();
      await fx.seedFunds([own]);
      const first = pledge(own.fundId, { createdBy: 'public', nameModeration: 'HELD', createdAt: '2025-09-01T08:00:00.000Z' });
      const second = pledge(own.fundId, { createdBy: 'public', nameModeration: 'HELD', createdAt: '2025-09-01T09:00:00.000Z' });
      const third = pledge(own.fundId, { createdBy: 'public', nameModeration: 'HELD', createdAt: '2025-09-01T10:00:00.000Z' });
      const released = pledge(own.fundId, { createdBy: 'public', nameModeration: 'RELEASED' });
      const elsewhere = pledge(fundId, { createdBy: 'public', nameModeration: 'HELD' });
      await fx.stores.transaction.commit([third, released, elsewhere, second, first].map((value) => create({ type: 'pledge', value })));
      expect((await fx.stores.pledges.listAwaitingModeration(own.fundId)).map((p) => p.id)).toEqual([first.id, second.id, third.id]);
      await fx.stores.transaction.commit([
        { op: 'update', aggregate: { type: 'pledge', value: { ...first, nameModeration: 'REJECTED', publishName: false, version: 2 } }, expectedVersion: 1 },
        { op: 'update', aggregate: { type: 'pledge', value: { ...third, status: 'CANCELLED', version: 2 } }, expectedVersion: 1 },
      ]);
      expect((await fx.stores.pledges.listAwaitingModeration(own.fundId)).map((p) => p.id)).toEqual([second.id]);
    });

    it('reads receipts, and lists a fund’s disbursements oldest first', async () => {
      const r = receipt(fundId);
      const own = fund();
      await fx.seedFunds([own]);
      const d1 = disbursement(own.fundId);
      const d2 = disbursement(own.fundId, { status: 'APPROVED' });
      await fx.stores.transaction.commit([create({ type: 'receipt', value: r }), create({ type: 'disbursement', value: d2 }), create({ type: 'disbursement', value: d1 })]);
      expect(await fx.stores.receipts.get(r.id)).toEqual(r);
      expect(await fx.stores.receipts.get(unique('no-such-receipt'))).toBeNull();
      expect(await fx.stores.disbursements.get(d2.id)).toEqual(d2);
      expect((await fx.stores.disbursements.listByFund(own.fundId)).map((d) => d.id)).toEqual([d1.id, d2.id]);
    });

    it('names the disbursement a bank reference paid from an account, that account only, the reference folded as statements fold it', async () => {
      const d = disbursement(fundId, { status: 'PAID' });
      const account = `970436/${unique('acct')}`;
      const bankRef = unique('FT-PAYOUT');
      await fx.stores.transaction.commit([create({ type: 'disbursement', value: d }), { op: 'unique', name: payoutRefName(account, bankRef), owner: d.ref }]);
      expect(await fx.stores.disbursements.paidWithBankRef(account, bankRef)).toBe(d.ref);
      expect(await fx.stores.disbursements.paidWithBankRef(account, ` ${bankRef.toLowerCase()} `)).toBe(d.ref);
      expect(await fx.stores.disbursements.paidWithBankRef(`${account}9`, bankRef)).toBeNull();
      expect(await fx.stores.disbursements.paidWithBankRef(account, unique('FT-OTHER'))).toBeNull();
      // The claim is made once: a second payout with the reference is refused by the transaction itself.
      const other = disbursement(fundId, { status: 'PAID' });
      await expect(fx.stores.transaction.commit([create({ type: 'disbursement', value: other }), { op: 'unique', name: payoutRefName(account, bankRef), owner: other.ref }])).rejects.toMatchObject({ failedOp: 'unique' });
      expect(await fx.stores.disbursements.get(other.id)).toBeNull();
    });

    it('reads organisations and their API keys by hash', async () => {
      const organisation = { id: unique('org'), name: 'Công ty TNHH Hoa Sen', createdAt: '2025-09-01T02:00:00.000Z', createdBy: 'staff:admin' };
      const key = { keyId: unique('k'), orgId: organisation.id, keyHash: unique('hash'), label: 'ERP', createdAt: organisation.createdAt, createdBy: 'staff:admin', revoked: false };
      await fx.stores.transaction.commit([create({ type: 'organisation', value: organisation }), create({ type: 'apiKey', value: key })]);
      expect(await fx.stores.organisations.get(organisation.id)).toEqual(organisation);
      expect(await fx.stores.organisations.getApiKeyByHash(key.keyHash)).toEqual(key);
      expect(await fx.stores.organisations.getApiKeyByHash(unique('hash'))).toBeNull();
    });

    it('lists an organisation’s keys oldest first, reads one by its id, and updates a key issued before keys had versions as version 1', async () => {
      const orgId = unique('org');
      const key = (keyId: string, createdAt: string) => ({ keyId, orgId, keyHash: unique('hash'), label: 'ERP', createdAt, createdBy: 'staff:admin', revoked: false });
      const [later, earlier, elsewhere] = [key(unique('k'), '2025-09-02T02:00:00.000Z'), key(unique('k'), '2025-09-01T02:00:00.000Z'), { ...key(unique('k'), '2025-09-01T02:00:00.000Z'), orgId: unique('org') }];
      await fx.stores.transaction.commit([create({ type: 'apiKey', value: later }), create({ type: 'apiKey', value: earlier }), create({ type: 'apiKey', value: elsewhere })]);
      expect((await fx.stores.organisations.listApiKeys(orgId)).map((k) => k.keyId)).toEqual([earlier.keyId, later.keyId]);
      expect(await fx.stores.organisations.getApiKey(orgId, later.keyId)).toEqual(later);
      expect(await fx.stores.organisations.getApiKey(orgId, elsewhere.keyId)).toBeNull();

      const revoked = { ...earlier, revoked: true, revokedBy: 'staff:admin', version: 2 };
      await fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'apiKey', value: revoked }, expectedVersion: 1 }]);
      expect(await fx.stores.organisations.getApiKey(orgId, earlier.keyId)).toEqual(revoked);
      await expect(fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'apiKey', value: { ...earlier, version: 2 } }, expectedVersion: 1 }])).rejects.toBeInstanceOf(
        CommitRejectedError,
      );
    });

    it('lists the administrative units province by province, each by code', async () => {
      const unit = (provinceCode: string, code: string): AdminUnit => ({ code, name: `Phường ${code}`, type: 'phường', provinceCode, provinceName: `Tỉnh ${provinceCode}` });
      await fx.seedAdminUnits([unit('79', '26740'), unit('01', '00004'), unit('79', '26734'), unit('01', '00001')]);
      expect((await fx.stores.adminUnits.list()).map((u) => `${u.provinceCode}/${u.code}`)).toEqual(['01/00001', '01/00004', '79/26734', '79/26740']);
    });
  });
}
