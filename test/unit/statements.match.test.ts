import { describe, expect, it } from 'vitest';
import { type MatchLookup, Matcher, matchLines, refsToLookUp } from '../../shared/domain/statements/match';
import { oneEditAway } from '../../shared/domain/statements/memo';
import type { StatementLine } from '../../shared/domain/statements/types';

let lineNo = 0;
function line(direction: StatementLine['direction'], amount: number, memo: string): StatementLine {
  lineNo++;
  return { lineNo, row: lineNo + 1, bookedAt: '2024-09-01T08:00:00+07:00', valueDate: '2024-09-01', direction, amount, bankRef: `FT${lineNo}`, memo };
}
const credit = (amount: number, memo: string) => line('CREDIT', amount, memo);
const debit = (amount: number, memo: string) => line('DEBIT', amount, memo);

const lookup: MatchLookup = {
  pledges: new Map([
    ['UH628XGG2', { amount: 200_000 }],
    ['UH45RNDNQ', { amount: 10_000 }],
    ['UHXNCHSCR', { amount: 339_000, received: 300_000 }],
    ['UHDJTGZXS', { amount: 50_000 }],
  ]),
  disbursements: new Map([
    ['GN8N4A91A', { amount: 1_163_000_000 }],
    ['GN5D4PHB9', {}],
    ['GNDZTS68H', { amount: 5_000_000, paid: true }],
  ]),
};

describe('matching credits', () => {
  it('links a credit with a known code to its pledge, exact, partial or overpaid', () => {
    const [exact, partial, over] = matchLines(
      [credit(200_000, 'ung ho UH628XGG2'), credit(5_000, 'uh 45rn dnq'), credit(20_000, 'UH45RNDNQ lan 2')],
      lookup,
    );
    expect(exact).toMatchObject({ status: 'MATCHED', effect: 'RECEIPT', pledgeRef: 'UH628XGG2', amountCheck: 'EXACT', reasons: [] });
    expect(partial).toMatchObject({ status: 'MATCHED', pledgeRef: 'UH45RNDNQ', amountCheck: 'PARTIAL', expectedAmount: 10_000 });
    // The second transfer finds 5.000 still outstanding and pays 20.000.
    expect(over).toMatchObject({ status: 'MATCHED', pledgeRef: 'UH45RNDNQ', amountCheck: 'OVERPAID', expectedAmount: 5_000 });
  });

  it('counts what the pledge had already received before this statement', () => {
    const [m] = matchLines([credit(39_000, 'UHXNCHSCR')], lookup);
    expect(m).toMatchObject({ amountCheck: 'EXACT', expectedAmount: 39_000 });
  });

  it('a pledge paid in two transfers is PARTIAL then EXACT', () => {
    const matcher = new Matcher(lookup);
    expect(matcher.match(credit(150_000, 'UH628XGG2')).amountCheck).toBe('PARTIAL');
    expect(matcher.match(credit(50_000, 'UH628XGG2')).amountCheck).toBe('EXACT');
  });

  it('keeps a credit without a code as a receipt with no pledge', () => {
    expect(matchLines([credit(500_000, 'TRAN HUU KHANH chuyen tien ung ho')], lookup)[0]).toEqual({
      lineNo,
      status: 'UNMATCHED',
      effect: 'RECEIPT',
      reasons: [],
      codes: [],
      nearMisses: [],
    });
  });

  it('flags a valid code that no pledge has', () => {
    expect(matchLines([credit(1, 'UH V1EWZE1')], lookup)[0]).toMatchObject({
      status: 'FLAGGED',
      effect: 'RECEIPT',
      reasons: ['UNKNOWN_CODE'],
      codes: ['UHV1EWZE1'],
    });
  });

  it('flags a near miss with the known pledge it was probably meant to be', () => {
    const [m] = matchLines([credit(200_000, 'ung ho UH628XGG3')], lookup);
    expect(m).toMatchObject({ status: 'FLAGGED', effect: 'RECEIPT', reasons: ['NEAR_MISS'], codes: [] });
    expect(m!.pledgeRef).toBeUndefined();
    expect(m!.nearMisses).toEqual([{ raw: 'UH628XGG3', prefix: 'UH', suggestions: ['UH628XGG2'] }]);
  });

  it('flags two known pledges on one line, and a GN code on money coming in', () => {
    expect(matchLines([credit(210_000, 'UH628XGG2 + UH45RNDNQ')], lookup)[0]).toMatchObject({
      status: 'FLAGGED',
      effect: 'RECEIPT',
      reasons: ['MULTIPLE_CODES'],
    });
    expect(matchLines([credit(5_000, 'hoan tra GN8N4A91A')], lookup)[0]).toMatchObject({
      status: 'FLAGGED',
      effect: 'RECEIPT',
      reasons: ['WRONG_DIRECTION'],
    });
  });

  it('accepts a weak-looking code when it is a known pledge', () => {
    expect(matchLines([credit(50_000, 'UH DJT GZXS ung ho')], lookup)[0]).toMatchObject({ status: 'MATCHED', pledgeRef: 'UHDJTGZXS' });
  });
});

