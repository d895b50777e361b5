import type { Flag } from '../../domain/flags';

/** Flags are written by commands (the transaction's `create`/`update` of a `flag`); these are their reads. */
export interface FlagStore {
  get(id: string): Promise<Flag | null>;
  /** Every flag of the fund, oldest first (a fund has tens, not millions). */
  listByFund(fundId: string): Promise<Flag[]>;
}
