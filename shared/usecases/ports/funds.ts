import type { Fund } from '../../domain/funds';

/** Synchronous per-fund money position, kept in the same transactions as the journal. */
export interface FundBalance {
  received: number;
  approved: number;
  disbursed: number;
  available: number;
}

/** Funds are written by commands (`create` / `update` of a `fund` aggregate); commands check them (`fundState`) and move their balance (`fundBalance`). */
export interface FundStore {
  get(fundId: string): Promise<Fund | null>;
  /** By fund id. */
  list(): Promise<Fund[]>;
  /** All zeros for a fund that has had no money yet. */
  balance(fundId: string): Promise<FundBalance>;
}
