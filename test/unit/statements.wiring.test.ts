import { describe, expect, it } from 'vitest';
import { counterChange, FactsCollector, importCounters } from '../../shared/domain/statements/statement';
import type { StatementLine } from '../../shared/domain/statements/types';
import type { WriteOp } from '../../shared/usecases/ports';
import { objectKeyOf, statementIdFromKey } from '../../shared/usecases/statements/files';
import { mergeWrites, TransactionPack } from '../../shared/usecases/statements/unit-of-work';

const journal = (entryId: string): WriteOp => ({
  op: 'journal',
  entry: { entryId, fundId: 'f', type: 'RECEIPT_RECORDED', at: '2024-09-01T00:00:00Z', day: '2024-09-01', actor: 'x', entityRef: entryId, entityType: 'receipt', deltas: {}, publicDetails: {} },
});
const balance = (change: { received?: number; approved?: number; disbursed?: number }, requireAvailable?: number): WriteOp => ({
  op: 'fundBalance',
  fundId: 'f',
  change,
  ...(requireAvailable !== undefined ? { requireAvailable } : {}),
});

describe('mergeWrites', () => {
  it('adds up balance changes and counters, and checks a fund once', () => {
    const merged = mergeWrites([
      { op: 'fundOpen', fundId: 'f' },
      balance({ received: 100 }),
      { op: 'statementCounters', statementId: 's', change: { imported: 1, matched: 1 } },
      journal('a'),
      { op: 'fundOpen', fundId: 'f' },
      balance({ received: 50 }),
      { op: 'statementCounters', statementId: 's', change: { imported: 1, unmatched: 1 } },
      journal('b'),
    ]);
    expect(merged).toEqual([
      { op: 'fundOpen', fundId: 'f' },
      balance({ received: 150 }),
      { op: 'statementCounters', statementId: 's', change: { imported: 2, matched: 1, unmatched: 1 } },
      journal('a'),
      journal('b'),
    ]);
  });

  it('keeps a balance requirement only where the changes before it do not cover it', () => {
    // A receipt, then the reversal of another of the same amount: available never dips, nothing to require.
    expect(mergeWrites([balance({ received: 300 }), balance({ received: -300 }, 300)])).toEqual([balance({ received: 0 })]);
    // The reversal first: the fund must hold it already.
    expect(mergeWrites([balance({ received: -300 }, 300), balance({ received: 300 })])).toEqual([balance({ received: 0 }, 300)]);
    // An approval after a smaller receipt still needs the difference.
    expect(mergeWrites([balance({ received: 100 }), balance({ approved: 250 }, 250)])).toEqual([balance({ received: 100, approved: 250 }, 150)]);
  });
});

describe('TransactionPack', () => {
  const pledge = (version: number): WriteOp => ({
    op: 'update',
    aggregate: { type: 'pledge', value: { id: 'p1', ref: 'UH', fundId: 'f', donor: { type: 'individual', name: 'x' }, amount: 1, received: 0, currency: 'VND', publishName: false, status: 'PLEDGED', createdAt: '', createdBy: '', version } },
    expectedVersion: version - 1,
  });

  it('refuses a second write to one record, but shares the fund and counter records', () => {
    const pack = new TransactionPack<string>();
    const first = [{ op: 'fundOpen', fundId: 'f' } as WriteOp, balance({ received: 1 }), pledge(2), journal('a')];
    expect(pack.fits(first)).toBe(true);
    pack.add('one', first);
    expect(pack.fits([{ op: 'fundOpen', fundId: 'f' }, balance({ received: 1 }), journal('b')])).toBe(true);
    expect(pack.fits([balance({ received: 1 }), pledge(3), journal('c')])).toBe(false);
  });

  it('stays within 100 items', () => {
    const pack = new TransactionPack<number>();
    let added = 0;
    for (let i = 0; ; i++) {
      const ops = [balance({ received: 1 }), journal(`a${i}`), journal(`b${i}`), journal(`c${i}`)];
      if (!pack.fits(ops)) break;
      pack.add(i, ops);
      added++;
    }
    expect(added).toBe(33);
    expect(pack.writes()).toHaveLength(100);
  });
});

describe('statement counters', () => {
  it('count a new line by status, and move it on a decision', () => {
    const line = { status: 'FLAGGED' as const, direction: 'DEBIT' as const, amount: 22_000, effect: 'NONE' as const };
    expect(importCounters(line)).toEqual({ imported: 1, importedDebits: 1, importedDebited: 22_000, flagged: 1, flaggedAmount: 22_000, outsideLedgerDebited: 22_000 });
    expect(counterChange(line, { ...line, status: 'MATCHED', effect: 'DISBURSEMENT_PAID' })).toEqual({
      flagged: -1,
      flaggedAmount: -22_000,
      outsideLedgerDebited: -22_000,
      matched: 1,
      matchedAmount: 22_000,
    });
  });

  it('collects a file’s facts, with the opening balance before its first line', () => {
    const facts = new FactsCollector();
    const line = (n: number, direction: 'CREDIT' | 'DEBIT', amount: number, balance: number, valueDate: string): StatementLine => ({
      lineNo: n,
      bookedAt: `${valueDate}T00:00:00+07:00`,
      valueDate,
      direction,
      amount,
      bankRef: String(n),
      memo: '',
      balance,
    });
    facts.observe(line(1, 'CREDIT', 100, 1_100, '2024-09-02'));
    facts.observe(line(2, 'DEBIT', 30, 1_070, '2024-09-01'));
    expect(facts.result('native', 10, 'h')).toEqual({
      format: 'native',
      lineCount: 2,
      credits: 1,
      credited: 100,
      debits: 1,
      debited: 30,
      periodFrom: '2024-09-01',
      periodTo: '2024-09-02',
      openingBalance: 1_000,
      closingBalance: 1_070,
      daysTogether: true,
      size: 10,
      sha256: 'h',
    });
  });
});

describe('statement object keys', () => {
  it('name the statement, and nothing else passes for one', () => {
    const id = '01JC0000000000000000000000';
    expect(statementIdFromKey(objectKeyOf('lu-lut-2024', id))).toBe(id);
    for (const key of ['uploads/lu-lut-2024/x', `other/lu-lut-2024/${id}`, `uploads/${id}`, `uploads/../${id}`]) expect(statementIdFromKey(key)).toBeNull();
  });
});
