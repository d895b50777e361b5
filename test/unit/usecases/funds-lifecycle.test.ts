/** A committee runs a campaign on the in-memory stores: create, edit, open, pledge, close receiving, late money, close. */
import { beforeEach, describe, expect, it } from 'vitest';
import { decodeVietQr } from '../../../shared/domain/vietqr';
import { ConflictError, ForbiddenError, UnprocessableError } from '../../../shared/errors';
import { createCommittee, getCommittee, listCommittees } from '../../../shared/usecases/committees';
import { actOnDisbursement, requestDisbursement } from '../../../shared/usecases/disbursements';
import { closeFund, closeReceiving, createFund, editFund, openFund, type CreateFundInput } from '../../../shared/usecases/fund-commands';
import { getFundWithTotals, listFundsWithTotals, listStaffFunds } from '../../../shared/usecases/funds';
import { createPledge, getPublicPledge } from '../../../shared/usecases/pledges';
import { recordReceipt } from '../../../shared/usecases/receipts';
import type { Scope } from '../../../shared/usecases/scope';
import { counts, ctx, memoryLedger, type MemoryLedger } from '../../support/memory-ledger';

let ledger: MemoryLedger;
beforeEach(() => {
  ledger = memoryLedger();
});

const admin = (committeeId: string, children = false): Scope => ({ kind: 'staff', grants: [{ committeeId, role: 'admin', children }], roles: ['admin'] });
const as = (actor: string, scope: Scope, now?: Date) => ({ ...ctx(actor, undefined, now), scope });
const CACHE = { cacheSeconds: 30 };

const input = (overrides: Partial<CreateFundInput> = {}): CreateFundInput => ({
  fundId: 'tet-2026',
  code: 'MTTQ-SG/2026/TET',
  name: { vi: 'Tết vì người nghèo 2026', en: 'Tết for the poor 2026' },
  purpose: { vi: 'Quà Tết cho hộ nghèo phường Sài Gòn', en: 'Tết gifts for poor households of Sài Gòn ward' },
  kind: 'both',
  target: 500_000_000,
  bankAccounts: [
    { bankBin: '970436', accountNumber: '0071001262626', accountName: 'UY BAN MTTQ PHUONG SAI GON' },
    { bankBin: '970415', accountNumber: '111602391234', accountName: 'UY BAN MTTQ PHUONG SAI GON' },
  ],
  receiving: { opensAt: '2025-12-01T00:00:00+07:00', closesAt: '2026-01-31T00:00:00+07:00' },
  distributionDeadline: '2026-02-28',
  committeeId: 'vn-79-26734',
  ...overrides,
});

