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

/** Every bank account of the fund: the one place that reads them, so a fund with several plugs in here. */
export function fundAccounts(fund: Pick<Fund, 'bankAccount'>): BankAccount[] {
  return [fund.bankAccount];
}

/** An account as line identities and the day index name it: `<bank BIN>/<account number>`. */
export function accountKey(account: Pick<BankAccount, 'bankBin' | 'accountNumber'>): string {
  return `${account.bankBin}/${account.accountNumber}`;
}
