/**
 * Funds: what a committee raises money (and goods) for, the accounts it receives on, its receiving
 * window and distribution deadline, and its lifecycle (DESIGN §12.1):
 *
 *   DRAFT → OPEN → RECEIVING_CLOSED → CLOSED
 *
 * Funds made before the lifecycle existed (seeded records, test fixtures) have no kind, no account
 * list, no window instants and no committee; the accessors below give every fund one reading:
 * money only, its one account, a window from its days, the central committee.
 */
import { accountNumberProblem, bankByBin } from './banks';
import { ROOT_COMMITTEE } from './committees';
import { addDays, atVietnamTime, vietnamDay } from './format';
import type { Totals } from './journal';

export interface BankAccount {
  bankBin: string;
  bankName: string;
  accountNumber: string;
  accountName: string;
}

export const FUND_STATUSES = ['DRAFT', 'OPEN', 'RECEIVING_CLOSED', 'CLOSED'] as const;
export type FundStatus = (typeof FUND_STATUSES)[number];

export const FUND_KINDS = ['money', 'goods', 'both'] as const;
export type FundKind = (typeof FUND_KINDS)[number];

export interface Fund {
  /** The slug in every URL: `cuba-2025`. */
  fundId: string;
  /** The committee's own book code, taken once. */
  code?: string;
  name: { vi: string; en: string };
  /** The fund's purpose, as the portal publishes it. */
  description: { vi: string; en: string };
  /**
   * What the fund takes: money, goods or both (the API calls it `kind`; stored as `accepts`, since
   * every item of the table has a `kind` of its own).
   */
  accepts?: FundKind;
  currency: 'VND';
  target?: number;
  /** The first of `bankAccounts`: the account a pledge names unless the donor chooses another. */
  bankAccount: BankAccount;
  /** Every account the fund publishes. */
  bankAccounts?: BankAccount[];
  /** The Vietnam day the receiving window opens (derived from `receivingOpensAt` when there is one). */
  opensOn: string;
  /** The last Vietnam day of the receiving window. */
  closesOn?: string;
  /** The receiving window, as instants: pledges are taken from `receivingOpensAt` until before `receivingClosesAt`. */
  receivingOpensAt?: string;
  receivingClosesAt?: string;
  /** The day (Vietnam) by which everything raised is to be handed out (Decree 93/2021). */
  distributionDeadline?: string;
  status: FundStatus;
  /** A fund that gives to the wards of one province (HCMC = 79). */
  provinceCode?: string;
  /** The committee the fund belongs to, and its path (root first, the committee last). */
  committeeId?: string;
  committeePath?: string[];
  version?: number;
  createdAt?: string;
  createdBy?: string;
  updatedAt?: string;
  updatedBy?: string;
}

export type FundWithTotals = Fund & { totals: Totals };

export function fundKind(fund: Pick<Fund, 'accepts'>): FundKind {
  return fund.accepts ?? 'money';
}

/** Every account the fund receives on; the statement import and the pledge form read them here. */
export function fundAccounts(fund: Pick<Fund, 'bankAccount' | 'bankAccounts'>): BankAccount[] {
  return fund.bankAccounts?.length ? fund.bankAccounts : [fund.bankAccount];
}

/** An account as line identities and the day index name it: `<bank BIN>/<account number>`. */
export function accountKey(account: Pick<BankAccount, 'bankBin' | 'accountNumber'>): string {
  return `${account.bankBin}/${account.accountNumber}`;
}

/** The account with this number, or the fund's first account when no number is given; undefined for a number the fund does not publish. */
export function fundAccount(fund: Pick<Fund, 'bankAccount' | 'bankAccounts'>, accountNumber?: string): BankAccount | undefined {
  const accounts = fundAccounts(fund);
  return accountNumber === undefined ? accounts[0] : accounts.find((account) => account.accountNumber === accountNumber);
}

export function fundCommitteePath(fund: Pick<Fund, 'committeePath'>): string[] {
  return fund.committeePath?.length ? fund.committeePath : [ROOT_COMMITTEE];
}

