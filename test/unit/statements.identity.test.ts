/**
 * The line-identity rule of DESIGN §9.2, on the domain alone: keys from everything the bank
 * gives, strong matches across files as multisets, covers that keep the parts of a cut day apart,
 * weak matches held. The end-to-end cases (files through the import) are in
 * test/unit/usecases/statement-identity.test.ts.
 */
import { createHash } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold } from '../../shared/domain/text';
import {
  counterpartyKey,
  coverRelation,
  DayIdentity,
  decodePrint,
  encodePrint,
  lineKeys,
  lineRefKey,
  refKey,
  type Cover,
  type Decision,
  type IdentityInput,
  type IndexChunk,
  type Print,
} from '../../shared/domain/statements/identity';

const ACCOUNT = '970415/111602391111';

const line = (over: Partial<IdentityInput> = {}): IdentityInput => ({
  valueDate: '2024-09-13',
  direction: 'CREDIT',
  amount: 100_000,
  bankRef: '',
  memo: 'Ung ho',
  ...over,
});

/** A toy day index: files imported one after another, each a batch, as the import writes them. */
class Day {
  readonly chunks: IndexChunk[] = [];

  import(statementId: string, lines: IdentityInput[], cover?: Cover): Decision[] {
    const identity = new DayIdentity(statementId, cover, this.chunks);
    const identified = lines.map((l) => ({ keys: lineKeys(ACCOUNT, l), clock: l.clock, precision: l.precision, cp: counterpartyKey(l.counterparty) }));
    const decisions = identity.decide(identified);
    const prints = identified.map((id, i): Print => {
      const d = decisions[i]!;
      return { lineNo: i + 1, cls: d.kind === 'NEW' ? 'C' : d.kind === 'DUPLICATE' ? 'D' : 'H', keys: id.keys, clock: id.clock, precision: id.precision, cp: id.cp, ...(d.kind === 'NEW' ? {} : { of: d.of }) };
    });
    this.chunks.push({ statementId, firstLineNo: 1, ...(cover ? { cover } : {}), prints: prints.map(encodePrint) });
    return decisions;
  }
}

const kinds = (decisions: Decision[]) => decisions.map((d) => d.kind);

describe('keys', () => {
  it('a line has the strong keys its row gives, and always the weak one', () => {
    expect(Object.keys(lineKeys(ACCOUNT, line()))).toEqual(['w']);
    expect(Object.keys(lineKeys(ACCOUNT, line({ bankRef: 'FT1' })))).toEqual(['w', 'r', 'q']);
    expect(Object.keys(lineKeys(ACCOUNT, line({ balance: 5 })))).toEqual(['w', 'b']);
    expect(Object.keys(lineKeys(ACCOUNT, line({ clock: '08:40:22', precision: 'second' })))).toEqual(['w', 't']);
    // Time to the minute is not a strong key.
    expect(Object.keys(lineKeys(ACCOUNT, line({ clock: '08:40:00', precision: 'minute' })))).toEqual(['w']);
  });

  it('is the same whatever an export does to diacritics, case, whitespace or the reference’s spacing', () => {
    const a = lineKeys(ACCOUNT, line({ memo: 'CT nhanh 247 den: TRẦN NGỌC VY chuyen\ntien', bankRef: 'FT 123', clock: '08:12:41', precision: 'second', counterparty: 'TRẦN NGỌC VY' }));
    const b = lineKeys(ACCOUNT, line({ memo: 'ct nhanh 247 den: tran ngoc vy  chuyen tien', bankRef: 'ft123', clock: '08:12:41', precision: 'second', counterparty: 'tran ngoc vy' }));
    expect(b).toEqual(a);
  });

  it('differs with the account, the day, the direction and the amount, and each strong key with its own fields', () => {
    const base = lineKeys(ACCOUNT, line({ bankRef: 'FT1', balance: 7, clock: '08:00:01', precision: 'second', counterparty: 'A' }));
    for (const other of [
      lineKeys('970418/1', line({ bankRef: 'FT1', balance: 7, clock: '08:00:01', precision: 'second', counterparty: 'A' })),
      lineKeys(ACCOUNT, line({ valueDate: '2024-09-14', bankRef: 'FT1', balance: 7, clock: '08:00:01', precision: 'second', counterparty: 'A' })),
      lineKeys(ACCOUNT, line({ direction: 'DEBIT', bankRef: 'FT1', balance: 7, clock: '08:00:01', precision: 'second', counterparty: 'A' })),
      lineKeys(ACCOUNT, line({ amount: 100_001, bankRef: 'FT1', balance: 7, clock: '08:00:01', precision: 'second', counterparty: 'A' })),
    ]) {
      for (const kind of ['w', 'r', 'b', 't'] as const) expect(other[kind]).not.toBe(base[kind]);
    }
    const otherSender = lineKeys(ACCOUNT, line({ bankRef: 'FT1', balance: 7, clock: '08:00:01', precision: 'second', counterparty: 'B' }));
    expect(otherSender.t).not.toBe(base.t);
    expect(otherSender.r).toBe(base.r);
    expect(otherSender.b).toBe(base.b);
  });

  it('is pinned: prints in the day index keep their meaning from release to release', () => {
    expect(lineKeys(ACCOUNT, line({ bankRef: 'FT1', balance: 7, clock: '08:00:01', precision: 'second', counterparty: 'A' }))).toEqual({
      w: expect.any(String),
      r: expect.any(String),
      b: expect.any(String),
      t: expect.any(String),
      q: refKey(ACCOUNT, 'FT1'),
    });
    const parts = ['W', 'line-identity/2', ACCOUNT, '2024-09-13', 'CREDIT', 100_000, fold('Ung ho')];
    const digest = createHash('sha256').update(JSON.stringify(parts)).digest().subarray(0, 9).toString('base64url');
    expect(lineKeys(ACCOUNT, line()).w).toBe(digest);
  });

  it('prints round-trip through the index', () => {
    fc.assert(
      fc.property(
        fc.record({
          lineNo: fc.nat(),
          cls: fc.constantFrom('C' as const, 'H' as const, 'D' as const, 'N' as const),
          bankRef: fc.string({ maxLength: 20 }),
          balance: fc.option(fc.integer(), { nil: undefined }),
          clock: fc.option(fc.constantFrom('08:00:01', '23:59:59'), { nil: undefined }),
          minute: fc.boolean(),
          of: fc.option(fc.constantFrom('01J0000000000000000000000:5', 'receipt/01J:0'), { nil: undefined }),
        }),
        (r) => {
          const precision = r.clock ? (r.minute ? ('minute' as const) : ('second' as const)) : undefined;
          const print: Print = {
            lineNo: r.lineNo,
            cls: r.cls,
            keys: lineKeys(ACCOUNT, line({ bankRef: r.bankRef, balance: r.balance, clock: r.clock, precision })),
            ...(r.clock ? { clock: r.clock, precision } : {}),
            ...(r.of ? { of: r.of } : {}),
          };
          expect(decodePrint(encodePrint(print))).toEqual(print);
        },
      ),
    );
  });
});

