/**
 * What the use cases need from storage, in domain terms. The DynamoDB adapter implements it;
 * use cases never see keys, conditions or SDK errors.
 */
import type { AdminUnit } from '../domain/admin-units';
import type { Fund } from '../domain/funds';
import type { DeltaName, JournalEntry } from '../domain/journal';
import type { Pledge } from '../domain/pledges';

export interface IdempotencyRecord {
  scope: string;
  key: string;
  requestHash: string;
  status: number;
  response: unknown;
  createdAt: string;
}

export interface LedgerStore {
  getFund(fundId: string): Promise<Fund | null>;
  listFunds(): Promise<Fund[]>;
  /** Sums the shards of a totals scope (`fundId`, `fundId#WARD#code`, `fundId#DAY#date`). */
  readTotals(scope: string): Promise<Record<DeltaName, number>>;
  listAdminUnits(): Promise<AdminUnit[]>;
  getIdempotencyRecord(scope: string, key: string): Promise<IdempotencyRecord | null>;
  getPledgeByRef(ref: string): Promise<Pledge | null>;
  /**
   * One transaction: the fund is open, the pledge and its reference code are new, the journal
   * entry is new, and the idempotency record is new.
   * Throws IdempotencyRecordExistsError, RefTakenError, FundNotOpenError, or a translated SDK error.
   */
  createPledge(pledge: Pledge, entry: JournalEntry, idempotency: IdempotencyRecord): Promise<void>;
}
