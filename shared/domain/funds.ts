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