describe('covers', () => {
  const cover = (first: string, last: string, precision: Cover['precision'] = 'second'): Cover => ({ first, last, precision });
  it('keeps apart the parts of a day cut between files, and holds the one instant where they touch', () => {
    const part1 = cover('00:00:48', '03:56:44');
    const part2 = cover('03:57:00', '07:00:00');
    expect(coverRelation(part2, part1, { clock: '03:57:00', precision: 'second' })).toBe('outside');
    const touching = cover('03:56:44', '07:00:00');
    expect(coverRelation(touching, part1, { clock: '03:56:44', precision: 'second' })).toBe('touching');
    expect(coverRelation(part1, touching, { clock: '03:56:44', precision: 'second' })).toBe('touching');
    expect(coverRelation(touching, part1, { clock: '05:00:00', precision: 'second' })).toBe('outside');
    // A part that lies within one second, at the start of the next part: that second may be split too.
    expect(coverRelation(cover('08:04:16', '20:00:00'), cover('08:04:16', '08:04:16'), { clock: '08:04:16', precision: 'second' })).toBe('touching');
  });

  it('sees an overlapping re-export, the same file and a file without times as covering the same day', () => {
    const whole = cover('00:00:48', '07:00:00');
    expect(coverRelation(cover('03:57:00', '07:00:00'), whole, { clock: '05:00:00', precision: 'second' })).toBe('inside');
    expect(coverRelation(whole, whole, { clock: '00:00:48', precision: 'second' })).toBe('inside');
    expect(coverRelation(cover('10:00:00', '10:00:00'), cover('10:00:00', '10:00:00'), { clock: '10:00:00', precision: 'second' })).toBe('inside');
    expect(coverRelation(undefined, whole, { clock: '05:00:00', precision: 'second' })).toBe('inside');
    expect(coverRelation(whole, undefined, { clock: '05:00:00', precision: 'second' })).toBe('inside');
  });

  it('compares at the coarser precision: a CSV with minutes and an XLSX with seconds of the same hour overlap', () => {
    expect(coverRelation(cover('08:40:00', '09:00:00', 'minute'), cover('08:40:22', '08:59:10'), { clock: '08:40:00', precision: 'minute' })).toBe('inside');
  });
});

