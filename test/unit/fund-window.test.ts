import { describe, expect, it } from 'vitest';
import { acceptsPledgesAt, earliestReceivingEnd, FUND_CACHE_SECONDS, type Fund } from '../../shared/domain/funds';
import { pledgeRefFor } from '../../shared/domain/pledges';
import { isValidRef } from '../../shared/domain/refs';
import { cachedFunds } from '../../shared/usecases/fund-cache';
import { OPEN_FUND } from '../support/memory-ledger';

describe('whether a fund takes a pledge', () => {
  it('takes pledges while open, through the last day of its window in Vietnam, and none once closed', () => {
    const fund = { ...OPEN_FUND, closesOn: '2025-09-30' };
    expect(acceptsPledgesAt(fund, new Date('2025-09-30T16:59:59.999Z'))).toBe(true);
    expect(acceptsPledgesAt(fund, new Date('2025-09-30T17:00:00.000Z'))).toBe(false);
    expect(acceptsPledgesAt(OPEN_FUND, new Date('2099-01-01T00:00:00Z'))).toBe(true);
    expect(acceptsPledgesAt({ ...OPEN_FUND, status: 'CLOSED' }, new Date('2025-09-01T00:00:00Z'))).toBe(false);
  });

  it('lets a window end no sooner than any cached copy expires', () => {
    const now = new Date('2025-09-30T16:59:50Z');
    expect(earliestReceivingEnd(now).getTime() - now.getTime()).toBe(FUND_CACHE_SECONDS * 1000);
  });
});

describe('a pledge’s derived code', () => {
  it('is a valid UH code, the same for the same scope, key and attempt, and spread over the code space', () => {
    const ref = pledgeRefFor('CreatePledge#public', '6f1c0d3e-demo-0001', 0);
    expect(isValidRef(ref) && ref.startsWith('UH')).toBe(true);
    expect(pledgeRefFor('CreatePledge#public', '6f1c0d3e-demo-0001', 0)).toBe(ref);
    expect(pledgeRefFor('CreatePledge#public', '6f1c0d3e-demo-0001', 1)).not.toBe(ref);
    const codes = new Set(Array.from({ length: 20_000 }, (_, i) => pledgeRefFor('CreatePledge#public', `key-${i}`, 0)));
    // 20,000 draws from 2^30 codes: a collision or two at most.
    expect(codes.size).toBeGreaterThanOrEqual(19_997);
    const firsts = new Set([...codes].map((code) => code[2]));
    expect(firsts.size).toBe(32);
  });
});

describe('the fund kept in the instance', () => {
  it('reads a fund once per 30 s, shares a read in flight, and forgets a failed read', async () => {
    let clock = 0;
    let reads = 0;
    let fail = false;
    const store = {
      get: async (fundId: string): Promise<Fund | null> => {
        reads++;
        if (fail) throw new Error('throttled');
        return fundId === OPEN_FUND.fundId ? OPEN_FUND : null;
      },
    };
    const funds = cachedFunds(store, { now: () => clock });
    await Promise.all([funds.get(OPEN_FUND.fundId), funds.get(OPEN_FUND.fundId)]);
    clock += FUND_CACHE_SECONDS * 1000 - 1;
    expect(await funds.get(OPEN_FUND.fundId)).toEqual(OPEN_FUND);
    expect(reads).toBe(1);
    clock += 1;
    fail = true;
    await expect(funds.get(OPEN_FUND.fundId)).rejects.toThrow('throttled');
    fail = false;
    expect(await funds.get(OPEN_FUND.fundId)).toEqual(OPEN_FUND);
    expect(await funds.get('khong-co')).toBeNull();
    expect(reads).toBe(4);
  });
});
