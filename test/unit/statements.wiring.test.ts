import { describe, expect, it } from 'vitest';
import { StatementReading } from '../../shared/domain/statements/continuity';
import { FactsCollector } from '../../shared/domain/statements/facts';
import { counterChange, lineCounters, lineId, newStatementId, parseLineId, rowAccounting } from '../../shared/domain/statements/statement';
import type { StatementLine, StatementRow } from '../../shared/domain/statements/types';
import { ValidationError } from '../../shared/errors';
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
      { op: 'statementCounters', statementId: 's', change: { counted: 1, matched: 1 } },
      journal('a'),
      { op: 'fundOpen', fundId: 'f' },
      balance({ received: 50 }),
      { op: 'statementCounters', statementId: 's', change: { counted: 1, unmatched: 1 } },
      journal('b'),
    ]);
    expect(merged).toEqual([
      { op: 'fundOpen', fundId: 'f' },
      balance({ received: 150 }),
      { op: 'statementCounters', statementId: 's', change: { counted: 2, matched: 1, unmatched: 1 } },
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
  it('count a line by its class and status, and move it on a decision', () => {
    const line = { class: 'COUNTED' as const, status: 'FLAGGED' as const, direction: 'DEBIT' as const, amount: 22_000, effect: 'NONE' as const };
    expect(lineCounters(line)).toEqual({ counted: 1, countedDebits: 1, countedDebited: 22_000, flagged: 1, flaggedAmount: 22_000, outsideLedgerDebited: 22_000 });
    expect(counterChange(line, { ...line, status: 'MATCHED', effect: 'DISBURSEMENT_PAID' })).toEqual({
      flagged: -1,
      flaggedAmount: -22_000,
      outsideLedgerDebited: -22_000,
      matched: 1,
      matchedAmount: 22_000,
    });
    const held = { class: 'HELD' as const, direction: 'CREDIT' as const, amount: 10_000, effect: 'NONE' as const };
    expect(lineCounters(held)).toEqual({ held: 1, heldCredited: 10_000 });
    expect(counterChange(held, { ...held, class: 'COUNTED', status: 'UNMATCHED', effect: 'RECEIPT' })).toEqual({
      held: -1,
      heldCredited: -10_000,
      counted: 1,
      countedCredits: 1,
      countedCredited: 10_000,
      unmatched: 1,
      unmatchedAmount: 10_000,
    });
    expect(counterChange(held, { ...held, class: 'NOT_TRANSACTION' })).toEqual({ held: -1, heldCredited: -10_000, notTransactions: 1 });
  });

  it('account for every row: counted + held + duplicates + not transactions + pending', () => {
    const facts = { rows: 12, lineCount: 9, otherRows: { TITLE: 1, HEADER: 1, FOOTER: 1, BLANK: 0 } } as never;
    expect(rowAccounting({ facts, linesProcessed: 9, counted: 5, held: 2, duplicates: 1, notTransactions: 1 })).toMatchObject({ rows: 12, notTransactions: 4, pending: 0, balanced: true });
    expect(rowAccounting({ facts, linesProcessed: 4, counted: 3, held: 0, duplicates: 1, notTransactions: 0 })).toMatchObject({ pending: 5, balanced: true });
    expect(rowAccounting({ facts, linesProcessed: 9, counted: 5, held: 2, duplicates: 1, notTransactions: 0 })).toMatchObject({ balanced: false });
  });

  const line = (n: number, direction: 'CREDIT' | 'DEBIT', amount: number, balance: number | undefined, valueDate: string, clock?: string): StatementRow => ({
    kind: 'line',
    line: {
      lineNo: n,
      row: n + 1,
      bookedAt: `${valueDate}T00:00:00+07:00`,
      valueDate,
      ...(clock ? { clock, precision: 'second' as const } : {}),
      direction,
      amount,
      bankRef: String(n),
      memo: '',
      ...(balance !== undefined ? { balance } : {}),
    } as StatementLine,
  });
  const collect = (rows: StatementRow[]) => {
    const reading = new StatementReading();
    const facts = new FactsCollector();
    for (const row of rows) facts.observe(reading.accept(row));
    return facts.finish('native', reading.notes, 10, 'h');
  };

  it('collects a file’s facts, with the opening balance before its first line and each day’s cover', () => {
    const facts = collect([
      { kind: 'other', row: 1, what: 'HEADER', text: 'h' },
      line(1, 'CREDIT', 100, 1_100, '2024-09-02', '08:00:00'),
      line(2, 'DEBIT', 30, 1_070, '2024-09-01', '09:00:01'),
      line(3, 'CREDIT', 5, 1_075, '2024-09-01', '07:00:00'),
    ]);
    expect(facts).toMatchObject({
      format: 'native',
      rows: 4,
      lineCount: 3,
      otherRows: { HEADER: 1, TITLE: 0, FOOTER: 0, BLANK: 0 },
      credits: 2,
      credited: 105,
      debits: 1,
      debited: 30,
      periodFrom: '2024-09-01',
      periodTo: '2024-09-02',
      openingBalance: 1_000,
      closingBalance: 1_075,
      breaks: 0,
      days: { '2024-09-01': { lines: 2, cover: { first: '07:00:00', last: '09:00:01', precision: 'second' } }, '2024-09-02': { lines: 1, cover: { first: '08:00:00', last: '08:00:00' } } },
      daysTogether: true,
      size: 10,
      sha256: 'h',
    });
  });

  it('reports each balance break with its row, and infers a damaged row’s amount from the balances around it', () => {
    const damaged: StatementRow = {
      kind: 'line',
      line: { lineNo: 3, row: 4, valueDate: '2024-09-01', bookedAt: '2024-09-01T00:00:00+07:00', bankRef: 'x', memo: 'glued 10,000', balance: 1_090, damage: { reason: 'UNREADABLE', raw: 'x', problems: [] } },
    };
    const reading = new StatementReading();
    reading.accept({ kind: 'other', row: 1, what: 'TITLE', text: 'Số dư đầu kỳ: 1.000', notes: { openingBalance: 1_000 } });
    expect(reading.accept(line(1, 'CREDIT', 100, 1_100, '2024-09-01')).break).toBeUndefined();
    expect(reading.accept(line(2, 'DEBIT', 30, 1_080, '2024-09-01')).break).toEqual({ row: 3, lineNo: 2, expected: 1_070, found: 1_080 });
    expect(reading.accept(damaged).row).toMatchObject({ line: { direction: 'CREDIT', amount: 10, damage: { reason: 'INFERRED_AMOUNT' } } });
  });

  it('refuses a file whose opening and closing balances contradict its rows', () => {
    const rows = (closing: number): StatementRow[] => [
      { kind: 'other', row: 1, what: 'TITLE', text: 'o', notes: { openingBalance: 1_000 } },
      line(1, 'CREDIT', 100, undefined, '2024-09-01'),
      { kind: 'other', row: 3, what: 'FOOTER', text: 'c', notes: { closingBalance: closing } },
    ];
    expect(collect(rows(1_100))).toMatchObject({ openingBalance: 1_000, closingBalance: 1_100 });
    expect(() => collect(rows(1_200))).toThrow(ValidationError);
  });
});

describe('statement and line ids', () => {
  it('put the line number in the last eight characters of the statement id; the line id is its receipt’s', () => {
    const statementId = newStatementId(Date.UTC(2024, 8, 13));
    expect(statementId).toMatch(/^[0-9A-HJKMNP-TV-Z]{18}0{8}$/);
    for (const lineNo of [1, 31, 32, 2000, 32 ** 8 - 1]) {
      const id = lineId(statementId, lineNo);
      expect(id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
      expect(parseLineId(id)).toEqual({ statementId, lineNo });
    }
    expect(parseLineId(statementId)).toBeNull();
    expect(parseLineId('not an id')).toBeNull();
  });
});

describe('statement object keys', () => {
  it('name the statement, and nothing else passes for one', () => {
    const id = '01JC0000000000000000000000';
    expect(statementIdFromKey(objectKeyOf('lu-lut-2024', id))).toBe(id);
    for (const key of ['uploads/lu-lut-2024/x', `other/lu-lut-2024/${id}`, `uploads/${id}`, `uploads/../${id}`]) expect(statementIdFromKey(key)).toBeNull();
  });
});
