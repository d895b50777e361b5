/**
 * Commits a command's writes to the in-memory state with the DynamoDB transaction's semantics:
 * every condition is checked first, and if any fails nothing is written and the error names the
 * first failed op (IdempotencyRecordExistsError for the idempotency record), with every failed
 * index; more than 100 ops, or two on one record, are refused before anything is looked at.
 */
import { COUNTERS } from '../../domain/statements/statement';
import { CommitRejectedError, IdempotencyRecordExistsError } from '../../errors';
import { assertCommittable, opName, type Aggregate, type TransactionPort, type WriteOp } from '../../usecases/ports/transaction';
import { batchRowsKey, chunkKey, dayKey, idempotencyKey, planWardKey, stored, versionKey, type MemoryState } from './state';

const COUNTER_SET = new Set<string>(COUNTERS);

/** Where an aggregate lives in the state, and under which key. */
function slot(state: MemoryState, aggregate: Aggregate): { map: Map<unknown, unknown>; key: unknown } {
  switch (aggregate.type) {
    case 'pledge':
      return { map: state.pledges, key: aggregate.value.ref };
    case 'receipt':
      return { map: state.receipts, key: aggregate.value.id };
    case 'disbursement':
      return { map: state.disbursements, key: aggregate.value.id };
    case 'organisation':
      return { map: state.organisations, key: aggregate.value.id };
    case 'apiKey':
      return { map: state.apiKeys, key: aggregate.value.keyHash };
    case 'statement':
      return { map: state.statements, key: aggregate.value.id };
    case 'fund':
      return { map: state.funds, key: aggregate.value.fundId };
    case 'committee':
      return { map: state.committees, key: aggregate.value.committeeId };
    case 'goodsLot':
      return { map: state.goodsLots, key: aggregate.value.id };
    case 'goodsHandover':
      return { map: state.goodsHandovers, key: aggregate.value.id };
    case 'batch':
      return { map: state.batches, key: aggregate.value.id };
    case 'batchRows':
      return { map: state.batchRows, key: batchRowsKey(aggregate.value.batchId, aggregate.value.index) };
    case 'statementBatch': {
      let batches = state.statementBatches.get(aggregate.value.statementId);
      if (!batches) state.statementBatches.set(aggregate.value.statementId, (batches = new Map()));
      return { map: batches, key: aggregate.value.firstLineNo };
    }
    case 'statementMapping':
      return { map: state.mappings, key: aggregate.value.id };
    case 'flag':
      return { map: state.flags, key: aggregate.value.id };
    case 'statementMappingVersion':
      return { map: state.mappingVersions, key: versionKey(aggregate.value.id, aggregate.value.version) };
  }
}

function holds(state: MemoryState, op: WriteOp): boolean {
  switch (op.op) {
    case 'create': {
      const { map, key } = slot(state, op.aggregate);
      return !map.has(key);
    }
    case 'update': {
      const { map, key } = slot(state, op.aggregate);
      const current = map.get(key) as { version?: number } | undefined;
      // A fund seeded, or a key issued, before versions were kept has none: it counts as version 1.
      if ((op.aggregate.type === 'fund' || op.aggregate.type === 'apiKey') && current) return (current.version ?? 1) === op.expectedVersion;
      return current?.version === op.expectedVersion;
    }
    case 'newPledge':
      return !state.pledges.has(op.pledge.ref);
    case 'reference':
      return !state.references.has(op.ref);
    case 'unique':
      return !state.uniques.has(op.name);
    case 'journal':
      return !state.journal.get(op.entry.fundId)?.has(op.entry.entryId);
    case 'idempotency':
      return !state.idempotency.has(idempotencyKey(op.record.scope, op.record.key));
    case 'fundOpen':
      return state.funds.get(op.fundId)?.status === 'OPEN';
    case 'fundState': {
      const status = state.funds.get(op.fundId)?.status;
      return status !== undefined && op.states.includes(status);
    }
    case 'planHeader':
      return (state.planHeaders.get(op.header.fundId)?.version ?? 0) === op.expectedVersion && (op.expectedVersion > 0 || !state.planHeaders.has(op.header.fundId));
    case 'planCheck':
      return op.version === 0 ? !state.planHeaders.has(op.fundId) : state.planHeaders.get(op.fundId)?.version === op.version;
    case 'planWard': {
      if (op.requireHeadroom === undefined) return true;
      // A ward with no item yet has no headroom, not even zero: as DynamoDB's condition on a missing attribute.
      const ward = state.planWards.get(planWardKey(op.fundId, op.ward.wardCode));
      return ward !== undefined && ward.planned - ward.committed >= op.requireHeadroom;
    }
    case 'fundBalance': {
      if (op.requireAvailable === undefined) return true;
      // A fund with no balance yet holds nothing, not even zero: as DynamoDB's condition on a missing attribute.
      const balance = state.balances.get(op.fundId);
      return balance !== undefined && balance.available >= op.requireAvailable;
    }
    case 'statementCounters': {
      const statement = state.statements.get(op.statementId);
      if (!statement) return false;
      return !op.checkpoint || (statement.leaseOwner === op.checkpoint.owner && statement.linesProcessed === op.checkpoint.from);
    }
    case 'indexChunk':
      return !state.indexChunks.get(dayKey(op.account, op.valueDate))?.has(chunkKey(op.chunk));
    case 'dayHead':
      return (state.dayHeads.get(dayKey(op.account, op.valueDate)) ?? 0) === op.expectedVersion;
    case 'dayUnchanged':
      return (state.dayHeads.get(dayKey(op.account, op.valueDate)) ?? 0) === op.version;
    case 'bankRefRecorded':
      return true;
    case 'bankRefsUnchanged':
      return (state.bankRefs.get(op.fundId) ?? 0) === op.count;
  }
}

