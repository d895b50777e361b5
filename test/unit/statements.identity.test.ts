import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { fold } from '../../shared/domain/text';
import { assignLineIdentities, DayOrderWatch, identifyLines, LineIdentifier, lineIdentity, lineKey } from '../../shared/domain/statements/identity';
import { FactsCollector } from '../../shared/domain/statements/statement';
import { type StatementLine, parseStatement } from '../../shared/adapters/statement-parser';

const dir = fileURLToPath(new URL('../fixtures/statements/', import.meta.url));
const ACCOUNT = 'lu-lut-2024/0011001932418';
// The rule's version as identity.ts hashes it; changing it there must fail the comparison below.
const RULE_VERSION = 'line-identity/1';

async function identities(text: string | Buffer, account = ACCOUNT): Promise<string[]> {
  const out: string[] = [];
  for await (const { identity } of identifyLines(account, parseStatement(text))) out.push(identity);
  return out;
}

/** Rows of the vcb sample (header kept) whose date passes `keep`: a statement for a shorter period. */
function vcbPeriod(keep: (day: number) => boolean): string {
  const [header, ...rows] = readFileSync(`${dir}vcb-sample.csv`, 'utf8').split('\r\n').filter(Boolean);
  return [header, ...rows.filter((r) => keep(Number(r.slice(0, 2))))].join('\r\n');
}

/** Everything in `next` that `known` does not hold, counted as a conditional put would. */
function added(known: string[], next: string[]): string[] {
  const have = new Set(known);
  return next.filter((id) => !have.has(id));
}

