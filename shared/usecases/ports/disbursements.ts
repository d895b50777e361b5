import type { Disbursement } from '../../domain/disbursements';

export interface DisbursementStore {
  get(id: string): Promise<Disbursement | null>;
  getByRef(ref: string): Promise<Disbursement | null>;
  /** The disbursements among these reference codes, in one batched read: other codes are left out. */
  getByRefs(refs: readonly string[]): Promise<Disbursement[]>;
  /** Every disbursement of the fund, oldest first (a fund has hundreds, not millions). */
  listByFund(fundId: string): Promise<Disbursement[]>;
  /** The reference code of the disbursement this bank reference paid from this account, if one did (see `payoutRefName`). */
  paidWithBankRef(account: string, bankRef: string): Promise<string | null>;
}
