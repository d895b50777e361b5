/** The funds domain: the VietQR bank list, the receiving window, who takes a pledge when, and grants. */
import { describe, expect, it } from 'vitest';
import { accountNumberProblem, BANKS, bankByBin } from '../../shared/domain/banks';
import { grantCovers, mayAct, parseGrant, ROOT_COMMITTEE } from '../../shared/domain/committees';
import { acceptsPledgesAt, closeReceivingAt, fundAccounts, fundDeadlines, isLate, pledgeRefusal, receivingWindow, type Fund } from '../../shared/domain/funds';
import { handoverValue, hasAtMostThreeDecimals, toMilli } from '../../shared/domain/goods';
import { planChanges, planParts, planPosition } from '../../shared/domain/plans';

const account = { bankBin: '970436', bankName: 'Vietcombank', accountNumber: '0071000000079', accountName: 'UY BAN MTTQ' };
const fund = (overrides: Partial<Fund> = {}): Fund => ({
  fundId: 'quy',
  name: { vi: 'Quỹ', en: 'Fund' },
  description: { vi: 'Quỹ', en: 'Fund' },
  currency: 'VND',
  bankAccount: account,
  opensOn: '2025-09-01',
  status: 'OPEN',
  ...overrides,
});

describe('the VietQR bank list', () => {
  it('has one entry per BIN, each a six-digit BIN with the lengths its account numbers have', () => {
    expect(new Set(BANKS.map((b) => b.bin)).size).toBe(BANKS.length);
    for (const bank of BANKS) {
      expect(bank.bin).toMatch(/^\d{6}$/);
      expect(bank.accountLengths.length).toBeGreaterThan(0);
    }
    expect(bankByBin('970418')?.shortName).toBe('BIDV');
  });

  it('accepts an account number of its bank’s length and names the lengths when it is not', () => {
    expect(accountNumberProblem('970436', '0071000000079')).toBeNull();
    expect(accountNumberProblem('970415', '111602391111')).toBeNull();
    expect(accountNumberProblem('970436', '12345678')).toMatch(/Vietcombank account number has 10, 13 digits, not 8/);
    expect(accountNumberProblem('970436', '0071-00')).toMatch(/digits only/);
    expect(accountNumberProblem('999999', '0071000000079')).toMatch(/no bank with BIN 999999/);
  });
});

describe('the receiving window', () => {
  const window = { receivingOpensAt: '2025-09-01T00:00:00.000Z', receivingClosesAt: '2025-09-30T17:00:00.000Z' };

  it('takes a pledge inside the window of an open fund, from its first instant to before its end', () => {
    const open = fund(window);
    expect(acceptsPledgesAt(open, '2025-08-31T23:59:59.999Z')).toBe(false);
    expect(acceptsPledgesAt(open, '2025-09-01T00:00:00.000Z')).toBe(true);
    expect(acceptsPledgesAt(open, '2025-09-30T16:59:59.999Z')).toBe(true);
    expect(acceptsPledgesAt(open, '2025-09-30T17:00:00.000Z')).toBe(false);
    expect(pledgeRefusal(open, '2025-10-01T00:00:00.000Z')).toMatch(/has closed receiving/);
    expect(pledgeRefusal(open, '2025-08-01T00:00:00.000Z')).toMatch(/not receiving yet/);
  });

  it('takes no pledge for a draft, a closed fund or a goods-only fund, and says which', () => {
    const at = '2025-09-10T00:00:00.000Z';
    expect(pledgeRefusal(fund({ ...window, status: 'DRAFT' }), at)).toMatch(/not open yet/);
    expect(pledgeRefusal(fund({ ...window, status: 'CLOSED' }), at)).toMatch(/has closed receiving/);
    expect(pledgeRefusal(fund({ ...window, accepts: 'goods' }), at)).toMatch(/receives goods only/);
    expect(acceptsPledgesAt(fund({ ...window, status: 'RECEIVING_CLOSED' }), at)).toBe(true);
  });

  it('reads a fund made before the window had instants from its days, in Vietnam time', () => {
    const legacy = fund({ opensOn: '2025-09-01', closesOn: '2025-09-30' });
    expect(receivingWindow(legacy)).toEqual({ opensAt: '2025-09-01T00:00:00+07:00', closesAt: '2025-10-01T00:00:00+07:00' });
    expect(acceptsPledgesAt(legacy, '2025-08-31T17:00:00.000Z')).toBe(true);
    expect(acceptsPledgesAt(legacy, '2025-09-30T17:00:00.000Z')).toBe(false);
    expect(fundAccounts(legacy)).toEqual([account]);
  });

  it('closes receiving no earlier than the pledge path’s cache allows, and never later than an end the fund has', () => {
    const now = new Date('2025-09-10T00:00:00.000Z');
    expect(closeReceivingAt(fund(window), now, 30)).toBe('2025-09-10T00:00:30.000Z');
    expect(closeReceivingAt(fund({ ...window, receivingClosesAt: '2025-09-10T00:00:10.000Z' }), now, 30)).toBe('2025-09-10T00:00:10.000Z');
    // A copy of the fund read just before the close still refuses a pledge after the new end.
    const cached = fund(window);
    const closed = fund({ ...window, status: 'RECEIVING_CLOSED', receivingClosesAt: closeReceivingAt(cached, now, 30) });
    for (const at of ['2025-09-10T00:00:29.999Z', '2025-09-10T00:00:30.000Z']) {
      expect(acceptsPledgesAt(closed, at)).toBe(at < '2025-09-10T00:00:30.000Z');
    }
  });

  it('calls money late once the window has ended or the fund is closed', () => {
    expect(isLate(fund(window), '2025-09-30T16:59:59.000Z')).toBe(false);
    expect(isLate(fund(window), '2025-09-30T17:00:00.000Z')).toBe(true);
    expect(isLate(fund({ status: 'CLOSED' }), '2025-09-02T00:00:00.000Z')).toBe(true);
  });

  it('lists the deadlines still ahead with the days left, and the passed ones as passed', () => {
    const deadlines = fundDeadlines(fund({ ...window, distributionDeadline: '2025-12-31' }), new Date('2025-09-28T00:00:00.000Z'));
    expect(deadlines).toEqual([
      { kind: 'receiving-closes', at: window.receivingClosesAt, daysLeft: 2, passed: false },
      { kind: 'distribution', at: '2026-01-01T00:00:00+07:00', daysLeft: 94, passed: false },
    ]);
    expect(fundDeadlines(fund(window), new Date('2025-10-02T00:00:00.000Z'))[0]).toMatchObject({ kind: 'receiving-closes', passed: true });
  });
});