describe('line identity', () => {
  it('re-importing the same file adds nothing', async () => {
    for (const name of ['native-sample', 'vcb-sample', 'vietinbank-sample']) {
      const bytes = readFileSync(`${dir}${name}.csv`);
      const first = await identities(bytes);
      expect(new Set(first).size, name).toBe(first.length);
      expect(await identities(bytes)).toEqual(first);
      expect(added(first, await identities(bytes))).toEqual([]);
    }
  });

  it('an overlapping statement (1–10 Sep, then 1–12 Sep) adds only the new lines', async () => {
    const early = vcbPeriod((d) => d <= 10);
    const later = vcbPeriod((d) => d <= 12);
    const earlyIds = await identities(early);
    const laterIds = await identities(later);
    const laterLines: StatementLine[] = [];
    for await (const l of parseStatement(later)) laterLines.push(l);
    const fresh = added(earlyIds, laterIds);
    const expectedFresh = laterLines.filter((l) => l.valueDate > '2024-09-10');
    expect(expectedFresh.length).toBeGreaterThan(0);
    expect(fresh).toHaveLength(expectedFresh.length);
    expect(fresh).toEqual(laterIds.filter((_, i) => laterLines[i]!.valueDate > '2024-09-10'));
    // Nothing of 1–10 Sep is lost or duplicated.
    expect(added(laterIds, earlyIds)).toEqual([]);
  });

  it('a statement cut in the middle of a day lines up with the next one too', async () => {
    const [header, ...rows] = readFileSync(`${dir}vcb-sample.csv`, 'utf8').split('\r\n').filter(Boolean);
    const cut = rows.findIndex((r) => r.startsWith('10/09/2024')) + 17;
    const earlyIds = await identities([header, ...rows.slice(0, cut)].join('\r\n'));
    const laterIds = await identities([header, ...rows].join('\r\n'));
    expect(added(earlyIds, laterIds)).toEqual(laterIds.slice(cut));
  });

  it('keeps two genuinely identical transactions on one day, and only adds a third when it appears', async () => {
    const header = 'TNXDate,DocNo,Debit,Credit,Balance,Transactions in Detail';
    const twin = '05/09/2024,,,100.000,,ung ho dong bao';
    const morning = [header, '05/09/2024,1.1,,50.000,,x', twin, twin].join('\n');
    const evening = [header, '05/09/2024,1.1,,50.000,,x', twin, twin, twin, '06/09/2024,,,100.000,,ung ho dong bao'].join('\n');
    const first = await identities(morning);
    expect(new Set(first).size).toBe(3);
    expect(await identities(morning)).toEqual(first);
    const second = await identities(evening);
    // The third twin of the 5th and the same transfer on the 6th are new; nothing else is.
    expect(added(first, second)).toEqual([second[3], second[4]]);
  });

  it('is the same whatever the export does to diacritics, case or whitespace in the memo', () => {
    const base: StatementLine = {
      lineNo: 1,
      bookedAt: '2024-09-01T08:12:41+07:00',
      valueDate: '2024-09-01',
      direction: 'CREDIT',
      amount: 339_000,
      bankRef: '99234675',
      memo: 'CT nhanh 247 den: TRẦN NGỌC VY chuyen\ntien UHXNCHSCR',
    };
    const id = lineIdentity({ ...base, account: ACCOUNT }, 0);
    expect(lineIdentity({ ...base, account: ACCOUNT, memo: 'ct nhanh 247 den: tran ngoc vy  chuyen tien uhxnchscr' }, 0)).toBe(id);
    // Position in the file, booking time and balance do not take part: they change between exports.
    const elsewhere: StatementLine = { ...base, lineNo: 99, bookedAt: '2024-09-01T00:00:00+07:00', balance: 5 };
    expect(lineIdentity({ ...elsewhere, account: ACCOUNT }, 0)).toBe(id);
    expect(lineIdentity({ ...base, account: 'other-fund' }, 0)).not.toBe(id);
    expect(lineIdentity({ ...base, account: ACCOUNT, amount: 339_001 }, 0)).not.toBe(id);
    expect(lineIdentity({ ...base, account: ACCOUNT, direction: 'DEBIT' }, 0)).not.toBe(id);
    expect(lineIdentity({ ...base, account: ACCOUNT, valueDate: '2024-09-02' }, 0)).not.toBe(id);
    expect(lineIdentity({ ...base, account: ACCOUNT, bankRef: '99234676' }, 0)).not.toBe(id);
    expect(lineIdentity({ ...base, account: ACCOUNT }, 1)).not.toBe(id);
    expect(() => lineIdentity({ ...base, account: ACCOUNT }, -1)).toThrow(RangeError);
  });

  it('assignLineIdentities agrees with lineIdentity and numbers twins in file order', () => {
    const l = (lineNo: number, memo: string): StatementLine => ({
      lineNo,
      bookedAt: '2024-09-01T00:00:00+07:00',
      valueDate: '2024-09-01',
      direction: 'CREDIT',
      amount: 10_000,
      bankRef: '',
      memo,
    });
    const result = assignLineIdentities(ACCOUNT, [l(1, 'a'), l(2, 'b'), l(3, 'A'), l(4, 'a')]);
    expect(result.map((r) => r.occurrence)).toEqual([0, 0, 1, 2]);
    expect(result.map((r) => r.identity)).toEqual(result.map((r) => lineIdentity({ ...r.line, account: ACCOUNT }, r.occurrence)));
  });

  it('is pinned: a stored line keeps its identity from release to release', () => {
    const line = { account: ACCOUNT, valueDate: '2024-09-01', direction: 'CREDIT' as const, amount: 339_000, bankRef: '99234675', memo: 'CT nhanh 247 den: TRẦN NGỌC VY chuyen\ntien UHXNCHSCR' };
    expect(lineIdentity(line, 0)).toBe('be071bdb757ae621c4b85f72323ff7e1-0');
  });

  it('hashes exactly as node:crypto SHA-256 did, for any account, reference and memo (lone surrogates included)', () => {
    const loneSurrogate = fc.integer({ min: 0xd800, max: 0xdfff }).map((code) => String.fromCharCode(code));
    const unit = fc.oneof({ weight: 9, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 1 }) }, { weight: 1, arbitrary: loneSurrogate });
    const text = fc.string({ unit, maxLength: 300 });
    fc.assert(
      fc.property(text, fc.constantFrom('CREDIT' as const, 'DEBIT' as const), fc.integer({ min: 1, max: 1e15 }), text, text, (account, direction, amount, bankRef, memo) => {
        const fields = { account, valueDate: '2024-09-01', direction, amount, bankRef, memo };
        const parts = [RULE_VERSION, account, fields.valueDate, direction, amount, bankRef.trim(), fold(memo)];
        const expected = createHash('sha256').update(JSON.stringify(parts)).digest().toString('hex', 0, 16);
        expect(lineKey(fields)).toBe(expected);
      }),
      { numRuns: 500 },
    );
  });
});

