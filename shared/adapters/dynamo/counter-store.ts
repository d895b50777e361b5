/**
 * The running totals in DynamoDB: applies stream records to the sharded counters exactly once,
 * and reads the counters back for the API and the drift check.
 *
 * Exactly once rests on a checkpoint chain per stream shard (DESIGN §6): every chunk puts the
 * link `FROM#<checkpoint it was planned from>` with `attribute_not_exists`, in the same
 * transaction as its counter updates, so two deliveries planned from one checkpoint cannot both
 * commit (the use case plans chunks after the checkpoint, shared/usecases/totals.ts). A chunk
 * costs its counter writes and one small item, whatever the number of entries in it.
 */
import { QueryCommand, TransactGetCommand } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { config } from '../../config';
import { emptyDeltaSums } from '../../domain/journal';
import { appliedWhenMovedPast, type DeltaSums, type TotalsChunk } from '../../domain/totals';
import { CommitRejectedError, ConcurrentModificationError, ServiceUnavailableError, SoVangError } from '../../errors';
import { CheckpointMovedError, type CounterStore, type ScopeCounters, type StreamShard } from '../../usecases/ports/counters';
import { checkpointLinkPut, counterUpdate, linkFrom, linkKey, sumShards } from './items/totals';
import { call, dynamo, keys, queryAll, tableName, transactWrite, type ItemKey } from './table';

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

/** The most scopes one atomic read takes: TransactGetItems reads at most 100 items. */
const MAX_TOGETHER_ITEMS = 100;

export function dynamoCounterStore(options: CounterStoreOptions = {}): CounterStore {
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

  /** The newest link at or below `sortKey` (the newest of all without one), strongly consistent. */
  async function newestLink(shard: StreamShard, atOrBelow?: string) {
    const page = await call(() =>
      dynamo().send(
        new QueryCommand({
          TableName: tableName(),
          KeyConditionExpression: atOrBelow ? 'pk = :p AND sk <= :at' : 'pk = :p',
          ExpressionAttributeValues: { ':p': keys.checkpointChain(shard.stream, shard.shardId), ...(atOrBelow ? { ':at': atOrBelow } : {}) },
          ScanIndexForward: false,
          Limit: 1,
          ConsistentRead: true,
        }),
      ),
    );
    return linkFrom(page.Items?.[0]);
  }

  async function checkpoint(shard: StreamShard): Promise<string | null> {
    return (await newestLink(shard))?.to ?? null;
  }

  /**
   * Commits one chunk from checkpoint `from`; throttling and conflicts are retried here first: a
   * failed batch costs Lambda a whole redelivery, and bisection would only split the bad luck.
   */
  async function applyChunk(shard: StreamShard, chunk: Pick<TotalsChunk, 'updates' | 'first' | 'through'>, from: string | null): Promise<void> {
    const TableName = tableName();
    for (let attempt = 1; ; attempt++) {
      try {
        await transactWrite(
          [...chunk.updates.map((update) => counterUpdate(update, shards(), TableName)), checkpointLinkPut(shard, { from: from ?? '0', to: chunk.through, first: chunk.first }, now(), TableName)],
          (index) => (index < chunk.updates.length ? 'counters' : 'checkpoint'),
        );
        return;
      } catch (error) {
        // Only the checkpoint's link has a condition: another delivery moved the checkpoint from `from` first.
        if (error instanceof CommitRejectedError) throw new CheckpointMovedError(`The checkpoint of ${shard.shardId} moved from ${from ?? 'none'}`, { cause: error });
        if (!retryable(error) || attempt >= attempts) throw error;
        await sleep(Math.random() * baseDelayMs * 2 ** attempt);
      }
    }
  }

  return {
    readScope,

    async readTogether(scopes) {
      const keyList: (ItemKey & { scope: string })[] = scopes.flatMap((scope) => Array.from({ length: shards() }, (_, shard) => ({ ...keys.totalsShard(scope, shard), scope })));
      if (keyList.length > MAX_TOGETHER_ITEMS) throw new SoVangError(`${scopes.length} scopes of ${shards()} shards do not fit one atomic read`);
      const result = new Map(scopes.map((scope) => [scope, emptyDeltaSums()]));
      if (keyList.length === 0) return result;
      const TableName = tableName();
      const answer = await call(() => dynamo().send(new TransactGetCommand({ TransactItems: keyList.map(({ pk, sk }) => ({ Get: { TableName, Key: { pk, sk } } })) })));
      const items = (answer.Responses ?? []).flatMap((response, i) => (response.Item ? [{ ...response.Item, scope: keyList[i]!.scope }] : []));
      for (const [scope, sums] of sumShards(items)) result.set(scope, sums);
      return result;
    },

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

    checkpoint,

    async checkpointBefore(shard, sequenceNumber) {
      const link = await newestLink(shard, linkKey(sequenceNumber));
      if (!link) return null;
      return appliedWhenMovedPast(link, sequenceNumber);
    },

    applyChunk,
  };
}

