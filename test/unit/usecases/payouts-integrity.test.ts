/**
 * The integrity of money out (DESIGN §10): evidence filed once with its SHA-256, one bank
 * reference per payout and account, maker-checker on rejection, and receipt confirmed by the
 * receiving ward, never by whoever recorded the payment.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Role } from '../../../shared/domain/committees';
import { ConflictError, ForbiddenError } from '../../../shared/errors';
import type { CommandContext } from '../../../shared/usecases/command';
import { actOnDisbursement, addEvidence, findDisbursement, requestDisbursement } from '../../../shared/usecases/disbursements';
import { publicDisbursements } from '../../../shared/usecases/public-disbursements';
import { recordReceipt } from '../../../shared/usecases/receipts';
import { counts, ctx, HCMC_FUND, memoryLedger, type MemoryLedger } from '../../support/memory-ledger';

const fundId = HCMC_FUND.fundId;
const SHA_A = 'a'.repeat(64);
const SHA_B = 'b'.repeat(64);

let ledger: MemoryLedger;
beforeEach(async () => {
  ledger = memoryLedger();
  await recordReceipt(ledger.stores, { fundId, amount: 50_000_000, receivedAt: '2025-11-20T09:00:00+07:00', method: 'bank' }, ctx('staff:an'));
});

const request = async (amount = 1_000_000) => (await requestDisbursement(ledger.stores, { fundId, beneficiary: { wardCode: '26734' }, amount, purpose: 'Quà Tết' }, ctx('staff:an'))).body;
const approved = async (amount?: number) => {
  const d = await request(amount);
  await actOnDisbursement(ledger.stores, d.ref, { action: 'approve' }, ctx('staff:lan'));
  return d;
};
const pay = (ref: string, bankRef: string, actor = 'staff:an') => actOnDisbursement(ledger.stores, ref, { action: 'pay', bankRef, paidAt: '2025-11-21T10:00:00+07:00' }, ctx(actor));
const confirm = (ref: string, context: CommandContext) => actOnDisbursement(ledger.stores, ref, { action: 'confirm', confirmedBy: 'UBND Phường Sài Gòn', note: '' }, context);
const as = (actor: string, grants: [committeeId: string, role: Role, children?: boolean][]): CommandContext => ({
  ...ctx(actor),
  scope: { kind: 'staff', grants: grants.map(([committeeId, role, children]) => ({ committeeId, role, children: Boolean(children) })), roles: ['finance-clerk', 'finance-approver'] },
});

describe('evidence is filed once', () => {
  const file = (sha256: string, key = 'evidence/k.pdf') => ({ key, fileName: 'bien-ban.pdf', contentType: 'application/pdf', sha256 });

  it('keeps the first upload: the same key again answers the same and writes nothing, another upload is a 409 saying evidence exists', async () => {
    const d = await request();
    const first = await addEvidence(ledger.stores, d.ref, file(SHA_A), ctx('staff:an', 'evidence-1'));
    expect(first.body.evidence).toEqual([expect.objectContaining({ sha256: SHA_A, addedBy: 'staff:an' })]);
    const before = counts(ledger.state);
    const replay = await addEvidence(ledger.stores, d.ref, file(SHA_A), ctx('staff:an', 'evidence-1'));
    expect(replay).toEqual(first);
    expect(counts(ledger.state)).toEqual(before);
    const other = await addEvidence(ledger.stores, d.ref, file(SHA_B, 'evidence/other.pdf'), ctx('staff:an', 'evidence-2')).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(ConflictError);
    expect(other).toMatchObject({ code: 'evidence-exists', message: expect.stringMatching(/Evidence already exists/) });
    expect((await findDisbursement(ledger.stores, d.ref)).evidence).toEqual([expect.objectContaining({ sha256: SHA_A, key: 'evidence/k.pdf' })]);
  });

  it('lets exactly one of two different uploads racing for the same disbursement win', async () => {
    const d = await request();
    const outcomes = await Promise.allSettled([SHA_A, SHA_B].map((sha, i) => addEvidence(ledger.stores, d.ref, file(sha, `evidence/${i}.pdf`), ctx('staff:an', `race-${i}`))));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    expect((await findDisbursement(ledger.stores, d.ref)).evidence).toHaveLength(1);
  });

  it('journals the file’s SHA-256 and publishes it with the payout', async () => {
    const d = await approved();
    await addEvidence(ledger.stores, d.ref, file(SHA_A), ctx('staff:an'));
    const entry = (await ledger.stores.journal.entityTrail(d.ref)).find((e) => e.type === 'DISBURSEMENT_EVIDENCE_ADDED');
    expect(entry).toMatchObject({ actor: 'staff:an', publicDetails: { sha256: SHA_A, fileName: 'bien-ban.pdf' } });
    const published = await publicDisbursements(ledger.stores, fundId);
    expect(published.items[0]).toMatchObject({ ref: d.ref, evidenceCount: 1, evidence: [{ fileName: 'bien-ban.pdf', sha256: SHA_A }] });
    expect(JSON.stringify(published)).not.toContain('staff:');
  });
});

describe('one bank reference pays one disbursement per account', () => {
  it('refuses a second disbursement paid with the same reference: 409 naming the first, nothing written', async () => {
    const [first, second] = [await approved(), await approved()];
    await pay(first.ref, 'FT-OUT-1');
    const before = counts(ledger.state);
    const balance = await ledger.stores.funds.balance(fundId);
    const error = await pay(second.ref, 'ft-out-1 ').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConflictError);
    expect(error).toMatchObject({ code: 'bank-ref-used', message: expect.stringContaining(first.ref) });
    expect((await findDisbursement(ledger.stores, second.ref)).status).toBe('APPROVED');
    expect(counts(ledger.state)).toEqual(before);
    expect(await ledger.stores.funds.balance(fundId)).toEqual(balance);
  });

  it('lets exactly one of two payouts racing with one reference through', async () => {
    const made = [await approved(), await approved()];
    const outcomes = await Promise.allSettled(made.map((d) => pay(d.ref, 'FT-RACE')));
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refused = outcomes.find((o) => o.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toMatchObject({ code: 'bank-ref-used' });
    expect((await ledger.stores.funds.balance(fundId)).disbursed).toBe(1_000_000);
  });
});

describe('maker-checker on rejection and confirmation', () => {
  it('refuses a requester rejecting their own request, as approving it (403 self-approval)', async () => {
    const d = await request();
    const error = await actOnDisbursement(ledger.stores, d.ref, { action: 'reject', reason: 'Thiếu hồ sơ' }, ctx('staff:an')).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect(error).toMatchObject({ code: 'self-approval', message: expect.stringMatching(/cannot reject/) });
    expect((await findDisbursement(ledger.stores, d.ref)).status).toBe('REQUESTED');
    expect((await actOnDisbursement(ledger.stores, d.ref, { action: 'reject', reason: 'Thiếu hồ sơ' }, ctx('staff:lan'))).body.status).toBe('REJECTED');
  });

  it('refuses whoever recorded the payment confirming its receipt', async () => {
    const d = await approved();
    await pay(d.ref, 'FT-SELF');
    await expect(confirm(d.ref, ctx('staff:an'))).rejects.toMatchObject({ name: 'ForbiddenError', code: 'self-confirmation' });
    expect((await findDisbursement(ledger.stores, d.ref)).status).toBe('PAID');
  });

  it('takes the confirmation from a principal of the receiving ward’s committee only', async () => {
    const d = await approved();
    await pay(d.ref, 'FT-WARD');
    // The fund's province committee alone, and another ward, do not cover the receiving ward.
    await expect(confirm(d.ref, as('staff:tinh', [['vn-79', 'finance-clerk']]))).rejects.toBeInstanceOf(ForbiddenError);
    await expect(confirm(d.ref, as('staff:ben-thanh', [['vn-79-26743', 'finance-clerk']]))).rejects.toBeInstanceOf(ForbiddenError);
    // The ward's own clerk confirms, though their grant does not cover the province's fund.
    const confirmed = await confirm(d.ref, as('staff:phuong', [['vn-79-26734', 'finance-clerk']]));
    expect(confirmed.body).toMatchObject({ status: 'CONFIRMED', confirmedBy: 'UBND Phường Sài Gòn' });
    expect((await ledger.stores.journal.entityTrail(d.ref)).at(-1)).toMatchObject({ type: 'DISBURSEMENT_CONFIRMED', actor: 'staff:phuong' });
  });
});
