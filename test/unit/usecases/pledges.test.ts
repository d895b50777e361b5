import { beforeEach, describe, expect, it } from 'vitest';
import { pledgeRefFor } from '../../../shared/domain/pledges';
import { isValidRef } from '../../../shared/domain/refs';
import { decodeVietQr } from '../../../shared/domain/vietqr';
import { PublicPledge } from '../../../shared/schemas/pledges';
import { ConflictError, IdempotencyKeyReuseError, NotFoundError, UnprocessableError } from '../../../shared/errors';
import { cancelPledge, createPledge, getPublicPledge } from '../../../shared/usecases/pledges';
import { recordReceipt } from '../../../shared/usecases/receipts';
import { CLOSED_FUND, counts, ctx, memoryLedger, OPEN_FUND, type MemoryLedger } from '../../support/memory-ledger';

const input = (overrides: Record<string, unknown> = {}) => ({
  fundId: OPEN_FUND.fundId,
  donor: { type: 'organisation' as const, name: 'Công ty TNHH Hoa Sen', taxCode: '0301234567', email: 'ketoan@hoasen.vn' },
  amount: 2_000_000,
  publishName: true,
  ...overrides,
});

let ledger: MemoryLedger;
beforeEach(() => {
  ledger = memoryLedger();
});

describe('createPledge', () => {
  it('writes the pledge under its code and its PLEDGE_MADE entry, and answers with a VietQR that pays the fund', async () => {
    const { status, body } = await createPledge(ledger.stores, input(), ctx('public'));
    expect(status).toBe(201);
    expect(isValidRef(body.ref)).toBe(true);
    expect(decodeVietQr(body.payment.vietQr)).toEqual({ bankBin: '970436', accountNumber: '0071000000079', amount: 2_000_000, memo: body.payment.memo });
    expect(await ledger.stores.pledges.getByRef(body.ref)).toMatchObject({ id: body.id, status: 'PLEDGED', received: 0, createdBy: 'public' });
    const [made] = await ledger.stores.journal.entityTrail(body.ref);
    // A stranger's pledge is journaled without its name: the name is published when money arrives (DESIGN §8).
    expect(made).toMatchObject({ type: 'PLEDGE_MADE', deltas: { pledged: 2_000_000, pledgeCount: 1, donorCount: 1 }, publicDetails: { donor: 'Nhà hảo tâm' } });
  });

  it('journals the allowed name at once for a pledge an organisation or the committee’s staff entered', async () => {
    for (const actor of ['org:org-hoa-sen', 'staff:an']) {
      const { body } = await createPledge(ledger.stores, input(), ctx(actor));
      const [made] = await ledger.stores.journal.entityTrail(body.ref);
      expect(made!.publicDetails, actor).toMatchObject({ donor: 'Công ty TNHH Hoa Sen' });
    }
  });

  it('shows a stranger’s pledge by code as Nhà hảo tâm until money arrives, then by the name the donor allowed', async () => {
    const { body } = await createPledge(ledger.stores, input(), ctx('public'));
    expect((await getPublicPledge(ledger.stores, body.ref)).donorName).toBe('Nhà hảo tâm');
    await recordReceipt(ledger.stores, { fundId: OPEN_FUND.fundId, amount: 500_000, receivedAt: '2024-09-10T09:00:00+07:00', method: 'bank', pledgeRef: body.ref }, ctx('staff:an'));
    expect((await getPublicPledge(ledger.stores, body.ref)).donorName).toBe('Công ty TNHH Hoa Sen');
  });

  it('refuses an unknown or closed fund with 422 naming body.fundId, and writes nothing', async () => {
    const before = counts(ledger.state);
    for (const fundId of ['khong-co', CLOSED_FUND.fundId]) {
      const error = await createPledge(ledger.stores, input({ fundId }), ctx('public')).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(UnprocessableError);
      expect((error as UnprocessableError).errors[0]!.path).toBe('body.fundId');
    }
    expect(counts(ledger.state)).toEqual(before);
  });
});