describe('a campaign from draft to closed', () => {
  it('creates a draft of the committee, its accounts named from the bank list, journaled, version 1', async () => {
    const { status, body } = await createFund(ledger.stores, input(), as('staff:quan', admin('vn-79-26734')));
    expect(status).toBe(201);
    expect(body).toMatchObject({
      status: 'DRAFT',
      version: 1,
      provinceCode: '79',
      committeeId: 'vn-79-26734',
      committeePath: ['vn', 'vn-79', 'vn-79-26734'],
      bankAccount: { bankName: 'Vietcombank', accountNumber: '0071001262626' },
      opensOn: '2025-12-01',
      closesOn: '2026-01-30',
    });
    expect(body.bankAccounts!.map((a) => a.bankName)).toEqual(['Vietcombank', 'VietinBank']);
    const trail = await ledger.stores.journal.entityTrail('tet-2026');
    expect(trail.map((e) => [e.type, e.entityType, e.deltas])).toEqual([['FUND_CREATED', 'fund', {}]]);
    expect(trail[0]!.publicDetails).toMatchObject({ code: 'MTTQ-SG/2026/TET', banks: 'Vietcombank, VietinBank', target: 500_000_000 });
    // A draft is its committee's work in progress: the public list leaves it out, its staff see it.
    expect((await listFundsWithTotals(ledger.stores)).map((f) => f.fundId)).not.toContain('tet-2026');
    expect((await listStaffFunds(ledger.stores, admin('vn-79', true))).map((f) => f.fundId)).toContain('tet-2026');
    expect((await listStaffFunds(ledger.stores, admin('vn-79-26740'))).map((f) => f.fundId)).not.toContain('tet-2026');
  });

  it('refuses a second fund with the same code or id, an unknown committee and an unknown province, writing nothing', async () => {
    await createFund(ledger.stores, input(), as('staff:quan', admin('vn', true)));
    const before = counts(ledger.state);
    const tries: [Partial<CreateFundInput>, string][] = [
      [{ fundId: 'tet-2026-b' }, 'body.code'],
      [{ code: 'KHAC' }, 'body.fundId'],
      [{ fundId: 'x-1', code: 'X1', committeeId: 'vn-79-99999' }, 'body.committeeId'],
      [{ fundId: 'x-2', code: 'X2', committeeId: 'vn', provinceCode: '98' }, 'body.provinceCode'],
    ];
    for (const [overrides, path] of tries) {
      const error = await createFund(ledger.stores, input(overrides), as('staff:quan', admin('vn', true))).catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(UnprocessableError);
      expect((error as UnprocessableError).errors[0]!.path).toBe(path);
    }
    expect(counts(ledger.state)).toEqual(before);
    expect(ledger.state.funds.has('tet-2026-b')).toBe(false);
  });

  it('lets only an admin of the committee, or of an ancestor with its children, create its fund', async () => {
    for (const scope of [admin('vn-79'), admin('vn-79-26740', true), { kind: 'staff' as const, grants: [{ committeeId: 'vn-79-26734', role: 'finance-clerk' as const, children: false }], roles: ['admin' as const] }]) {
      await expect(createFund(ledger.stores, input(), as('staff:x', scope))).rejects.toBeInstanceOf(ForbiddenError);
    }
    await createFund(ledger.stores, input(), as('staff:quan', admin('vn-79', true)));
    expect(ledger.state.funds.get('tet-2026')!.committeeId).toBe('vn-79-26734');
  });

  it('edits a fund at its version, journaling the fields changed; an open fund may add accounts but drop none', async () => {
    const scope = admin('vn-79-26734');
    await createFund(ledger.stores, input(), as('staff:quan', scope));
    const edited = await editFund(ledger.stores, 'tet-2026', { expectedVersion: 1, target: 600_000_000, distributionDeadline: '2026-03-15' }, as('staff:quan', scope), CACHE);
    expect(edited.body).toMatchObject({ version: 2, target: 600_000_000, distributionDeadline: '2026-03-15' });
    await expect(editFund(ledger.stores, 'tet-2026', { expectedVersion: 1, target: 1 }, as('staff:quan', scope), CACHE)).rejects.toBeInstanceOf(ConflictError);
    await openFund(ledger.stores, 'tet-2026', {}, as('staff:quan', scope));
    const dropping = await editFund(ledger.stores, 'tet-2026', { expectedVersion: 3, bankAccounts: [input().bankAccounts[0]!] }, as('staff:quan', scope), CACHE).catch((e: unknown) => e);
    expect((dropping as UnprocessableError).errors[0]!.path).toBe('body.bankAccounts');
    const added = await editFund(
      ledger.stores,
      'tet-2026',
      { expectedVersion: 3, bankAccounts: [...input().bankAccounts, { bankBin: '970418', accountNumber: '31410000262626', accountName: 'UY BAN MTTQ PHUONG SAI GON' }] },
      as('staff:quan', scope),
      CACHE,
    );
    expect(added.body.bankAccounts!.map((a) => a.bankName)).toEqual(['Vietcombank', 'VietinBank', 'BIDV']);
    const trail = await ledger.stores.journal.entityTrail('tet-2026');
    expect(trail.map((e) => e.type)).toEqual(['FUND_CREATED', 'FUND_UPDATED', 'FUND_OPENED', 'FUND_UPDATED']);
    expect(trail[1]!.publicDetails).toMatchObject({ fields: 'target, distributionDeadline', version: 2 });
  });

  it('takes pledges once open, naming the account the donor chose in the VietQR, and re-shows it from the pledge', async () => {
    const scope = admin('vn-79-26734');
    await createFund(ledger.stores, input(), as('staff:quan', scope));
    const during = new Date('2025-12-10T03:00:00.000Z');
    const pledge = { fundId: 'tet-2026', donor: { type: 'individual' as const, name: 'Phạm Thị Hoa' }, amount: 300_000, publishName: true, accountNumber: '111602391234' };
    await expect(createPledge(ledger.stores, pledge, ctx('public', undefined, during))).rejects.toThrow(/not open yet/);
    await openFund(ledger.stores, 'tet-2026', { expectedVersion: 1 }, as('staff:quan', scope));
    const { body } = await createPledge(ledger.stores, pledge, ctx('public', undefined, during));
    expect(body.payment).toMatchObject({ bankBin: '970415', bankName: 'VietinBank', accountNumber: '111602391234' });
    expect(decodeVietQr(body.payment.vietQr)).toMatchObject({ bankBin: '970415', accountNumber: '111602391234', amount: 300_000 });
    expect((await getPublicPledge(ledger.stores, body.ref)).payment).toEqual(body.payment);
    const first = await createPledge(ledger.stores, { ...pledge, accountNumber: undefined }, ctx('public', undefined, during));
    expect(first.body.payment.accountNumber).toBe('0071001262626');
    const wrong = await createPledge(ledger.stores, { ...pledge, accountNumber: '9999999999999' }, ctx('public', undefined, during)).catch((e: unknown) => e);
    expect((wrong as UnprocessableError).errors[0]!.path).toBe('body.accountNumber');
  });

  it('closes receiving at least the cache lifetime ahead; then pledges get 422 and late money is counted, flagged LATE', async () => {
    const scope = admin('vn-79-26734');
    await createFund(ledger.stores, input(), as('staff:quan', scope));
    await openFund(ledger.stores, 'tet-2026', {}, as('staff:quan', scope));
    const now = new Date('2026-01-10T03:00:00.000Z');
    const closed = await closeReceiving(ledger.stores, 'tet-2026', { reason: 'Đủ chỉ tiêu' }, as('staff:quan', scope, now), CACHE);
    expect(closed.body).toMatchObject({ status: 'RECEIVING_CLOSED', receivingClosesAt: '2026-01-10T03:00:30.000Z', closesOn: '2026-01-10' });
    const pledge = { fundId: 'tet-2026', donor: { type: 'individual' as const, name: 'Lê Văn Tám' }, amount: 100_000, publishName: false };
    // Inside the grace every copy of the fund agrees on; after it, refused with why.
    await createPledge(ledger.stores, pledge, ctx('public', undefined, new Date('2026-01-10T03:00:10.000Z')));
    const refused = await createPledge(ledger.stores, pledge, ctx('public', undefined, new Date('2026-01-10T03:00:31.000Z'))).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(UnprocessableError);
    expect((refused as Error).message).toMatch(/đã kết thúc nhận ủng hộ \/ Fund tet-2026 has closed receiving/);
    const late = await recordReceipt(ledger.stores, { fundId: 'tet-2026', amount: 200_000, receivedAt: '2026-01-11T09:00:00+07:00', method: 'bank', bankRef: 'FT-LATE' }, ctx('bank:stmt'));
    expect(late.body.flags).toEqual(['LATE']);
    expect((await ledger.stores.funds.balance('tet-2026')).received).toBe(200_000);
    const entry = (await ledger.stores.journal.entityTrail(late.body.id))[0]!;
    expect(entry.publicDetails.late).toBe(true);
    expect(await closeReceiving(ledger.stores, 'tet-2026', {}, as('staff:quan', scope), CACHE).catch((e: unknown) => e)).toMatchObject({ currentState: 'RECEIVING_CLOSED' });
  });

  it('closes only once receiving has ended and nothing waits for approval or payment; closing twice is 409', async () => {
    const scope = admin('vn-79-26734');
    await createFund(ledger.stores, { ...input(), committeeId: 'vn-79', fundId: 'hcm-tet', code: 'HCM-TET' }, as('staff:quan', admin('vn-79')));
    const hcm = admin('vn-79');
    await openFund(ledger.stores, 'hcm-tet', {}, as('staff:quan', hcm));
    await recordReceipt(ledger.stores, { fundId: 'hcm-tet', amount: 1_000_000, receivedAt: '2025-12-05T09:00:00+07:00', method: 'bank' }, ctx('staff:an'));
    const { body: request } = await requestDisbursement(ledger.stores, { fundId: 'hcm-tet', beneficiary: { wardCode: '26734' }, amount: 400_000, purpose: 'Quà Tết' }, ctx('staff:an'));
    const closing = new Date('2026-01-10T03:00:00.000Z');
    await closeReceiving(ledger.stores, 'hcm-tet', {}, as('staff:quan', hcm, closing), CACHE);
    const tooSoon = await closeFund(ledger.stores, 'hcm-tet', { reason: 'Kết thúc' }, as('staff:quan', hcm, new Date('2026-01-10T03:00:10.000Z'))).catch((e: unknown) => e);
    expect((tooSoon as Error).message).toMatch(/receives until/);
    const after = new Date('2026-01-10T04:00:00.000Z');
    const pending = await closeFund(ledger.stores, 'hcm-tet', { reason: 'Kết thúc' }, as('staff:quan', hcm, after)).catch((e: unknown) => e);
    expect((pending as Error).message).toContain(request.ref);
    await actOnDisbursement(ledger.stores, request.ref, { action: 'reject', reason: 'Chưa đủ hồ sơ' }, ctx('staff:lan'));
    const { body } = await closeFund(ledger.stores, 'hcm-tet', { reason: 'Kết thúc' }, as('staff:quan', hcm, after));
    expect(body.status).toBe('CLOSED');
    const twice = await closeFund(ledger.stores, 'hcm-tet', { reason: 'Kết thúc lần hai' }, as('staff:quan', hcm, after)).catch((e: unknown) => e);
    expect(twice).toBeInstanceOf(ConflictError);
    expect(twice).toMatchObject({ currentState: 'CLOSED' });
    await expect(closeFund(ledger.stores, 'hcm-tet', { reason: 'x' }, as('staff:x', scope, after))).rejects.toBeInstanceOf(ForbiddenError);
    expect((await ledger.stores.journal.entityTrail('hcm-tet')).map((e) => e.type)).toEqual(['FUND_CREATED', 'FUND_OPENED', 'FUND_RECEIVING_CLOSED', 'FUND_CLOSED']);
    expect((await getFundWithTotals(ledger.stores, 'hcm-tet', after)).acceptsPledges).toBe(false);
  });
});

