/**
 * The running totals over the in-memory state, with the DynamoDB counter store's semantics: a
 * chunk's counter updates and its checkpoint link are one atomic change, refused whole
 * (CheckpointMovedError) when a link from the same checkpoint exists. Counters are kept per
 * scope; shards only spread DynamoDB's writes and change no sum.
 */
import { emptyDeltaSums, DELTA_NAMES } from '../../domain/journal';
import { appliedWhenMovedPast, parseScope, sequenceOf, type CheckpointChainLink, type DeltaSums } from '../../domain/totals';
import { CheckpointMovedError, type CounterStore, type StreamShard } from '../../usecases/ports/counters';
import { copy, type MemoryState } from './state';

/** As the DynamoDB index sorts a ward or day scope's shards: `<value>#<shard>`. */
const indexKey = (value: string) => `${value}#000`;

const chainOf = (shard: StreamShard) => `${shard.stream}\u0000${shard.shardId}`;

export function memoryCounterStore(state: MemoryState): CounterStore {
  const readScope = async (scope: string) => copy(state.counters.get(scope) ?? emptyDeltaSums());

  const scopesOf = (fundId: string, dimension: 'WARD' | 'DAY') => [...state.counters.keys()].filter((scope) => scope.startsWith(`${fundId}#${dimension}#`));

  /** The chain's links by `from`, newest (highest `from`) last. */
  const links = (shard: StreamShard) => [...(state.checkpointChains.get(chainOf(shard)) ?? new Map<bigint, CheckpointChainLink>())].sort((a, b) => (a[0] < b[0] ? -1 : 1));

  return {
    readScope,

    async readTogether(scopes) {
      return new Map(await Promise.all(scopes.map(async (scope) => [scope, await readScope(scope)] as const)));
    },

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

    async checkpoint(shard) {
      return links(shard).at(-1)?.[1].to ?? null;
    },

    async checkpointBefore(shard, sequenceNumber) {
      const limit = sequenceOf(sequenceNumber);
      const link = links(shard)
        .filter(([from]) => from <= limit)
        .at(-1);
      return link ? appliedWhenMovedPast(link[1], sequenceNumber) : null;
    },

    async applyChunk(shard, chunk, from) {
      const key = chainOf(shard);
      const chain = state.checkpointChains.get(key) ?? new Map<bigint, CheckpointChainLink>();
      const start = from === null ? 0n : sequenceOf(from);
      if (chain.has(start)) throw new CheckpointMovedError(`The checkpoint of ${shard.shardId} moved from ${from ?? 'none'}`);
      chain.set(start, { from: from ?? '0', to: chunk.through, first: chunk.first });
      state.checkpointChains.set(key, chain);
      for (const update of chunk.updates) {
        const sums = state.counters.get(update.scope) ?? emptyDeltaSums();
        for (const name of DELTA_NAMES) sums[name] += update.deltas[name] ?? 0;
        state.counters.set(update.scope, sums);
      }
    },
  };
}