describe('idempotency of a command', () => {
  it('answers the same key with the same body with the first answer, and writes once', async () => {
    const first = await createPledge(ledger.stores, input(), ctx('public', 'same-key'));
    const again = await createPledge(ledger.stores, input(), ctx('public', 'same-key'));
    expect(again).toEqual(first);
    expect(counts(ledger.state)).toMatchObject({ pledges: 1, journal: 1, idempotency: 1 });
  });

  it('refuses an identified caller the same key with another body (409), writing nothing more', async () => {
    await createPledge(ledger.stores, input(), ctx('org:hoa-sen', 'reused'));
    await expect(createPledge(ledger.stores, input({ amount: 3_000_000 }), ctx('org:hoa-sen', 'reused'))).rejects.toBeInstanceOf(IdempotencyKeyReuseError);
    expect(counts(ledger.state)).toMatchObject({ pledges: 1, journal: 1 });
  });

  it('never gives an anonymous caller another anonymous caller’s answer: the same key with another body is a pledge of its own', async () => {
    const first = await createPledge(ledger.stores, input(), ctx('public', 'guessable-key'));
    const other = await createPledge(ledger.stores, input({ amount: 3_000_000, donor: { type: 'individual', name: 'Người khác' } }), ctx('public', 'guessable-key'));
    expect(other.status).toBe(201);
    expect(other.body.ref).not.toBe(first.body.ref);
    expect(other.body.id).not.toBe(first.body.id);
    expect(JSON.stringify(other.body)).not.toContain(first.body.ref);
    expect(other.body.amount).toBe(3_000_000);
    // Each caller's retry still gets its own answer.
    expect(await createPledge(ledger.stores, input(), ctx('public', 'guessable-key'))).toEqual(first);
    expect(await createPledge(ledger.stores, input({ amount: 3_000_000, donor: { type: 'individual', name: 'Người khác' } }), ctx('public', 'guessable-key'))).toEqual(other);
    expect(counts(ledger.state)).toMatchObject({ pledges: 2, journal: 2 });
  });

  it('answers a replay of the whole request with an answer that holds nothing of the donor’s', async () => {
    const first = await createPledge(ledger.stores, input({ donor: { type: 'individual', name: 'Lan', email: 'lan@example.vn', phone: '0912345678' }, message: 'bí mật' }), ctx('public', 'k-private'));
    expect(Object.keys(first.body).sort()).toEqual(['amount', 'createdAt', 'currency', 'fundId', 'id', 'payment', 'ref', 'status']);
    for (const secret of ['Lan', 'lan@example.vn', '0912345678', 'bí mật']) expect(JSON.stringify(first.body)).not.toContain(secret);
  });

  it('keeps keys of different callers apart', async () => {
    await createPledge(ledger.stores, input(), ctx('public', 'shared-key'));
    await createPledge(ledger.stores, input({ amount: 1 }), ctx('org:hoa-sen', 'shared-key'));
    expect(counts(ledger.state).pledges).toBe(2);
  });

  it('makes one pledge of 20 concurrent requests with one key, and gives all of them its answer', async () => {
    const answers = await Promise.all(Array.from({ length: 20 }, () => createPledge(ledger.stores, input({ amount: 777_000 }), ctx('public', 'racing'))));
    expect(new Set(answers.map((a) => a.body.ref)).size).toBe(1);
    expect(answers.every((a) => a.status === 201)).toBe(true);
    // The code is the pledge's key: no guard item beside it (DESIGN §4).
    expect(counts(ledger.state)).toMatchObject({ pledges: 1, journal: 1, idempotency: 1, references: 0 });
  });
});

describe('the pledge’s code, derived from its request', () => {
  it('is the same for the same key and caller, and another for another key or caller', async () => {
    const first = await createPledge(ledger.stores, input(), ctx('public', 'k-1'));
    expect(first.body.ref).toBe(pledgeRefFor('CreatePledge#public', 'k-1', 0));
    const other = await createPledge(ledger.stores, input(), ctx('public', 'k-2'));
    const otherCaller = await createPledge(ledger.stores, input(), ctx('org:hoa-sen', 'k-1'));
    expect(new Set([first.body.ref, other.body.ref, otherCaller.body.ref]).size).toBe(3);
    for (const ref of [first.body.ref, other.body.ref, otherCaller.body.ref]) expect(isValidRef(ref)).toBe(true);
  });

  it('moves to the next attempt when another request holds the code, and a replay follows it there', async () => {
    const squatted = pledgeRefFor('CreatePledge#public', 'collides', 0);
    // Another request's pledge already sits under this request's first code.
    const { body: theirs } = await createPledge(ledger.stores, input(), ctx('public', 'theirs'), { ref: () => squatted });
    const before = counts(ledger.state);
    const mine = await createPledge(ledger.stores, input({ amount: 5_000 }), ctx('public', 'collides'));
    expect(mine.body.ref).toBe(pledgeRefFor('CreatePledge#public', 'collides', 1));
    expect(counts(ledger.state)).toMatchObject({ pledges: before.pledges + 1, journal: before.journal + 1 });
    expect(await createPledge(ledger.stores, input({ amount: 5_000 }), ctx('public', 'collides'))).toEqual(mine);
    // Anonymous: another body under the key is another caller's request, with a code of its own.
    expect((await createPledge(ledger.stores, input({ amount: 6_000 }), ctx('public', 'collides'))).body.ref).toBe(pledgeRefFor('CreatePledge#public', 'collides', 2));
    expect((await ledger.stores.pledges.getByRef(squatted))!.id).toBe(theirs.id);
  });

  it('answers a replay the same after the fund closed, and refuses a new request with 422', async () => {
    const first = await createPledge(ledger.stores, input(), ctx('public', 'before-closing'));
    ledger.state.funds.set(OPEN_FUND.fundId, { ...OPEN_FUND, status: 'CLOSED' });
    expect(await createPledge(ledger.stores, input(), ctx('public', 'before-closing'))).toEqual(first);
    await expect(createPledge(ledger.stores, input(), ctx('public', 'after-closing'))).rejects.toBeInstanceOf(UnprocessableError);
  });

  it('keeps the answer the donor got when the fund’s account changes later, and after the pledge is cancelled', async () => {
    const first = await createPledge(ledger.stores, input(), ctx('public', 'account-moves'));
    ledger.state.funds.set(OPEN_FUND.fundId, { ...OPEN_FUND, bankAccount: { ...OPEN_FUND.bankAccount, accountNumber: '999' } });
    await cancelPledge(ledger.stores, first.body.ref, 'đổi ý', ctx('staff:lan'));
    expect(await createPledge(ledger.stores, input(), ctx('public', 'account-moves'))).toEqual(first);
  });

  it('refuses a fixed code that is taken with 409 instead of trying another', async () => {
    await createPledge(ledger.stores, input(), ctx('public'), { ref: () => 'UHV1EWZE1' });
    await expect(createPledge(ledger.stores, input(), ctx('public'), { ref: () => 'UHV1EWZE1' })).rejects.toBeInstanceOf(ConflictError);
  });
});

