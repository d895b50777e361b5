/**
 * The one way commands write (DESIGN §4, §8): a command plans its writes as ops, and one
 * transaction commits them all, with the command's idempotency record, or none of them.
 */
import type { Batch, BatchRowsChunk } from '../../domain/batches';
import type { Committee } from '../../domain/committees';
import type { Disbursement } from '../../domain/disbursements';
import type { Flag } from '../../domain/flags';
import type { Fund, FundStatus } from '../../domain/funds';
import type { GoodsHandover, GoodsLot } from '../../domain/goods';
import type { JournalEntry } from '../../domain/journal';
import type { ApiKeyRecord, Organisation } from '../../domain/organisations';
import type { Pledge } from '../../domain/pledges';
import type { Receipt } from '../../domain/receipts';
import type { PlanHeader, PlanWard } from '../../domain/plans';
import type { IndexChunk } from '../../domain/statements/identity';
import type { MappingVersion, SavedMapping } from '../../domain/statements/mappings';
import type { CounterName, LineBatch, Statement } from '../../domain/statements/statement';
import { MAX_TRANSACTION_ITEMS } from '../../domain/totals';
import { InvalidTransactionError, TransactionTooLargeError } from '../../errors';
import type { FundBalance } from './funds';
import type { IdempotencyRecord } from './idempotency';
import type { PledgeCreation } from './pledges';

export { MAX_TRANSACTION_ITEMS };

export type Aggregate =
  | { type: 'pledge'; value: Pledge }
  | { type: 'receipt'; value: Receipt }
  | { type: 'disbursement'; value: Disbursement }
  | { type: 'organisation'; value: Organisation }
  | { type: 'apiKey'; value: ApiKeyRecord }
  /** Created once; afterwards changed only by `statementCounters` and the lease holder's progress, never replaced. */
  | { type: 'statement'; value: Statement }
  /** A statement's consecutive lines (DESIGN §9.3): created once per batch, updated by a clerk's decisions. */
  | { type: 'statementBatch'; value: LineBatch }
  | { type: 'statementMapping'; value: SavedMapping }
  /** One version of a saved mapping: created once, never changed. */
  | { type: 'statementMappingVersion'; value: MappingVersion }
  /** A fund made before versions were kept counts as version 1. */
  | { type: 'fund'; value: Fund }
  | { type: 'committee'; value: Committee }
  | { type: 'goodsLot'; value: GoodsLot }
  | { type: 'goodsHandover'; value: GoodsHandover }
  | { type: 'batch'; value: Batch }
  | { type: 'batchRows'; value: BatchRowsChunk }
  | { type: 'flag'; value: Flag };

/** One write inside a command's transaction, with its condition; if any condition fails the command writes nothing. */
export type WriteOp =
  /** Only if the aggregate does not exist yet. */
  | { op: 'create'; aggregate: Aggregate }
  /** A pledge under its reference code, with what made it (its idempotency data), only if the code is free. */
  | { op: 'newPledge'; pledge: Pledge; creation: PledgeCreation }
  /** Replaces the aggregate, only if its stored version is still `expectedVersion`. */
  | { op: 'update'; aggregate: Aggregate; expectedVersion: number }
  /** Claims a reference code (GN…; a pledge's code is its key) for its aggregate, once. */
  | { op: 'reference'; ref: string; entityType: 'pledge' | 'disbursement'; entityId: string }
  /** Claims a name (a bank reference within a fund), once. */
  | { op: 'unique'; name: string; owner: string }
  /** Appends an entry to the fund's journal, once. */
  | { op: 'journal'; entry: JournalEntry }
  /** Stores the command's answer, once: a second one fails with IdempotencyRecordExistsError. */
  | { op: 'idempotency'; record: IdempotencyRecord }
  /** Writes nothing: the fund exists and is OPEN. */
  | { op: 'fundOpen'; fundId: string }
  /** Writes nothing: the fund exists and is in one of these states. */
  | { op: 'fundState'; fundId: string; states: readonly FundStatus[] }
  /** Writes the plan's header, only if its version is still `expectedVersion` (0: no plan yet). */
  | { op: 'planHeader'; header: PlanHeader; expectedVersion: number }
  /** Writes nothing: the plan's header is at this version. */
  | { op: 'planCheck'; fundId: string; version: number }
  /**
   * Adds to a ward's planned and committed amounts (its headroom, planned − committed, follows);
   * with `requireHeadroom`, only if the headroom is at least that before the change (a ward with no
   * item yet has none).
   */
  | {
      op: 'planWard';
      fundId: string;
      ward: Pick<PlanWard, 'wardCode' | 'wardName' | 'provinceCode'>;
      change: { planned?: number; committed?: number };
      requireHeadroom?: number;
    }
  /** Adds to the fund's balance; with `requireAvailable`, only if `available` is at least that before the change. */
  | { op: 'fundBalance'; fundId: string; change: Partial<Omit<FundBalance, 'available'>>; requireAvailable?: number }
  /**
   * Adds to a statement's counters, only if the statement exists: kept in the same transaction as
   * its lines. With `checkpoint`, also moves the import's checkpoint from `from` to `to`, only for
   * the lease's owner and only if the checkpoint is still `from`, and renews the lease.
   */
  | {
      op: 'statementCounters';
      statementId: string;
      change: Partial<Record<CounterName, number>>;
      checkpoint?: { owner: string; from: number; to: number; leaseUntil: string };
    }
  /** Adds one batch's prints to the day index of its account and value date, once. */
  | { op: 'indexChunk'; account: string; valueDate: string; chunk: IndexChunk }
  /** Moves the version of a day of the index from `expectedVersion` on by one: the fence of that day's writers. */
  | { op: 'dayHead'; account: string; valueDate: string; expectedVersion: number }
  /** Writes nothing: that day of the index is still at `version`. */
  | { op: 'dayUnchanged'; account: string; valueDate: string; version: number }
  /** Counts a receipt recorded by hand with a bank reference in its fund (what an import fences on). */
  | { op: 'bankRefRecorded'; fundId: string }
  /** Writes nothing: the fund's count of receipts recorded by hand with a bank reference is still `count`. */
  | { op: 'bankRefsUnchanged'; fundId: string; count: number };

