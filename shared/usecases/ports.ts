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
import type { CounterName, Statement, StatementLineRecord, StoredLineStatus } from '../domain/statements/statement';

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
  | { type: 'apiKey'; value: ApiKeyRecord }
  /** Created once; afterwards changed only by `statementCounters` and the progress methods, never replaced. */
  | { type: 'statement'; value: Statement }
  | { type: 'statementLine'; value: StatementLineRecord };

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
  | { op: 'fundBalance'; fundId: string; change: Partial<Omit<FundBalance, 'available'>>; requireAvailable?: number }
  /** Adds to a statement's counters (ADD, no condition): kept in the same transaction as its lines. */
  | { op: 'statementCounters'; statementId: string; change: Partial<Record<CounterName, number>> };

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

export interface Page<T> {
  items: T[];
  cursor?: string;
}

/** A change to a statement by the process that holds its lease (see `leaseStatement`). */
export interface StatementProgress {
  set?: Partial<
    Pick<Statement, 'status' | 'etag' | 'facts' | 'linesValidated' | 'linesProcessed' | 'errors' | 'validatedAt' | 'completedAt' | 'failedAt' | 'leaseUntil'>
  >;
  add?: Partial<Record<CounterName, number>>;
  /** Only if the checkpoint still is this: a batch's duplicates are counted once. */
  expectLinesProcessed?: number;
  /** Gives the lease up with this change. */
  release?: boolean;
}

/** Bank statements. */
export interface LedgerStore {
  getStatement(id: string): Promise<Statement | null>;
  /** Newest first. */
  listStatements(fundId: string, options: { cursor?: string; limit: number }): Promise<Page<Statement>>;
  /** Takes (or renews) the right to process a statement until `until`; null if another owner holds it, or no such statement. */
  leaseStatement(id: string, owner: string, now: string, until: string): Promise<Statement | null>;
  /** Throws ConflictError when `owner` no longer holds the lease or the checkpoint moved. */
  saveStatementProgress(id: string, owner: string, progress: StatementProgress): Promise<Statement>;
  /** The lines of the fund that exist among these ids (one batched read). */
  getStatementLines(fundId: string, lineIds: readonly string[]): Promise<Map<string, StatementLineRecord>>;
  getStatementLine(fundId: string, lineId: string): Promise<StatementLineRecord | null>;
  /** A statement's own lines in file order, optionally of one status. */
  listStatementLines(statementId: string, options: { status?: StoredLineStatus; cursor?: string; limit: number }): Promise<Page<StatementLineRecord>>;
  /** UNMATCHED and FLAGGED lines of every statement of the fund, oldest first. */
  listLinesToReview(fundId: string, limit: number): Promise<StatementLineRecord[]>;
  /** Pledges and disbursements with these reference codes (one batched read; unknown codes are left out). */
  findByRefs(refs: readonly string[]): Promise<{ pledges: Pledge[]; disbursements: Disbursement[] }>;
  /** Pledges of the fund due before `today` (YYYY-MM-DD) that are not fully received or cancelled. */
  listOverduePledges(fundId: string, today: string): Promise<Pledge[]>;
}

/**
 * Every value the edge may send in its origin header now: the secret's current version and,
 * while a rotation reaches CloudFront, the previous one. Throws ServiceUnavailableError when
 * they cannot be read, never an empty list.
 */
export type OriginHeaderValues = () => Promise<string[]>;