export function fundCommitteeId(fund: Pick<Fund, 'committeePath' | 'committeeId'>): string {
  return fund.committeeId ?? fundCommitteePath(fund).at(-1)!;
}

export function fundVersion(fund: Pick<Fund, 'version'>): number {
  return fund.version ?? 1;
}

export interface ReceivingWindow {
  opensAt: string;
  closesAt?: string;
}

/** The receiving window as instants; from the days for funds that have only days (the first and last day in Vietnam). */
export function receivingWindow(fund: Pick<Fund, 'receivingOpensAt' | 'receivingClosesAt' | 'opensOn' | 'closesOn'>): ReceivingWindow {
  const opensAt = fund.receivingOpensAt ?? atVietnamTime(fund.opensOn);
  const closesAt = fund.receivingClosesAt ?? (fund.closesOn ? atVietnamTime(addDays(fund.closesOn, 1)) : undefined);
  return closesAt ? { opensAt, closesAt } : { opensAt };
}

/** The days the window covers in Vietnam, kept on the fund for readers of days (lists, open data). */
export function windowDays(window: ReceivingWindow): { opensOn: string; closesOn?: string } {
  const opensOn = vietnamDay(window.opensAt);
  if (!window.closesAt) return { opensOn };
  return { opensOn, closesOn: vietnamDay(new Date(Date.parse(window.closesAt) - 1).toISOString()) };
}

function instant(value: string | Date): number {
  return typeof value === 'string' ? Date.parse(value) : value.getTime();
}

/** Whether the instant is inside the fund's receiving window (its end excluded). */
export function insideWindow(fund: Pick<Fund, 'receivingOpensAt' | 'receivingClosesAt' | 'opensOn' | 'closesOn'>, at: string | Date): boolean {
  const window = receivingWindow(fund);
  const t = instant(at);
  return Date.parse(window.opensAt) <= t && (window.closesAt === undefined || t < Date.parse(window.closesAt));
}

/**
 * Does this fund take a pledge at this instant? The one answer for the pledge path (which may
 * hold a copy of the fund for a short while) and everything else: the fund takes money, it is
 * OPEN or RECEIVING_CLOSED, and the instant is inside its receiving window. Closing receiving
 * puts the window's end at least the pledge path's cache lifetime ahead (`closeReceivingAt`),
 * so a copy of the fund read before the close still refuses every pledge after the end.
 */
export function acceptsPledgesAt(fund: Fund, at: string | Date): boolean {
  if (fundKind(fund) === 'goods') return false;
  if (fund.status !== 'OPEN' && fund.status !== 'RECEIVING_CLOSED') return false;
  return insideWindow(fund, at);
}

/** Why a fund refuses a pledge at this instant, in Vietnamese and English; null when it takes it. */
export function pledgeRefusal(fund: Fund, at: string | Date): string | null {
  if (acceptsPledgesAt(fund, at)) return null;
  const id = fund.fundId;
  if (fundKind(fund) === 'goods') return `Quỹ ${id} chỉ nhận hiện vật / Fund ${id} receives goods only`;
  if (fund.status === 'DRAFT') return `Quỹ ${id} chưa mở / Fund ${id} is not open yet`;
  const window = receivingWindow(fund);
  if (fund.status === 'CLOSED' || (window.closesAt && instant(at) >= Date.parse(window.closesAt))) {
    return `Quỹ ${id} đã kết thúc nhận ủng hộ / Fund ${id} has closed receiving`;
  }
  return `Quỹ ${id} chưa bắt đầu nhận ủng hộ / Fund ${id} is not receiving yet`;
}

/** A gift (money or goods) that arrived at this instant came after the window closed, or after the fund closed. */
export function isLate(fund: Fund, at: string | Date): boolean {
  if (fund.status === 'CLOSED') return true;
  const { closesAt } = receivingWindow(fund);
  return closesAt !== undefined && instant(at) >= Date.parse(closesAt);
}