export interface TransactionPort {
  /**
   * Writes every op or none. A failed condition throws CommitRejectedError naming the first op that
   * failed (see `opName`), or IdempotencyRecordExistsError when it is the idempotency record;
   * more than MAX_TRANSACTION_ITEMS ops throw TransactionTooLargeError, two ops on one record
   * InvalidTransactionError, before anything is sent.
   */
  commit(ops: WriteOp[]): Promise<void>;
}

/** How CommitRejectedError names an op: `create:<type>`, `update:<type>`, or the op itself (`newPledge`, `reference`, `fundBalance`…). */
export function opName(op: WriteOp): string {
  return op.op === 'create' || op.op === 'update' ? `${op.op}:${op.aggregate.type}` : op.op;
}

/** Which stored record an op writes: two ops on one record cannot share a transaction. */
export function recordOf(op: WriteOp): string {
  switch (op.op) {
    case 'create':
    case 'update': {
      const a = op.aggregate;
      switch (a.type) {
        case 'pledge':
          // Keyed by its code (DESIGN §4).
          return `pledge:${a.value.ref}`;
        case 'receipt':
        case 'disbursement':
        case 'organisation':
        case 'statement':
          return `${a.type}:${a.value.id}`;
        case 'apiKey':
          return `apiKey:${a.value.keyHash}`;
        case 'fund':
          return `fund:${a.value.fundId}`;
        case 'committee':
          return `committee:${a.value.committeeId}`;
        case 'goodsLot':
        case 'goodsHandover':
        case 'batch':
        case 'flag':
          return `${a.type}:${a.value.id}`;
        case 'batchRows':
          return `batchRows:${a.value.batchId}:${a.value.index}`;
        case 'statementBatch':
          return `statementBatch:${a.value.statementId}:${a.value.firstLineNo}`;
        case 'statementMapping':
          return `statementMapping:${a.value.id}`;
        case 'statementMappingVersion':
          return `statementMappingVersion:${a.value.id}:${a.value.version}`;
      }
      break;
    }
    case 'newPledge':
      return `pledge:${op.pledge.ref}`;
    case 'reference':
      return `ref:${op.ref}`;
    case 'unique':
      return `unique:${op.name}`;
    case 'journal':
      return `journal:${op.entry.fundId}:${op.entry.entryId}`;
    case 'idempotency':
      return `idempotency:${op.record.scope}:${op.record.key}`;
    case 'fundOpen':
    case 'fundState':
      return `fund:${op.fundId}`;
    case 'planHeader':
      return `planHeader:${op.header.fundId}`;
    case 'planCheck':
      return `planHeader:${op.fundId}`;
    case 'planWard':
      return `planWard:${op.fundId}:${op.ward.wardCode}`;
    case 'fundBalance':
      return `fundBalance:${op.fundId}`;
    case 'statementCounters':
      return `statement:${op.statementId}`;
    case 'indexChunk':
      return `indexChunk:${op.account}:${op.valueDate}:${op.chunk.statementId}:${op.chunk.firstLineNo}`;
    case 'dayHead':
    case 'dayUnchanged':
      return `dayHead:${op.account}:${op.valueDate}`;
    case 'bankRefRecorded':
    case 'bankRefsUnchanged':
      return `bankRefs:${op.fundId}`;
  }
}

/** What every store checks before it sends anything: the limit, and one write per record. */
export function assertCommittable(ops: readonly WriteOp[]): void {
  if (ops.length > MAX_TRANSACTION_ITEMS) throw new TransactionTooLargeError(ops.length, MAX_TRANSACTION_ITEMS);
  const records = new Set<string>();
  for (const op of ops) {
    const record = recordOf(op);
    if (records.has(record)) throw new InvalidTransactionError(`A transaction may write ${record} once; ${opName(op)} writes it again`);
    records.add(record);
  }
}
