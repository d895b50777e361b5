/** Statements (with their processing lease) and statement lines over the in-memory state. */
import { COUNTERS, type Statement, type StatementLineRecord } from '../../domain/statements/statement';
import { ConflictError } from '../../errors';
import type { StatementLineStore } from '../../usecases/ports/statement-lines';
import type { StatementProgress, StatementStore } from '../../usecases/ports/statements';
import { page, sortByKey } from './pages';
import { copy, copyOrNull, lineKey, stored, type MemoryState } from './state';

const PROGRESS_FIELDS = new Set(['status', 'etag', 'facts', 'linesValidated', 'linesProcessed', 'errors', 'validatedAt', 'completedAt', 'failedAt', 'leaseUntil']);
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

const lineNoKey = (lineNo: number) => String(lineNo).padStart(9, '0');

export function memoryStatementLineStore(state: MemoryState): StatementLineStore {
  return {
    get: async (fundId, lineId) => copyOrNull(state.statementLines.get(lineKey(fundId, lineId))),

    async getMany(fundId, lineIds) {
      const found = new Map<string, StatementLineRecord>();
      for (const lineId of lineIds) {
        const line = state.statementLines.get(lineKey(fundId, lineId));
        if (line) found.set(lineId, copy(line));
      }
      return found;
    },

    listByStatement: async (statementId, { status, cursor, limit }) =>
      page(
        `statementLines:${statementId}`,
        [...state.statementLines.values()]
          .filter((line) => line.statementId === statementId && (!status || line.status === status))
          .map((line) => ({ key: `${line.status}#${lineNoKey(line.lineNo)}`, value: line })),
        { cursor, limit },
      ),

    listToReview: async (fundId, limit) =>
      sortByKey(
        [...state.statementLines.values()]
          .filter((line) => line.fundId === fundId && (line.status === 'UNMATCHED' || line.status === 'FLAGGED'))
          .map((line) => ({ key: `${line.valueDate}#${line.lineId}`, value: line })),
      )
        .slice(0, limit)
        .map((item) => copy(item.value)),
  };
}