/**
 * How long an instance may keep a fund it read, by default (the pledge function's cache, DESIGN §8;
 * `FUND_CACHE_SECONDS` in the configuration). Ending a fund's receiving window takes effect no
 * sooner than this, so no cached copy outlives it.
 */
export const FUND_CACHE_SECONDS = 30;

/**
 * The earliest end a fund's receiving window may be given at `now`: an instance may hold a copy
 * read up to `cacheSeconds` ago, and must see the new end before it passes.
 */
export function earliestReceivingEnd(now: Date, cacheSeconds = FUND_CACHE_SECONDS): Date {
  return new Date(now.getTime() + cacheSeconds * 1000);
}

/**
 * Where closing receiving now puts the window's end: no earlier than now + the cache lifetime of
 * a fund on the pledge path, and never later than an end the fund already has.
 */
export function closeReceivingAt(fund: Fund, now: Date, cacheSeconds: number): string {
  const earliest = earliestReceivingEnd(now, cacheSeconds).getTime();
  const { closesAt } = receivingWindow(fund);
  if (closesAt !== undefined && Date.parse(closesAt) <= earliest) return closesAt;
  return new Date(earliest).toISOString();
}

/** The states a command needs the fund in, by command. */
export const LIFECYCLE: Readonly<Record<'open' | 'closeReceiving' | 'close', { from: readonly FundStatus[]; to: FundStatus }>> = {
  open: { from: ['DRAFT'], to: 'OPEN' },
  closeReceiving: { from: ['OPEN'], to: 'RECEIVING_CLOSED' },
  close: { from: ['RECEIVING_CLOSED'], to: 'CLOSED' },
};

/** Fund states that take disbursement requests: open, and the distribution phase after receiving. */
export const DISBURSING_STATES: readonly FundStatus[] = ['OPEN', 'RECEIVING_CLOSED'];
/** Fund states whose plan and goods may still change. */
export const ACTIVE_STATES: readonly FundStatus[] = ['DRAFT', 'OPEN', 'RECEIVING_CLOSED'];

export type Deadline = {
  kind: 'receiving-opens' | 'receiving-closes' | 'distribution';
  /** An instant; for the distribution deadline, the end of its day in Vietnam. */
  at: string;
  /** Whole days left (0 on its last day), negative once passed. */
  daysLeft: number;
  passed: boolean;
};

const DAY_MS = 86_400_000;

/** The fund's deadlines still to come or passed, for warnings: the window's ends and the distribution deadline. */
export function fundDeadlines(fund: Fund, now: Date): Deadline[] {
  const window = receivingWindow(fund);
  const out: Deadline[] = [];
  const add = (kind: Deadline['kind'], at: string) => {
    const ms = Date.parse(at) - now.getTime();
    out.push({ kind, at, daysLeft: Math.floor(ms / DAY_MS), passed: ms <= 0 });
  };
  if (fund.status === 'DRAFT' || fund.status === 'OPEN') add('receiving-opens', window.opensAt);
  if (window.closesAt && fund.status !== 'CLOSED') add('receiving-closes', window.closesAt);
  if (fund.distributionDeadline && fund.status !== 'CLOSED') add('distribution', atVietnamTime(addDays(fund.distributionDeadline, 1)));
  return out.filter((d) => !(d.kind === 'receiving-opens' && d.passed));
}

/** Problems with an account a fund is to publish, by field (`bankBin`, `accountNumber`, `bankName`). */
export function accountProblems(account: BankAccount): { field: keyof BankAccount; message: string }[] {
  const problems: { field: keyof BankAccount; message: string }[] = [];
  const bank = bankByBin(account.bankBin);
  if (!bank) {
    problems.push({ field: 'bankBin', message: `không có ngân hàng mã BIN ${account.bankBin} trong danh sách VietQR / no bank with BIN ${account.bankBin} in the VietQR list` });
    return problems;
  }
  const numberProblem = accountNumberProblem(account.bankBin, account.accountNumber);
  if (numberProblem) problems.push({ field: 'accountNumber', message: numberProblem });
  return problems;
}
