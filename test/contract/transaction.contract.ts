/** The transaction port: conditions, all-or-nothing, the same typed errors, the 100-op limit, copies in and out. */
import { beforeAll, describe, expect, it } from 'vitest';
import { CommitRejectedError, IdempotencyRecordExistsError, InvalidTransactionError, TransactionTooLargeError } from '../../shared/errors';
import type { WriteOp } from '../../shared/usecases/ports';
import { create, entry, fund, journal, pledge, statement, unique, type FixtureFactory, type StoresFixture } from './fixture';

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the commit to be refused');
}

export function transactionContract(make: FixtureFactory): void {
  describe('the transaction port', () => {
    let fx: StoresFixture;
    let fundId: string;
    beforeAll(async () => {
      fx = await make();
      const open = fund();
      fundId = open.fundId;
      await fx.seedFunds([open]);
    });

    it('creates an aggregate once: a second create names the op that failed and writes nothing', async () => {
      const value = pledge(fundId);
      await fx.stores.transaction.commit([create({ type: 'pledge', value })]);
      expect(await fx.stores.pledges.getByRef(value.ref)).toEqual(value);
      const error = await rejection(fx.stores.transaction.commit([journal(entry(fundId)), create({ type: 'pledge', value: { ...value, amount: 1 } })]));
      expect(error).toBeInstanceOf(CommitRejectedError);
      expect(error).toMatchObject({ failedOp: 'create:pledge', failedIndex: 1, failedIndexes: [1] });
      expect((await fx.stores.pledges.getByRef(value.ref))!.amount).toBe(value.amount);
    });

    it('replaces an aggregate only at the version it was read at', async () => {
      const value = pledge(fundId);
      await fx.stores.transaction.commit([create({ type: 'pledge', value })]);
      const stale = await rejection(fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'pledge', value: { ...value, received: 5, version: 3 } }, expectedVersion: 2 }]));
      expect(stale).toMatchObject({ failedOp: 'update:pledge', failedIndex: 0 });
      await fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'pledge', value: { ...value, received: 5, version: 2 } }, expectedVersion: 1 }]);
      expect(await fx.stores.pledges.getByRef(value.ref)).toMatchObject({ received: 5, version: 2 });
      const missing = pledge(fundId);
      expect(await rejection(fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'pledge', value: missing }, expectedVersion: 1 }]))).toMatchObject({
        failedOp: 'update:pledge',
      });
    });

    it('makes a pledge under a free code once, keeps its creation record through updates, and names newPledge when the code is taken', async () => {
      const value = pledge(fundId, { dueDate: '2025-10-01', message: 'Viva Cuba' });
      const creation = { scope: 'CreatePledge#public', key: unique('key'), requestHash: 'b'.repeat(64), payTo: { bankBin: '970436', bankName: 'VCB', accountNumber: '1', accountName: 'X' } };
      await fx.stores.transaction.commit([{ op: 'newPledge', pledge: value, creation }, journal(entry(fundId))]);
      const taken = await rejection(
        fx.stores.transaction.commit([journal(entry(fundId)), { op: 'newPledge', pledge: { ...value, id: 'other', amount: 1 }, creation: { ...creation, key: unique('key') } }]),
      );
      expect(taken).toMatchObject({ failedOp: 'newPledge', failedIndex: 1 });
      expect(await rejection(fx.stores.transaction.commit([create({ type: 'pledge', value })]))).toMatchObject({ failedOp: 'create:pledge' });
      // A change of state (cancelled: off the due list, the message dropped) keeps what made the pledge.
      const { message: _message, ...rest } = value;
      const cancelled = { ...rest, status: 'CANCELLED' as const, version: 2 };
      await fx.stores.transaction.commit([{ op: 'update', aggregate: { type: 'pledge', value: cancelled }, expectedVersion: 1 }]);
      expect(await fx.stores.pledges.getWithCreation(value.ref)).toEqual({ pledge: cancelled, creation });
      expect(await fx.stores.pledges.listOverdue(fundId, '2099-01-01')).toEqual([]);
    });

    it('claims a reference code, a unique name and a journal entry once each', async () => {
      const ref = unique('UH');
      const name = unique('BANKREF');
      const first = entry(fundId);
      await fx.stores.transaction.commit([
        { op: 'reference', ref, entityType: 'pledge', entityId: 'p1' },
        { op: 'unique', name, owner: 'r1' },
        journal(first),
      ]);
      expect(await rejection(fx.stores.transaction.commit([{ op: 'reference', ref, entityType: 'disbursement', entityId: 'd1' }]))).toMatchObject({ failedOp: 'reference' });
      expect(await rejection(fx.stores.transaction.commit([{ op: 'unique', name, owner: 'r2' }]))).toMatchObject({ failedOp: 'unique' });
      expect(await rejection(fx.stores.transaction.commit([journal({ ...first, type: 'PLEDGE_CANCELLED' })]))).toMatchObject({ failedOp: 'journal' });
      expect((await fx.stores.journal.entityTrail(first.entityRef)).map((e) => e.type)).toEqual(['PLEDGE_MADE']);
    });

    it('refuses a second idempotency record with IdempotencyRecordExistsError, and stores the first for reading', async () => {
      const record = { scope: unique('CreatePledge#public'), key: unique('key'), requestHash: 'h1', status: 201, response: { ref: 'UH1' }, createdAt: '2025-09-01T02:00:00.000Z' };
      await fx.stores.transaction.commit([{ op: 'idempotency', record }]);
      expect(await fx.stores.idempotency.get(record.scope, record.key)).toEqual(record);
      expect(await fx.stores.idempotency.get(record.scope, 'other')).toBeNull();
      const error = await rejection(fx.stores.transaction.commit([{ op: 'idempotency', record: { ...record, requestHash: 'h2' } }, journal(entry(fundId))]));
      expect(error).toBeInstanceOf(IdempotencyRecordExistsError);
      expect(error).not.toBeInstanceOf(CommitRejectedError);
    });

    it('checks that the fund is open, and writes nothing to it', async () => {
      const closed = fund({ status: 'CLOSED' });
      await fx.seedFunds([closed]);
      await fx.stores.transaction.commit([{ op: 'fundOpen', fundId }]);
      expect(await rejection(fx.stores.transaction.commit([{ op: 'fundOpen', fundId: closed.fundId }]))).toMatchObject({ failedOp: 'fundOpen' });
      expect(await rejection(fx.stores.transaction.commit([{ op: 'fundOpen', fundId: unique('no-such-fund') }]))).toMatchObject({ failedOp: 'fundOpen' });
      expect(await fx.stores.funds.get(closed.fundId)).toEqual(closed);
    });

    it('adds to the fund balance, and never lets a required available amount go uncovered', async () => {
      const own = fund();
      await fx.seedFunds([own]);
      expect(await fx.stores.funds.balance(own.fundId)).toEqual({ received: 0, approved: 0, disbursed: 0, available: 0 });
      // A fund that has never had money holds nothing, not even a zero to compare with.
      expect(await rejection(fx.stores.transaction.commit([{ op: 'fundBalance', fundId: own.fundId, change: { approved: 0 }, requireAvailable: 0 }]))).toMatchObject({
        failedOp: 'fundBalance',
      });
      await fx.stores.transaction.commit([{ op: 'fundBalance', fundId: own.fundId, change: { received: 1_000 } }]);
      await fx.stores.transaction.commit([{ op: 'fundBalance', fundId: own.fundId, change: { approved: 600 }, requireAvailable: 600 }]);
      expect(await rejection(fx.stores.transaction.commit([{ op: 'fundBalance', fundId: own.fundId, change: { approved: 401 }, requireAvailable: 401 }]))).toMatchObject({
        failedOp: 'fundBalance',
      });
      await fx.stores.transaction.commit([{ op: 'fundBalance', fundId: own.fundId, change: { approved: -600, disbursed: 600 } }]);
      expect(await fx.stores.funds.balance(own.fundId)).toEqual({ received: 1_000, approved: 0, disbursed: 600, available: 400 });
    });

    it('writes nothing at all when an op in the middle fails, and names every op that failed', async () => {
      const taken = unique('UH');
      await fx.stores.transaction.commit([{ op: 'reference', ref: taken, entityType: 'pledge', entityId: 'x' }]);
      const value = pledge(fundId);
      const first = entry(fundId);
      const own = statement(fundId);
      await fx.stores.transaction.commit([create({ type: 'statement', value: own })]);
      const before = await fx.stores.funds.balance(fundId);
      const ops: WriteOp[] = [
        create({ type: 'pledge', value }),
        { op: 'fundBalance', fundId, change: { received: 700 } },
        { op: 'reference', ref: taken, entityType: 'pledge', entityId: value.id },
        journal(first),
        { op: 'statementCounters', statementId: own.id, change: { counted: 1 } },
        { op: 'fundOpen', fundId: unique('no-such-fund') },
      ];
      const error = await rejection(fx.stores.transaction.commit(ops));
      expect(error).toMatchObject({ failedOp: 'reference', failedIndex: 2, failedIndexes: [2, 5] });
      expect(await fx.stores.pledges.getByRef(value.ref)).toBeNull();
      expect(await fx.stores.funds.balance(fundId)).toEqual(before);
      expect(await fx.stores.journal.entityTrail(first.entityRef)).toEqual([]);
      expect((await fx.stores.statements.get(own.id))!.counted).toBe(0);
    });

    it('adds to a statement’s counters, only while the statement exists', async () => {
      const own = statement(fundId);
      await fx.stores.transaction.commit([create({ type: 'statement', value: own })]);
      await fx.stores.transaction.commit([{ op: 'statementCounters', statementId: own.id, change: { counted: 2, matched: 1, matchedAmount: 300 } }]);
      await fx.stores.transaction.commit([{ op: 'statementCounters', statementId: own.id, change: { counted: 1, matched: 0 } }]);
      expect(await fx.stores.statements.get(own.id)).toMatchObject({ counted: 3, matched: 1, matchedAmount: 300, unmatched: 0 });
      expect(await rejection(fx.stores.transaction.commit([{ op: 'statementCounters', statementId: 'no-such-statement', change: { counted: 1 } }]))).toMatchObject({
        failedOp: 'statementCounters',
      });
    });

    it('commits 100 ops in one transaction and refuses 101 with TransactionTooLargeError, writing nothing', async () => {
      const hundred = Array.from({ length: 100 }, () => journal(entry(fundId)));
      await fx.stores.transaction.commit(hundred);
      const more = Array.from({ length: 101 }, () => journal(entry(fundId)));
      const error = await rejection(fx.stores.transaction.commit(more));
      expect(error).toBeInstanceOf(TransactionTooLargeError);
      expect(error).toMatchObject({ size: 101, limit: 100 });
      expect(await fx.stores.journal.entityTrail(more[0]!.op === 'journal' ? more[0]!.entry.entityRef : '')).toEqual([]);
      expect(await fx.stores.journal.entityTrail(hundred[99]!.op === 'journal' ? hundred[99]!.entry.entityRef : '')).toHaveLength(1);
    });

    it('refuses two writes to one record in one transaction, writing nothing', async () => {
      const value = pledge(fundId);
      const error = await rejection(
        fx.stores.transaction.commit([create({ type: 'pledge', value }), { op: 'update', aggregate: { type: 'pledge', value: { ...value, version: 2 } }, expectedVersion: 1 }]),
      );
      expect(error).toBeInstanceOf(InvalidTransactionError);
      expect(await fx.stores.pledges.getByRef(value.ref)).toBeNull();
    });

    it('keeps what it stored apart from the caller’s objects, both ways', async () => {
      const value = pledge(fundId, { dueDate: undefined, message: 'Viva Cuba' });
      await fx.stores.transaction.commit([create({ type: 'pledge', value })]);
      value.amount = 1;
      value.donor.name = 'changed';
      const read = (await fx.stores.pledges.getByRef(value.ref))!;
      expect(read).toMatchObject({ amount: 500_000, donor: { name: 'Nguyễn Văn An' }, message: 'Viva Cuba' });
      // Undefined fields are not stored, as DynamoDB's marshalling leaves them out.
      expect('dueDate' in read).toBe(false);
      read.donor.name = 'changed again';
      expect((await fx.stores.pledges.getByRef(value.ref))!.donor.name).toBe('Nguyễn Văn An');
    });
  });
}
