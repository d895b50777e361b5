/** Statements (with their processing lease), their line batches, the day index and saved mappings over the in-memory state. */
import { COUNTERS, type LineBatch, type Statement } from '../../domain/statements/statement';
import { ConflictError } from '../../errors';
import type { DayIndexStore } from '../../usecases/ports/statement-index';
import type { StatementLineStore } from '../../usecases/ports/statement-lines';
import type { StatementMappingStore } from '../../usecases/ports/statement-mappings';
import type { StatementProgress, StatementStore } from '../../usecases/ports/statements';
import { page } from './pages';
import { copy, copyOrNull, dayKey, stored, type MemoryState } from './state';

const PROGRESS_FIELDS = new Set(['status', 'etag', 'facts', 'account', 'linesValidated', 'linesProcessed', 'errors', 'validatedAt', 'completedAt', 'failedAt', 'leaseUntil']);
const COUNTER_SET = new Set<string>(COUNTERS);

/** Checks the names first, as the DynamoDB adapter does while it builds its update. */
function checkNames(progress: StatementProgress): void {
  for (const name of Object.keys(progress.set ?? {})) if (!PROGRESS_FIELDS.has(name)) throw new Error(`not a statement progress field: ${name}`);
  for (const name of Object.keys(progress.add ?? {})) if (!COUNTER_SET.has(name)) throw new Error(`not a statement counter: ${name}`);
}

export function memoryStatementStore(state: MemoryState): StatementStore {
  return {
    get: async (id) => copyOrNull(state.statements.get(id)),

    list: async (fundId, { cursor, limit }) =>
      page(
        `statements:${fundId}`,
        [...state.statements.values()].filter((s) => s.fundId === fundId).map((s) => ({ key: s.id, value: s })),
        { cursor, limit, descending: true },
      ),

    async lease(id, owner, now, until) {
      const statement = state.statements.get(id);
      if (!statement) return null;
      if (statement.leaseUntil !== undefined && !(statement.leaseUntil < now) && statement.leaseOwner !== owner) return null;
      statement.leaseOwner = owner;
      statement.leaseUntil = until;
      return copy(statement);
    },

    async saveProgress(id, owner, progress) {
      checkNames(progress);
      const statement = state.statements.get(id);
      const heldByOwner = statement !== undefined && statement.leaseOwner === owner;
      const checkpointHolds = progress.expectLinesProcessed === undefined || statement?.linesProcessed === progress.expectLinesProcessed;
      if (!statement || !heldByOwner || !checkpointHolds) {
        throw new ConflictError(`Statement ${id} is being processed by someone else, or its checkpoint moved`);
      }
      const fields = statement as unknown as Record<string, unknown>;
      for (const [name, value] of Object.entries(progress.set ?? {})) if (value !== undefined) fields[name] = stored(value);
      for (const [name, value] of Object.entries(progress.add ?? {})) if (value) fields[name] = Number(fields[name] ?? 0) + value;
      if (progress.release) {
        delete statement.leaseOwner;
        delete statement.leaseUntil;
      }
      return copy(statement as Statement);
    },
  };
}

/** The classes, review statuses and held reasons a batch's lines are in (as the DynamoDB item's `having`). */
function holds(batch: LineBatch, having: string): boolean {
  return batch.lines.some((line) => line.class === having || line.status === having || line.heldReason === having);
}

export function memoryStatementLineStore(state: MemoryState): StatementLineStore {
  const ordered = (statementId: string) => [...(state.statementBatches.get(statementId)?.values() ?? [])].sort((a, b) => a.firstLineNo - b.firstLineNo);
  return {
    async batchOf(statementId, lineNo) {
      const batch = ordered(statementId).find((b) => b.firstLineNo <= lineNo && lineNo <= b.lastLineNo);
      return batch ? copy(batch) : null;
    },

    async scan(statementId, { fromLineNo, maxBatches, having }) {
      const all = ordered(statementId).filter((b) => b.lastLineNo >= fromLineNo);
      const batches: LineBatch[] = [];
      let index = 0;
      for (; index < all.length && batches.length < maxBatches; index++) {
        if (!having || holds(all[index]!, having)) batches.push(copy(all[index]!));
      }
      const next = index < all.length ? all[index]!.firstLineNo : undefined;
      return { batches, ...(next !== undefined ? { next } : {}) };
    },
  };
}

export function memoryDayIndexStore(state: MemoryState): DayIndexStore {
  return {
    read: async (account, valueDate) => {
      const key = dayKey(account, valueDate);
      const chunks = [...(state.indexChunks.get(key)?.entries() ?? [])].sort(([a], [b]) => a.localeCompare(b)).map(([, chunk]) => copy(chunk));
      return { version: state.dayHeads.get(key) ?? 0, chunks };
    },
  };
}

export function memoryMappingStore(state: MemoryState): StatementMappingStore {
  return {
    get: async (id) => copyOrNull(state.mappings.get(id)),
    list: async () => [...state.mappings.values()].sort((a, b) => `${a.createdAt}#${a.id}`.localeCompare(`${b.createdAt}#${b.id}`)).map(copy),
    versions: async (id) =>
      [...state.mappingVersions.entries()]
        .filter(([key]) => key.startsWith(`${id}\u0000`))
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([, version]) => copy(version)),
  };
}
