/**
 * The running totals over the in-memory state, applied exactly as the DynamoDB counter store
 * applies them: the same chunks (planChunks), an applied marker per entry, entries an earlier
 * delivery applied left out and reported, one counter write per scope and chunk. Counters are
 * kept per scope; shards only spread DynamoDB's writes and change no sum.
 */
import { emptyDeltaSums, DELTA_NAMES } from '../../domain/journal';
import { entryKey, parseScope, planChunks, type DeltaSums, type TotalsEntry } from '../../domain/totals';
import { SoVangError } from '../../errors';
import { TotalsApplyError, type ApplyReport, type CounterStore } from '../../usecases/ports/counters';
import { copy, type MemoryState } from './state';

/** As the DynamoDB index sorts a ward or day scope's shards: `<value>#<shard>`. */
const indexKey = (value: string) => `${value}#000`;

export function memoryCounterStore(state: MemoryState): CounterStore {
  const readScope = async (scope: string) => copy(state.counters.get(scope) ?? emptyDeltaSums());

  const scopesOf = (fundId: string, dimension: 'WARD' | 'DAY') => [...state.counters.keys()].filter((scope) => scope.startsWith(`${fundId}#${dimension}#`));

  function applyChunk(entries: TotalsEntry[], report: ApplyReport): void {
    let pending = entries;
    while (pending.length) {
      const [chunk] = planChunks(pending, { shards: 1, maxItems: Number.MAX_SAFE_INTEGER });
      if (!chunk) return;
      const seen = new Set(chunk.entries.map(entryKey).filter((key) => state.appliedMarkers.has(key)));
      if (seen.size > 0) {
        report.alreadyApplied.push(...chunk.entries.filter((e) => seen.has(entryKey(e))).map((e) => e.entryId));
        pending = chunk.entries.filter((e) => !seen.has(entryKey(e)));
        continue;
      }
      for (const entry of chunk.entries) state.appliedMarkers.add(entryKey(entry));
      for (const update of chunk.updates) {
        const sums = state.counters.get(update.scope) ?? emptyDeltaSums();
        for (const name of DELTA_NAMES) sums[name] += update.deltas[name] ?? 0;
        state.counters.set(update.scope, sums);
      }
      report.transactions++;
      report.counterWrites += chunk.updates.length;
      report.applied.push(...chunk.entries.map((e) => e.entryId));
      return;
    }
  }

  return {
    readScope,

    async listScopes(fundId, dimension, range = {}) {
      const to = range.to ? `${range.to}#~` : undefined;
      return scopesOf(fundId, dimension)
        .filter((scope) => {
          const key = indexKey(parseScope(scope).value);
          return (!range.from || key >= range.from) && (!to || key <= to);
        })
        .sort((a, b) => a.localeCompare(b))
        .map((scope) => ({ scope, sums: copy(state.counters.get(scope)!) }));
    },

    async readFund(fundId, options = {}) {
      const indexed = [...scopesOf(fundId, 'WARD'), ...scopesOf(fundId, 'DAY')];
      const scopes = options.consistent ? new Set([fundId, ...indexed, ...(options.alsoScopes ?? [])]) : new Set([fundId, ...indexed]);
      const result = new Map<string, DeltaSums>();
      for (const scope of scopes) result.set(scope, await readScope(scope));
      return result;
    },

    async applyEntries(entries, { enoughTime } = {}) {
      const report: ApplyReport = { applied: [], alreadyApplied: [], counterWrites: 0, transactions: 0 };
      const chunks = planChunks(entries, { shards: 1 });
      for (const [index, chunk] of chunks.entries()) {
        try {
          if (index > 0 && enoughTime && !enoughTime()) throw new SoVangError('Too little time left for another chunk');
          applyChunk(chunk.entries, report);
        } catch (error) {
          const notDone = new Set(chunks.slice(index).flatMap((c) => c.entries.map(entryKey)));
          throw new TotalsApplyError(`Applied ${index} of ${chunks.length} totals chunks: ${(error as Error).message}`, notDone, report, { cause: error });
        }
      }
      return report;
    },

    appliedEntryKeys: async (entries) => new Set(entries.map(entryKey).filter((key) => state.appliedMarkers.has(key))),
  };
}
