/**
 * The running totals in DynamoDB: applies journal entries to the sharded counters exactly once,
 * and reads the counters back for the API and the drift check.
 *
 * Exactly-once rests on an applied marker per journal entry (`APPLIED#<fundId>#<entryId>`), put
 * with `attribute_not_exists` in the same transaction as the counter updates. We chose markers
 * over a per-stream-shard checkpoint because:
 *  - a Lambda stream event does not name its stream shard, and DynamoDB splits partitions, so
 *    one fund's records can arrive through several shards at once, each with its own sequence;
 *  - markers stay correct in any delivery order: redelivered, bisected, duplicated, interleaved,
 *    or replayed by hand from the on-failure queue, where a checkpoint would skip or double count;
 *  - a marker is written once and read never, on a partition of its own, so it adds no hot item.
 * The cost is one small write per entry; the hot counters still get far less than one.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { config } from '../../config';
import { emptyDeltaSums } from '../../domain/journal';
import { entryKey, planChunks, type DeltaSums, type TotalsEntry } from '../../domain/totals';
import { CommitRejectedError, ConcurrentModificationError, ServiceUnavailableError, SoVangError } from '../../errors';
import { TotalsApplyError, type ApplyReport, type CounterStore, type ScopeCounters } from '../../usecases/ports/counters';
import { appliedMarkerPut, assertMarkersOutliveRedelivery, counterUpdate, sumShards } from './items/totals';
import { batchGet, keys, queryAll, tableName, transactWrite } from './table';

export interface CounterStoreOptions {
  /** Shard items per scope; the configured TOTALS_SHARDS by default. */
  shards?: number;
  /** Attempts per chunk for throttling and transaction conflicts, before the batch is failed. */
  attempts?: number;
  baseDelayMs?: number;
  now?: () => number;
}

function retryable(error: unknown): boolean {
  return error instanceof ServiceUnavailableError || error instanceof ConcurrentModificationError;
}

export function dynamoCounterStore(options: CounterStoreOptions = {}): CounterStore {
  assertMarkersOutliveRedelivery();
  const attempts = options.attempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 25;
  const now = options.now ?? Date.now;
  const shards = () => options.shards ?? config().TOTALS_SHARDS;

  const readScope = async (scope: string): Promise<DeltaSums> => {
    const items = await queryAll({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': keys.totalsPartition(scope) }, ConsistentRead: true });
    return sumShards(items.map((item) => ({ ...item, scope }))).get(scope) ?? emptyDeltaSums();
  };

  const indexed = (fundId: string, dimension: 'WARD' | 'DAY') =>
    queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.totalsIndexPartition(fundId, dimension) } });

  /**
   * Applies one chunk, leaving out what an earlier delivery applied; throws a translated error when
   * the chunk could not be applied. Throttling and conflicts are retried here first: a failed batch
   * costs Lambda a whole redelivery, and bisection would only split the bad luck.
   */
  async function applyChunk(entries: TotalsEntry[], report: ApplyReport): Promise<void> {
    const TableName = tableName();
    let pending = entries;
    let attempt = 1;
    while (pending.length) {
      // Re-planned on every pass: dropping an applied entry can change a scope's sum and shard.
      const [chunk] = planChunks(pending, { shards: shards(), maxItems: Number.MAX_SAFE_INTEGER });
      if (!chunk) return;
      const at = now();
      const markers = chunk.entries.map((entry) => appliedMarkerPut(entry, at, TableName));
      try {
        await transactWrite([...markers, ...chunk.updates.map((update) => counterUpdate(update, TableName))], (index) =>
          index < markers.length ? 'appliedMarker' : 'counters',
        );
        report.transactions++;
        report.counterWrites += chunk.updates.length;
        report.applied.push(...chunk.entries.map((e) => e.entryId));
        return;
      } catch (error) {
        if (error instanceof CommitRejectedError) {
          // An earlier delivery got there first: those entries are in the counters already.
          const seen = new Set(error.failedIndexes.filter((i) => i < markers.length).map((i) => entryKey(chunk.entries[i]!)));
          report.alreadyApplied.push(...chunk.entries.filter((e) => seen.has(entryKey(e))).map((e) => e.entryId));
          pending = chunk.entries.filter((e) => !seen.has(entryKey(e)));
          continue;
        }
        if (!retryable(error) || attempt >= attempts) throw error;
        await sleep(Math.random() * baseDelayMs * 2 ** attempt);
        attempt++;
      }
    }
  }

  return {
    readScope,

    /** From gsi1 (eventually consistent). */
    async listScopes(fundId, dimension, range = {}): Promise<ScopeCounters[]> {
      const gsi1pk = keys.totalsIndexPartition(fundId, dimension);
      // Index keys are `<value>#<shard>`: `#~` sorts after every shard of the last value. A key
      // condition may not compare with an empty string, so an open end is no condition at all.
      const to = range.to ? `${range.to}#~` : undefined;
      const sortKey = range.from && to ? ' AND gsi1sk BETWEEN :from AND :to' : range.from ? ' AND gsi1sk >= :from' : to ? ' AND gsi1sk <= :to' : '';
      const items = await queryAll({
        IndexName: 'gsi1',
        KeyConditionExpression: `gsi1pk = :p${sortKey}`,
        ExpressionAttributeValues: { ':p': gsi1pk, ...(range.from ? { ':from': range.from } : {}), ...(to ? { ':to': to } : {}) },
      });
      return [...sumShards(items)].map(([scope, sums]) => ({ scope, sums })).sort((a, b) => a.scope.localeCompare(b.scope));
    },

    async readFund(fundId, options = {}) {
      const [wards, days] = await Promise.all([indexed(fundId, 'WARD'), indexed(fundId, 'DAY')]);
      const fromIndex = sumShards([...wards, ...days]);
      const result = new Map<string, DeltaSums>();
      if (options.consistent) {
        const scopes = [...new Set([fundId, ...fromIndex.keys(), ...(options.alsoScopes ?? [])])];
        for (let i = 0; i < scopes.length; i += 16) {
          const slice = scopes.slice(i, i + 16);
          const sums = await Promise.all(slice.map(readScope));
          slice.forEach((scope, j) => result.set(scope, sums[j]!));
        }
      } else {
        result.set(fundId, await readScope(fundId));
        for (const [scope, sums] of fromIndex) result.set(scope, sums);
      }
      return result;
    },

    /**
     * Each entry exactly once, in chunks of one transaction each. Entries that change nothing,
     * and repeats within the list, need no write.
     */
    async applyEntries(entries, { enoughTime } = {}) {
      const report: ApplyReport = { applied: [], alreadyApplied: [], counterWrites: 0, transactions: 0 };
      const chunks = planChunks(entries, { shards: shards() });
      for (const [index, chunk] of chunks.entries()) {
        try {
          if (index > 0 && enoughTime && !enoughTime()) throw new SoVangError('Too little time left for another chunk');
          await applyChunk(chunk.entries, report);
        } catch (error) {
          const notDone = new Set(chunks.slice(index).flatMap((c) => c.entries.map(entryKey)));
          throw new TotalsApplyError(`Applied ${index} of ${chunks.length} totals chunks: ${(error as Error).message}`, notDone, report, { cause: error });
        }
      }
      return report;
    },

    async appliedEntryKeys(entries) {
      const markers = await batchGet(
        entries.map((e) => keys.appliedMarker(e.fundId, e.entryId)),
        'fundId, entryId',
      );
      return new Set(markers.map((item) => entryKey(item as TotalsEntry)));
    },
  };
}
