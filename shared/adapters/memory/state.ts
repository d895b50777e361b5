/**
 * The in-memory adapter set's one shared state: what the DynamoDB table holds, as maps per
 * aggregate. Stores copy values in and out, so no caller can change stored state by keeping a
 * reference, and undefined properties are dropped on the way in, as DynamoDB's marshalling does.
 */
import type { Flag } from '../../domain/flags';
import type { AdminUnit } from '../../domain/admin-units';
import type { Batch, BatchRowsChunk } from '../../domain/batches';
import type { Committee } from '../../domain/committees';
import type { GoodsHandover, GoodsLot } from '../../domain/goods';
import type { PlanHeader, PlanWard } from '../../domain/plans';
import type { Disbursement } from '../../domain/disbursements';
import type { Fund } from '../../domain/funds';
import type { JournalEntry } from '../../domain/journal';
import type { ApiKeyRecord, Organisation } from '../../domain/organisations';
import type { Pledge } from '../../domain/pledges';
import type { Receipt } from '../../domain/receipts';
import type { IndexChunk } from '../../domain/statements/identity';
import type { MappingVersion, SavedMapping } from '../../domain/statements/mappings';
import type { LineBatch, Statement } from '../../domain/statements/statement';
import type { CheckpointChainLink, DeltaSums } from '../../domain/totals';
import type { FundBalance } from '../../usecases/ports/funds';
import type { IdempotencyRecord } from '../../usecases/ports/idempotency';
import type { PledgeCreation } from '../../usecases/ports/pledges';

export interface ReferenceGuard {
  entityType: 'pledge' | 'disbursement';
  entityId: string;
}

export class MemoryState {
  readonly funds = new Map<string, Fund>();
  readonly balances = new Map<string, FundBalance>();
  /** By reference code, as the table keys them. */
  readonly pledges = new Map<string, Pledge>();
  /** Each pledge's creation record, by its reference code (kept on the pledge's item in the table). */
  readonly pledgeCreations = new Map<string, PledgeCreation>();
  readonly receipts = new Map<string, Receipt>();
  readonly disbursements = new Map<string, Disbursement>();
  readonly organisations = new Map<string, Organisation>();
  /** By key hash. */
  readonly apiKeys = new Map<string, ApiKeyRecord>();
  /** Reference codes claimed with a guard (GN…) and the aggregate each was claimed for. */
  readonly references = new Map<string, ReferenceGuard>();
  /** Claimed unique names and their owners. */
  readonly uniques = new Map<string, string>();
  /** Per fund, by entry id. */
  readonly journal = new Map<string, Map<string, JournalEntry>>();
  /** By `idempotencyKey(scope, key)`. */
  readonly idempotency = new Map<string, IdempotencyRecord>();
  readonly statements = new Map<string, Statement>();
  /** Per statement, by first line number. */
  readonly statementBatches = new Map<string, Map<number, LineBatch>>();
  /** By `dayKey(account, valueDate)`: the day index's version and its chunks (by `<statementId>#<first line no>`). */
  readonly dayHeads = new Map<string, number>();
  readonly indexChunks = new Map<string, Map<string, IndexChunk>>();
  /** Receipts recorded by hand with a bank reference, per fund. */
  readonly bankRefs = new Map<string, number>();
  readonly mappings = new Map<string, SavedMapping>();
  /** By `versionKey(id, version)`. */
  readonly mappingVersions = new Map<string, MappingVersion>();
  adminUnits: AdminUnit[] = [];
  /** Per totals scope. */
  readonly counters = new Map<string, DeltaSums>();
  /** Per stream shard (`<stream>\u0000<shardId>`), its checkpoint chain: from → to (DESIGN §6). */
  readonly checkpointChains = new Map<string, Map<bigint, CheckpointChainLink>>();
  /** Committees that are not an official unit, by id. */
  readonly committees = new Map<string, Committee>();
  /** By fund id. */
  readonly planHeaders = new Map<string, PlanHeader>();
  /** By `planWardKey(fundId, wardCode)`: the ward's planned and committed amounts (headroom is their difference). */
  readonly planWards = new Map<string, PlanWard & { fundId: string }>();
  readonly goodsLots = new Map<string, GoodsLot>();
  readonly flags = new Map<string, Flag>();
  readonly goodsHandovers = new Map<string, GoodsHandover>();
  readonly batches = new Map<string, Batch>();
  /** By `batchRowsKey(batchId, index)`. */
  readonly batchRows = new Map<string, BatchRowsChunk>();

  /** Funds are seeded, not made by commands (as the twin's seed writes them). */
  seedFunds(funds: readonly Fund[]): void {
    for (const fund of funds) if (!this.funds.has(fund.fundId)) this.funds.set(fund.fundId, stored(fund));
  }

  seedAdminUnits(units: readonly AdminUnit[]): void {
    this.adminUnits = stored([...units]);
  }
}

export const idempotencyKey = (scope: string, key: string) => `${scope}\u0000${key}`;
export const planWardKey = (fundId: string, wardCode: string) => `${fundId}\u0000${wardCode}`;
export const batchRowsKey = (batchId: string, index: number) => `${batchId}\u0000${String(index).padStart(4, '0')}`;
export const dayKey = (account: string, valueDate: string) => `${account}\u0000${valueDate}`;
export const chunkKey = (chunk: Pick<IndexChunk, 'statementId' | 'firstLineNo'>) => `${chunk.statementId}#${String(chunk.firstLineNo).padStart(9, '0')}`;
export const versionKey = (id: string, version: number) => `${id}\u0000${String(version).padStart(6, '0')}`;

/** A deep copy for storing: plain data only, undefined properties and array elements left out. */
export function stored<T>(value: T): T {
  if (Array.isArray(value)) return value.filter((v) => v !== undefined).map((v) => stored(v)) as T;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) if (v !== undefined) out[key] = stored(v);
    return out as T;
  }
  return value;
}

/** A copy for a reader: changing it changes nothing stored. */
export function copy<T>(value: T): T {
  return structuredClone(value);
}

export function copyOrNull<T>(value: T | undefined): T | null {
  return value === undefined ? null : copy(value);
}
