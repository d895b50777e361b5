/**
 * The totals simulation (test/support/simulation.ts) on the in-memory adapter set: the same
 * handler code (functions/totals/stream.ts over `totalsStreamHandler`) and use cases, with a
 * MemoryState of its own for each schedule, so ten thousand schedules fit in minutes without Java.
 *
 * Faults go into the counter store's `applyChunk` (the port the use case sees) instead of the SDK:
 * the errors the DynamoDB adapter gives up with once its own retries are spent, a commit whose
 * answer is lost, and crashes before or after a chunk commits.
 */
import { totalsStreamHandler } from '../../functions/totals/stream';
import { MemoryState, memoryStores } from '../../shared/adapters/memory';
import { ConcurrentModificationError, ServiceUnavailableError } from '../../shared/errors';
import type { StreamCounters } from '../../shared/usecases/totals-stream';
import { withFault, type FaultErrors, type SimulationBackend } from './simulation';

const ADAPTER_FAULTS: FaultErrors = {
  conflict: () => new ConcurrentModificationError('The counters changed under the transaction (simulated conflict)'),
  throttle: () => new ServiceUnavailableError('DynamoDB is throttling (simulated)'),
  cancelledThrottle: () => new ServiceUnavailableError('The transaction was cancelled by throttling (simulated)'),
};

export function memoryBackend(): SimulationBackend {
  return {
    open(_seed, faults) {
      const state = new MemoryState();
      const stores = memoryStores(state);
      const counters: StreamCounters = {
        checkpoint: (shard) => stores.counters.checkpoint(shard),
        checkpointBefore: (shard, sequenceNumber) => stores.counters.checkpointBefore(shard, sequenceNumber),
        applyChunk: (shard, chunk, from) =>
          withFault(faults, { items: chunk.updates.length + 1, updates: chunk.updates.length, puts: 1 }, ADAPTER_FAULTS, () => stores.counters.applyChunk(shard, chunk, from)),
      };
      return {
        handler: totalsStreamHandler(counters),
        async writeJournal(entries) {
          for (const entry of entries) {
            const fund = state.journal.get(entry.fundId) ?? new Map();
            fund.set(entry.entryId, entry);
            state.journal.set(entry.fundId, fund);
          }
        },
        counters,
        drift: stores,
        close: () => undefined,
      };
    },
    dispose: () => undefined,
  };
}
