import { vietnamToday } from './format';
import type { Totals } from './journal';

export interface BankAccount {
  bankBin: string;
  bankName: string;
  accountNumber: string;
  accountName: string;
}

export interface Fund {
  fundId: string;
  name: { vi: string; en: string };
  description: { vi: string; en: string };
  currency: 'VND';
  target?: number;
  bankAccount: BankAccount;
  opensOn: string;
  closesOn?: string;
  status: 'OPEN' | 'CLOSED';
  /** A fund that gives to the wards of one province (HCMC = 79). */
  provinceCode?: string;
}

export type FundWithTotals = Fund & { totals: Totals };

/**
 * How long an instance may keep a fund it read (the pledge function's cache, DESIGN §8). Ending a
 * fund's receiving window takes effect no sooner than this, so no cached copy outlives it.
 */
export const FUND_CACHE_SECONDS = 30;

/**
 * Whether a fund takes a pledge made at `at`: it is open, and `at` is within its receiving window
 * (up to the end of `closesOn`, a day in Vietnam, when it has one). The one place that decides
 * it, for the pledge path and its cached funds alike.
 */
export function acceptsPledgesAt(fund: Pick<Fund, 'status' | 'closesOn'>, at: Date): boolean {
  if (fund.status !== 'OPEN') return false;
  return fund.closesOn === undefined || vietnamToday(at) <= fund.closesOn;
}

/**
 * The earliest end a fund's receiving window may be given at `now`: an instance may hold a copy
 * read up to FUND_CACHE_SECONDS ago, and must see the new end before it passes.
 */
export function earliestReceivingEnd(now: Date): Date {
  return new Date(now.getTime() + FUND_CACHE_SECONDS * 1000);
}
