/**
 * The fund kept in the instance (DESIGN §8): a pledge needs its fund's account and whether it
 * takes pledges, and reading it for every pledge would be a second round trip on the hot path.
 * A fund read is kept for FUND_CACHE_SECONDS; concurrent misses share one read, and a failed read
 * is not kept. Closing stays exact because ending a receiving window is never sooner than that.
 */
import { FUND_CACHE_SECONDS, type Fund } from '../domain/funds';
import type { FundStore } from './ports';

export function cachedFunds(funds: Pick<FundStore, 'get'>, options: { seconds?: number; now?: () => number } = {}): Pick<FundStore, 'get'> {
  const ttlMs = (options.seconds ?? FUND_CACHE_SECONDS) * 1000;
  const now = options.now ?? Date.now;
  const kept = new Map<string, { readAt: number; fund: Promise<Fund | null> }>();
  return {
    get(fundId) {
      const at = now();
      const hit = kept.get(fundId);
      // Stamped when the read starts: the copy is never older than it says.
      if (hit && at - hit.readAt < ttlMs) return hit.fund;
      const fund = funds.get(fundId);
      kept.set(fundId, { readAt: at, fund });
      fund.catch(() => {
        if (kept.get(fundId)?.fund === fund) kept.delete(fundId);
      });
      return fund;
    },
  };
}