describe('counting twins one day at a time', () => {
  const day = (d: number, memo: string, lineNo: number): StatementLine => ({
    lineNo,
    bookedAt: `2024-09-${String(d).padStart(2, '0')}T00:00:00+07:00`,
    valueDate: `2024-09-${String(d).padStart(2, '0')}`,
    direction: 'CREDIT',
    amount: 10_000,
    bankRef: '',
    memo,
  });

  it('gives every fixture the identities of whole-file counting while holding one day of keys', async () => {
    for (const name of ['native-sample', 'vcb-sample', 'vietinbank-sample']) {
      const lines: StatementLine[] = [];
      const facts = new FactsCollector();
      for await (const line of parseStatement(readFileSync(`${dir}${name}.csv`))) {
        lines.push(line);
        facts.observe(line);
      }
      expect(facts.result('x', 0, '').daysTogether, name).toBe(true);
      const perDay = new Map<string, number>();
      for (const l of lines) perDay.set(l.valueDate, (perDay.get(l.valueDate) ?? 0) + 1);
      const byDay = new LineIdentifier(ACCOUNT, { daysTogether: true });
      let mostHeld = 0;
      const ids = lines.map((l) => {
        const { identity } = byDay.identify(l);
        mostHeld = Math.max(mostHeld, byDay.keysHeld);
        return identity;
      });
      expect(ids, name).toEqual(assignLineIdentities(ACCOUNT, lines).map((r) => r.identity));
      expect(perDay.size, name).toBeGreaterThan(1);
      expect(mostHeld, name).toBeLessThanOrEqual(Math.max(...perDay.values()));
      expect(mostHeld, name).toBeLessThan(lines.length);
    }
  });

  it('keeps twins apart within a day and starts the count again on the next', () => {
    const byDay = new LineIdentifier(ACCOUNT, { daysTogether: true });
    const got = [day(1, 'a', 1), day(1, 'a', 2), day(2, 'a', 3), day(2, 'a', 4), day(2, 'b', 5)].map((l) => byDay.identify(l).occurrence);
    expect(got).toEqual([0, 1, 0, 1, 0]);
    expect(byDay.keysHeld).toBe(2);
  });

  it('sees days that run backwards as together, and a day that comes back as not', () => {
    const watch = (days: number[]) => {
      const w = new DayOrderWatch();
      for (const d of days) w.observe({ valueDate: `2024-09-0${d}` });
      return w.daysTogether;
    };
    expect(watch([1, 1, 2, 2, 3])).toBe(true);
    expect(watch([3, 3, 2, 1, 1])).toBe(true);
    expect(watch([1, 2, 1])).toBe(false);
    expect(watch([])).toBe(true);
  });

  it('a file whose days come back is counted over the whole file, so no twin is lost', () => {
    const lines = [day(1, 'a', 1), day(2, 'a', 2), day(1, 'a', 3)];
    const facts = new FactsCollector();
    for (const l of lines) facts.observe(l);
    const { daysTogether } = facts.result('x', 0, '');
    expect(daysTogether).toBe(false);
    const identifier = new LineIdentifier(ACCOUNT, { daysTogether: daysTogether === true });
    const ids = lines.map((l) => identifier.identify(l).identity);
    expect(new Set(ids).size).toBe(3);
    expect(ids[2]).toBe(lineIdentity({ ...lines[2]!, account: ACCOUNT }, 1));
  });
});