describe('cancelPledge and the public view', () => {
  it('cancels a pledge once with a reversing entry; a second cancel is 409 naming CANCELLED', async () => {
    const { body } = await createPledge(ledger.stores, input(), ctx('public'));
    const { body: cancelled } = await cancelPledge(ledger.stores, body.ref, 'Nhà tài trợ rút lại', ctx('staff:lan'));
    expect(cancelled).toMatchObject({ status: 'CANCELLED', version: 2 });
    expect((await ledger.stores.journal.entityTrail(body.ref)).map((e) => [e.type, e.deltas.pledged])).toEqual([
      ['PLEDGE_MADE', 2_000_000],
      ['PLEDGE_CANCELLED', -2_000_000],
    ]);
    await expect(cancelPledge(ledger.stores, body.ref, 'again', ctx('staff:lan'))).rejects.toMatchObject({ currentState: 'CANCELLED' });
  });

  it('will not cancel a pledge that has received money: its receipts are reversed first', async () => {
    const { body } = await createPledge(ledger.stores, input(), ctx('public'));
    await recordReceipt(ledger.stores, { fundId: OPEN_FUND.fundId, amount: 100_000, receivedAt: '2024-09-02T09:00:00+07:00', method: 'bank', pledgeRef: body.ref }, ctx('staff:an'));
    await expect(cancelPledge(ledger.stores, body.ref, 'x', ctx('staff:lan'))).rejects.toBeInstanceOf(ConflictError);
    await expect(cancelPledge(ledger.stores, 'UHV1EWZE1', 'x', ctx('staff:lan'))).rejects.toBeInstanceOf(NotFoundError);
  });

  it('shows anyone with the code only public data and how to pay it, never the due date', async () => {
    const { body } = await createPledge(ledger.stores, input({ publishName: false, dueDate: '2024-09-30', message: 'Viva' }), ctx('public'));
    const view = await getPublicPledge(ledger.stores, body.ref);
    expect(view).toMatchObject({ ref: body.ref, donorName: 'Nhà hảo tâm', fundName: OPEN_FUND.name, payment: body.payment });
    expect(view).not.toHaveProperty('overdue');
    expect(view).not.toHaveProperty('dueDate');
    const text = JSON.stringify(view);
    for (const secret of ['Hoa Sen', '0301234567', 'ketoan@hoasen.vn', 'Viva', '2024-09-30']) expect(text).not.toContain(secret);
  });
});

describe('the public view of a pledge', () => {
  it('leaves out the due date and the overdue state, even of a pledge long overdue', async () => {
    const made = await createPledge(ledger.stores, input({ dueDate: '2020-01-31' }), ctx('public'));
    expect((await ledger.stores.pledges.getByRef(made.body.ref))!.dueDate).toBe('2020-01-31');
    const view = await getPublicPledge(ledger.stores, made.body.ref);
    const text = JSON.stringify(view);
    for (const hidden of ['dueDate', 'overdue', '2020-01-31']) expect(text).not.toContain(hidden);
    expect(Object.keys(PublicPledge.shape).some((name) => /due|overdue/i.test(name))).toBe(false);
  });
});