function apply(state: MemoryState, op: WriteOp): void {
  switch (op.op) {
    case 'create':
    case 'update': {
      const { map, key } = slot(state, op.aggregate);
      map.set(key, stored(op.aggregate.value));
      return;
    }
    case 'newPledge':
      state.pledges.set(op.pledge.ref, stored(op.pledge));
      state.pledgeCreations.set(op.pledge.ref, stored(op.creation));
      return;
    case 'reference':
      state.references.set(op.ref, { entityType: op.entityType, entityId: op.entityId });
      return;
    case 'unique':
      state.uniques.set(op.name, op.owner);
      return;
    case 'journal': {
      let entries = state.journal.get(op.entry.fundId);
      if (!entries) state.journal.set(op.entry.fundId, (entries = new Map()));
      entries.set(op.entry.entryId, stored(op.entry));
      return;
    }
    case 'idempotency':
      state.idempotency.set(idempotencyKey(op.record.scope, op.record.key), stored(op.record));
      return;
    case 'fundOpen':
    case 'fundState':
    case 'planCheck':
      return;
    case 'planHeader':
      state.planHeaders.set(op.header.fundId, stored(op.header));
      return;
    case 'planWard': {
      const key = planWardKey(op.fundId, op.ward.wardCode);
      const ward = state.planWards.get(key) ?? { fundId: op.fundId, ...op.ward, planned: 0, committed: 0 };
      state.planWards.set(key, {
        ...ward,
        ...stored(op.ward),
        planned: ward.planned + (op.change.planned ?? 0),
        committed: ward.committed + (op.change.committed ?? 0),
      });
      return;
    }
    case 'fundBalance': {
      const balance = state.balances.get(op.fundId) ?? { received: 0, approved: 0, disbursed: 0, available: 0 };
      const received = op.change.received ?? 0;
      const approved = op.change.approved ?? 0;
      const disbursed = op.change.disbursed ?? 0;
      state.balances.set(op.fundId, {
        received: balance.received + received,
        approved: balance.approved + approved,
        disbursed: balance.disbursed + disbursed,
        available: balance.available + received - approved - disbursed,
      });
      return;
    }
    case 'statementCounters': {
      const statement = state.statements.get(op.statementId)!;
      const fields = statement as unknown as Record<string, number>;
      for (const [name, value] of Object.entries(op.change)) if (value) fields[name] = (fields[name] ?? 0) + value;
      if (op.checkpoint) {
        statement.linesProcessed = op.checkpoint.to;
        statement.leaseUntil = op.checkpoint.leaseUntil;
      }
      return;
    }
    case 'indexChunk': {
      const key = dayKey(op.account, op.valueDate);
      let chunks = state.indexChunks.get(key);
      if (!chunks) state.indexChunks.set(key, (chunks = new Map()));
      chunks.set(chunkKey(op.chunk), stored(op.chunk));
      return;
    }
    case 'dayHead':
      state.dayHeads.set(dayKey(op.account, op.valueDate), op.expectedVersion + 1);
      return;
    case 'dayUnchanged':
    case 'bankRefsUnchanged':
      return;
    case 'bankRefRecorded':
      state.bankRefs.set(op.fundId, (state.bankRefs.get(op.fundId) ?? 0) + 1);
      return;
  }
}

export function memoryTransaction(state: MemoryState): TransactionPort {
  return {
    async commit(ops) {
      assertCommittable(ops);
      for (const op of ops) {
        if (op.op === 'statementCounters') for (const name of Object.keys(op.change)) if (!COUNTER_SET.has(name)) throw new Error(`not a statement counter: ${name}`);
      }
      const failed = ops.flatMap((op, index) => (holds(state, op) ? [] : [index]));
      if (failed.length > 0) {
        const first = failed[0]!;
        const name = opName(ops[first]!);
        if (name === 'idempotency') throw new IdempotencyRecordExistsError('idempotency record exists');
        throw new CommitRejectedError(name, first, { failedIndexes: failed });
      }
      for (const op of ops) apply(state, op);
    },
  };
}