describe('grants', () => {
  const ward = ['vn', 'vn-79', 'vn-79-26740'];

  it('reads scoped groups, treats a bare role as the central committee’s with its children, and ignores anything else', () => {
    expect(parseGrant('scope:vn-79-26740:finance-clerk')).toEqual({ committeeId: 'vn-79-26740', role: 'finance-clerk', children: false });
    expect(parseGrant('scope:vn-79:auditor:children')).toEqual({ committeeId: 'vn-79', role: 'auditor', children: true });
    expect(parseGrant('admin')).toEqual({ committeeId: ROOT_COMMITTEE, role: 'admin', children: true });
    for (const group of ['scope:vn-79:owner', 'scope::admin', 'scope:VN:admin', 'org:01JC0000000000000000000000', 'clerk']) expect(parseGrant(group)).toBeNull();
  });

  it('covers its own committee, and those below it only when it says so', () => {
    expect(grantCovers({ committeeId: 'vn-79-26740', role: 'finance-clerk', children: false }, ward)).toBe(true);
    expect(grantCovers({ committeeId: 'vn-79', role: 'finance-clerk', children: true }, ward)).toBe(true);
    expect(grantCovers({ committeeId: 'vn-79', role: 'finance-clerk', children: false }, ward)).toBe(false);
    expect(grantCovers({ committeeId: 'vn-79-26734', role: 'finance-clerk', children: true }, ward)).toBe(false);
    expect(grantCovers({ committeeId: 'vn-79-26740-kp1', role: 'finance-clerk', children: true }, ward)).toBe(false);
  });

  it('lets a role act only through a grant of that role', () => {
    const grants = [
      { committeeId: 'vn-79-26740', role: 'finance-clerk' as const, children: false },
      { committeeId: 'vn-79', role: 'auditor' as const, children: true },
    ];
    expect(mayAct(grants, ['finance-clerk'], ward)).toBe(true);
    expect(mayAct(grants, ['finance-clerk'], ['vn', 'vn-79', 'vn-79-26734'])).toBe(false);
    expect(mayAct(grants, ['auditor'], ['vn', 'vn-79', 'vn-79-26734'])).toBe(true);
    expect(mayAct(grants, ['finance-approver'], ward)).toBe(false);
  });
});

describe('plans and goods arithmetic', () => {
  it('changes only the wards whose amounts differ, a ward left out going to 0, in parts of 45', () => {
    const changes = planChanges(
      [
        { wardCode: '26734', planned: 100 },
        { wardCode: '26740', planned: 50 },
      ],
      [
        { wardCode: '26740', amount: 50 },
        { wardCode: '26743', amount: 70 },
      ],
    );
    expect(changes).toEqual([
      { wardCode: '26734', from: 100, to: 0 },
      { wardCode: '26743', from: 0, to: 70 },
    ]);
    expect(planParts(Array.from({ length: 168 }, (_, i) => i)).map((p) => p.length)).toEqual([45, 45, 45, 33]);
    expect(planPosition({ planned: 100, committed: 80 }, 30)).toEqual({ planned: 100, committed: 80, excess: 10 });
    expect(planPosition(undefined, 30).excess).toBe(30);
  });

  it('counts goods in thousandths and splits a lot’s value so the parts add up to it', () => {
    expect(toMilli(12.5)).toBe(12_500);
    expect(hasAtMostThreeDecimals(0.125)).toBe(true);
    expect(hasAtMostThreeDecimals(0.1255)).toBe(false);
    let lot = { remainingMilli: 3_000, remainingValue: 100 };
    const parts: number[] = [];
    for (const milli of [1_000, 1_000, 1_000]) {
      const value = handoverValue(lot, milli);
      parts.push(value);
      lot = { remainingMilli: lot.remainingMilli - milli, remainingValue: lot.remainingValue - value };
    }
    expect(parts.reduce((a, b) => a + b, 0)).toBe(100);
    expect(lot).toEqual({ remainingMilli: 0, remainingValue: 0 });
  });
});
