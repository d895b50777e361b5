/**
 * What the use cases need from storage, in domain terms. The DynamoDB adapter implements it;
 * use cases never see keys, conditions or SDK errors.
 */
import type { AdminUnit } from '../domain/admin-units';
import type { Fund } from '../domain/funds';
import type { DeltaName, JournalEntry } from '../domain/journal';
import type { Pledge } from '../domain/pledges';
import type { Receipt } from '../domain/receipts';
import type { Disbursement } from '../domain/disbursements';
import type { ApiKeyRecord, Organisation } from '../domain/organisations';

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
}


export type Aggregate =
  | { type: 'pledge'; value: Pledge }
  | { type: 'receipt'; value: Receipt }
  | { type: 'disbursement'; value: Disbursement }
  | { type: 'organisation'; value: Organisation }
  | { type: 'apiKey'; value: ApiKeyRecord };

/** Synchronous per-fund money position, kept in the same transactions as the journal. */
export interface FundBalance {
  received: number;
  approved: number;
  disbursed: number;
  available: number;
}

/**
 * One write inside a command's transaction. The adapter turns each into a conditional
 * DynamoDB operation; if any condition fails the whole command writes nothing.
 */
export type WriteOp =
  | { op: 'create'; aggregate: Aggregate }
  | { op: 'update'; aggregate: Aggregate; expectedVersion: number }
  | { op: 'reference'; ref: string; entityType: 'pledge' | 'disbursement'; entityId: string }
  | { op: 'unique'; name: string; owner: string }
  | { op: 'journal'; entry: JournalEntry }
  | { op: 'idempotency'; record: IdempotencyRecord }
  | { op: 'fundOpen'; fundId: string }
  | { op: 'fundBalance'; fundId: string; change: Partial<Omit<FundBalance, 'available'>>; requireAvailable?: number };

export interface JournalPage {
  items: JournalEntry[];
  cursor?: string;
}

export interface LedgerStore {
  /** Writes every op or none. On a failed condition throws CommitRejectedError naming the op. */
  commit(ops: WriteOp[]): Promise<void>;
  getPledge(id: string): Promise<Pledge | null>;
  getReceipt(id: string): Promise<Receipt | null>;
  getDisbursement(id: string): Promise<Disbursement | null>;
  getDisbursementByRef(ref: string): Promise<Disbursement | null>;
  getApiKeyByHash(hash: string): Promise<ApiKeyRecord | null>;
  getOrganisation(id: string): Promise<Organisation | null>;
  listPledgesByOrganisation(orgId: string): Promise<Pledge[]>;
  listDisbursements(fundId: string): Promise<Disbursement[]>;
  getFundBalance(fundId: string): Promise<FundBalance>;
  listJournal(fundId: string, options: { cursor?: string; limit: number }): Promise<JournalPage>;
  listEntityJournal(entityRef: string): Promise<JournalEntry[]>;
}