describe('the rule', () => {
  it('within one file every row counts, however alike', () => {
    const day = new Day();
    expect(kinds(day.import('A', [line(), line(), line()]))).toEqual(['NEW', 'NEW', 'NEW']);
  });

  it('the same file again: every line a proven duplicate when it has a strong key', () => {
    const day = new Day();
    const file = [line({ bankRef: 'FT1' }), line({ bankRef: 'FT2' }), line({ balance: 10 }), line({ clock: '08:00:01', precision: 'second', counterparty: 'X' })];
    expect(kinds(day.import('A', file))).toEqual(['NEW', 'NEW', 'NEW', 'NEW']);
    expect(day.import('B', file)).toEqual([
      { kind: 'DUPLICATE', of: lineRefKey('A', 1) },
      { kind: 'DUPLICATE', of: lineRefKey('A', 2) },
      { kind: 'DUPLICATE', of: lineRefKey('A', 3) },
      { kind: 'DUPLICATE', of: lineRefKey('A', 4) },
    ]);
  });

  it('matches strong keys as multisets: three alike against two alike are two duplicates and one new line', () => {
    const day = new Day();
    const twin = line({ clock: '09:00:00', precision: 'second', counterparty: 'A' });
    day.import('A', [twin, twin]);
    expect(kinds(day.import('B', [twin, twin, twin]))).toEqual(['DUPLICATE', 'DUPLICATE', 'NEW']);
  });

  it('a weak match (same day, amount and memo, nothing strong on either side) is held as a possible duplicate, never dropped', () => {
    const day = new Day();
    day.import('A', [line()]);
    expect(day.import('B', [line(), line()])).toEqual([{ kind: 'POSSIBLE_DUPLICATE', of: lineRefKey('A', 1) }, { kind: 'NEW' }]);
  });

  it('a time to the minute (a CSV) against the same line to the second (its XLSX) is a weak match, held', () => {
    const day = new Day();
    day.import('xlsx', [line({ clock: '08:40:22', precision: 'second', counterparty: 'A' })], { first: '08:40:22', last: '08:40:22', precision: 'second' });
    expect(kinds(day.import('csv', [line({ clock: '08:40:00', precision: 'minute', counterparty: 'A' })], { first: '08:40:00', last: '08:40:00', precision: 'minute' }))).toEqual(['POSSIBLE_DUPLICATE']);
    // Another minute, or another sender, proves them different.
    expect(kinds(day.import('csv2', [line({ clock: '08:41:00', precision: 'minute', counterparty: 'A' })]))).toEqual(['NEW']);
    expect(kinds(day.import('csv3', [line({ clock: '08:40:00', precision: 'minute', counterparty: 'B' })]))).toEqual(['NEW']);
  });

  it('a reference on some rows only, a balance on some rows only: each pair compared by the keys both have', () => {
    const day = new Day();
    day.import('A', [line({ bankRef: 'FT1' }), line({ memo: 'x', balance: 5 }), line({ memo: 'y' })]);
    // Same reference: duplicate. Different balance: proven different. Nothing to compare but the memo: held.
    expect(kinds(day.import('B', [line({ bankRef: 'FT1', balance: 3 }), line({ memo: 'x', balance: 6 }), line({ memo: 'y', bankRef: 'FT9' })]))).toEqual([
      'DUPLICATE',
      'NEW',
      'POSSIBLE_DUPLICATE',
    ]);
  });

  it('two lines of one file never take the same earlier line, strong first: a look-alike earlier in the batch does not steal it', () => {
    const day = new Day();
    const gift = line({ clock: '10:00:00', precision: 'second', counterparty: 'A' });
    day.import('A', [gift]);
    expect(kinds(day.import('B', [line({ memo: 'Ung ho' }), gift]))).toEqual(['NEW', 'DUPLICATE']);
  });

  it('a day cut mid-second: the lines of the touching instant are held, the rest counted once', () => {
    const day = new Day();
    const at = (clock: string) => line({ clock, precision: 'second', counterparty: 'A' });
    day.import('part1', [at('03:00:00'), at('03:56:44')], { first: '03:00:00', last: '03:56:44', precision: 'second' });
    expect(kinds(day.import('part2', [at('03:56:44'), at('04:00:00')], { first: '03:56:44', last: '04:00:00', precision: 'second' }))).toEqual(['POSSIBLE_DUPLICATE', 'NEW']);
  });

  it('the duplicate of a duplicate points at the line that was counted', () => {
    const day = new Day();
    const file = [line({ bankRef: 'FT1' })];
    day.import('A', file);
    day.import('B', file);
    expect(day.import('C', file)).toEqual([{ kind: 'DUPLICATE', of: lineRefKey('A', 1) }]);
  });
});