describe('matching debits', () => {
  it('marks a known disbursement paid when the amounts agree', () => {
    expect(matchLines([debit(1_163_000_000, 'Chuyen kinh phi theo GN8N4A91A')], lookup)[0]).toMatchObject({
      status: 'MATCHED',
      effect: 'DISBURSEMENT_PAID',
      disbursementRef: 'GN8N4A91A',
      expectedAmount: 1_163_000_000,
      reasons: [],
    });
    expect(matchLines([debit(7, 'theo GN 5D4PHB9')], lookup)[0]).toMatchObject({ status: 'MATCHED', disbursementRef: 'GN5D4PHB9' });
  });

  it('flags a known disbursement paid with another amount, or paid twice', () => {
    expect(matchLines([debit(1_000, 'GN8N4A91A')], lookup)[0]).toMatchObject({
      status: 'FLAGGED',
      effect: 'NONE',
      disbursementRef: 'GN8N4A91A',
      reasons: ['AMOUNT_MISMATCH'],
    });
    expect(matchLines([debit(5_000_000, 'GNDZTS68H')], lookup)[0]).toMatchObject({ status: 'FLAGGED', reasons: ['ALREADY_PAID'] });
    const [first, second] = matchLines([debit(1_163_000_000, 'GN8N4A91A'), debit(1_163_000_000, 'GN8N4A91A')], lookup);
    expect(first!.status).toBe('MATCHED');
    expect(second).toMatchObject({ status: 'FLAGGED', effect: 'NONE', reasons: ['ALREADY_PAID'] });
  });

  it('flags debits nobody explains', () => {
    expect(matchLines([debit(22_000, 'PHI DICH VU SMS')], lookup)[0]).toMatchObject({ status: 'FLAGGED', effect: 'NONE', reasons: ['UNKNOWN_DEBIT'] });
    expect(matchLines([debit(200_000, 'hoan tien UH628XGG2')], lookup)[0]).toMatchObject({
      status: 'FLAGGED',
      reasons: ['UNKNOWN_DEBIT', 'WRONG_DIRECTION'],
    });
    expect(matchLines([debit(1, 'theo GN V1EWZE1')], lookup)[0]).toMatchObject({ reasons: ['UNKNOWN_DEBIT', 'UNKNOWN_CODE'] });
    const nearMiss = matchLines([debit(1_163_000_000, 'theo GN8N4A91B')], lookup)[0]!;
    expect(nearMiss).toMatchObject({ status: 'FLAGGED', reasons: ['UNKNOWN_DEBIT', 'NEAR_MISS'] });
    expect(nearMiss.nearMisses[0]!.suggestions).toEqual(['GN8N4A91A']);
  });
});

describe('refsToLookUp', () => {
  it('asks for every valid candidate, weak ones included, and for the suggestions of near misses', () => {
    const refs = refsToLookUp([{ memo: 'UH DJT GZXS' }, { memo: 'UH628XGG3' }, { memo: 'chuyen tien ung ho' }]);
    expect(refs.has('UHDJTGZXS')).toBe(true);
    expect(refs.has('UH628XGG2')).toBe(true);
    expect([...refs].filter((r) => r !== 'UHDJTGZXS').sort()).toEqual(oneEditAway('628XGG3').map((b) => `UH${b}`).sort());
  });
});