describe('committees', () => {
  it('reads official committees from the admin units and stores the others under their parent, with their path', async () => {
    expect(await getCommittee(ledger.stores, 'vn-79-26734')).toMatchObject({ level: 'ward', parentId: 'vn-79', path: ['vn', 'vn-79', 'vn-79-26734'], unitCode: '26734' });
    expect((await listCommittees(ledger.stores)).map((c) => c.committeeId)).toEqual(['vn-01', 'vn-79']);
    const { body } = await createCommittee(
      ledger.stores,
      { committeeId: 'sg-kp1', name: { vi: 'Ban công tác Mặt trận khu phố 1', en: 'Front work team, quarter 1' }, parentId: 'vn-79-26734' },
      as('staff:quan', admin('vn-79-26734')),
    );
    expect(body.path).toEqual(['vn', 'vn-79', 'vn-79-26734', 'sg-kp1']);
    expect((await listCommittees(ledger.stores, 'vn-79-26734')).map((c) => c.committeeId)).toEqual(['sg-kp1']);
    await expect(
      createCommittee(ledger.stores, { committeeId: 'khac', name: { vi: 'Khác', en: 'Other' }, parentId: 'vn-79-26734' }, as('staff:x', admin('vn-01', true))),
    ).rejects.toBeInstanceOf(ForbiddenError);
    const official = await createCommittee(ledger.stores, { committeeId: 'vn-79-26740', name: { vi: 'X', en: 'X' }, parentId: 'vn-79' }, as('staff:quan', admin('vn', true))).catch((e: unknown) => e);
    expect((official as UnprocessableError).errors[0]!.path).toBe('body.committeeId');
  });
});
