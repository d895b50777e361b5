/**
 * The DynamoDB side of the running totals: applies journal entries to the sharded counters
 * exactly once, and reads the counters and the journal back for the API and the drift check.
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
import { BatchGetCommand, QueryCommand, TransactWriteCommand, type QueryCommandInput } from '@aws-sdk/lib-dynamodb';
import { setTimeout as sleep } from 'node:timers/promises';
import { DELTA_NAMES, emptyDeltaSums } from '../../domain/journal';
import { parseScope, planChunks, type CounterUpdate, type DeltaSums, type TotalsEntry } from '../../domain/totals';
import { ConcurrentModificationError, ServiceUnavailableError, SoVangError } from '../../errors';
import { config } from '../../config';
import { entryKey, TotalsApplyError, type ApplyReport, type ScopeCounters, type TotalsPort } from '../../usecases/totals';
import { streamConsumers } from '../../resources';
import { dynamo, tableName } from './client';
import { cancellationReasons, errorName, translateDynamoError } from './errors';
import { dynamoJournalSource } from './journal-reader';
import { keys } from './keys';

/** DynamoDB keeps stream records for 24 hours. */
export const STREAM_RETENTION_SECONDS = 24 * 3600;

/**
 * A marker must outlive every possible redelivery of its record: the stream's retention plus the
 * consumer's maximum record age. A week covers both with room for a hand redrive.
 */
export const APPLIED_MARKER_TTL_SECONDS = 7 * 24 * 3600;

const longestRedelivery = STREAM_RETENTION_SECONDS + Math.max(...streamConsumers.map((c) => c.maxRecordAgeSeconds));
if (APPLIED_MARKER_TTL_SECONDS <= longestRedelivery) {
  throw new Error('Applied markers must live longer than the stream retention plus the maximum record age');
}

export interface TotalsStoreOptions {
  shards: number;
  /** Attempts per chunk for throttling and transaction conflicts, before the batch is failed. */
  attempts?: number;
  baseDelayMs?: number;
  now?: () => number;
}

function sumShardItems(items: Record<string, unknown>[]): Map<string, DeltaSums> {
  const byScope = new Map<string, DeltaSums>();
  for (const item of items) {
    const scope = String(item.scope ?? String(item.pk).slice('TOTAL#'.length));
    let sums = byScope.get(scope);
    if (!sums) byScope.set(scope, (sums = emptyDeltaSums()));
    for (const name of DELTA_NAMES) sums[name] += Number(item[name] ?? 0);
  }
  return byScope;
}

async function queryAll(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let ExclusiveStartKey: Record<string, unknown> | undefined;
  do {
    const page = await call(() => dynamo().send(new QueryCommand({ TableName: tableName(), ...input, ExclusiveStartKey })));
    items.push(...((page.Items ?? []) as Record<string, unknown>[]));
    ExclusiveStartKey = page.LastEvaluatedKey;
  } while (ExclusiveStartKey);
  return items;
}

async function call<T>(operation: () => Promise<T>): Promise<T> {
  try {
    return await operation();
  } catch (error) {
    throw translateDynamoError(error);
  }
}

function counterUpdateItem(update: CounterUpdate, TableName: string) {
  const { fundId, dimension, value } = parseScope(update.scope);
  const names: Record<string, string> = { '#kind': 'kind', '#scope': 'scope', '#fundId': 'fundId', '#dimension': 'dimension' };
  const values: Record<string, unknown> = { ':kind': 'TOTALS', ':scope': update.scope, ':fundId': fundId, ':dimension': dimension };
  const adds: string[] = [];
  for (const name of DELTA_NAMES) {
    const delta = update.deltas[name];
    if (delta === undefined) continue;
    names[`#${name}`] = name;
    values[`:${name}`] = delta;
    adds.push(`#${name} :${name}`);
  }
  const sets = ['#kind = :kind', '#scope = :scope', '#fundId = :fundId', '#dimension = :dimension'];
  if (dimension !== 'FUND') {
    const index = keys.totalsIndex(fundId, dimension, value, update.shard);
    values[':gsi1pk'] = index.gsi1pk;
    values[':gsi1sk'] = index.gsi1sk;
    sets.push('gsi1pk = :gsi1pk', 'gsi1sk = :gsi1sk');
  }
  return {
    Update: {
      TableName,
      Key: keys.totalsShard(update.scope, update.shard),
      UpdateExpression: `ADD ${adds.join(', ')} SET ${sets.join(', ')}`,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}

function retryable(error: SoVangError): boolean {
  return error instanceof ServiceUnavailableError || error instanceof ConcurrentModificationError;
}

export function dynamoTotalsStore(options: TotalsStoreOptions): TotalsPort {
  const attempts = options.attempts ?? 5;
  const baseDelayMs = options.baseDelayMs ?? 25;
  const now = options.now ?? Date.now;

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
      const [chunk] = planChunks(pending, { shards: options.shards, maxItems: Number.MAX_SAFE_INTEGER });
      if (!chunk) return;
      const appliedAt = new Date(now()).toISOString();
      const expiresAt = Math.floor(now() / 1000) + APPLIED_MARKER_TTL_SECONDS;
      try {
        await dynamo().send(
          new TransactWriteCommand({
            TransactItems: [
              ...chunk.entries.map((entry) => ({
                Put: {
                  TableName,
                  Item: { ...keys.appliedMarker(entry.fundId, entry.entryId), kind: 'TOTALS_APPLIED', fundId: entry.fundId, entryId: entry.entryId, appliedAt, expiresAt },
                  ConditionExpression: 'attribute_not_exists(pk)',
                },
              })),
              ...chunk.updates.map((update) => counterUpdateItem(update, TableName)),
            ],
          }),
        );
        report.transactions++;
        report.counterWrites += chunk.updates.length;
        report.applied.push(...chunk.entries.map((e) => e.entryId));
        return;
      } catch (error) {
        if (errorName(error) === 'TransactionCanceledException') {
          const reasons = cancellationReasons(error);
          const seen = new Set(chunk.entries.filter((_, i) => reasons[i]?.Code === 'ConditionalCheckFailed').map(entryKey));
          if (seen.size > 0) {
            // An earlier delivery got there first: those entries are in the counters already.
            report.alreadyApplied.push(...chunk.entries.filter((e) => seen.has(entryKey(e))).map((e) => e.entryId));
            pending = chunk.entries.filter((e) => !seen.has(entryKey(e)));
            continue;
          }
        }
        const translated = translateDynamoError(error);
        if (!retryable(translated) || attempt >= attempts) throw translated;
        await sleep(Math.random() * baseDelayMs * 2 ** attempt);
        attempt++;
      }
    }
  }

  return {
    /**
     * Applies entries to the counters, each exactly once, in chunks of one transaction each.
     * Entries that change nothing, and repeats within the list, need no write.
     */
    async applyEntries(entries: readonly TotalsEntry[], { enoughTime }: { enoughTime?: () => boolean } = {}): Promise<ApplyReport> {
      const report: ApplyReport = { applied: [], alreadyApplied: [], counterWrites: 0, transactions: 0 };
      const chunks = planChunks(entries, { shards: options.shards });
      for (const [index, chunk] of chunks.entries()) {
        try {
          if (index > 0 && enoughTime && !enoughTime()) throw new SoVangError('Too little time left for another chunk');
          await applyChunk(chunk.entries, report);
        } catch (error) {
          const notDone = new Set(chunks.slice(index).flatMap((c) => c.entries.map(entryKey)));
          throw new TotalsApplyError(`Applied ${index} of ${chunks.length} totals chunks: ${(error as Error).message}`, notDone, report, {
            cause: error,
          });
        }
      }
      return report;
    },

    /** The totals of every ward or every day of a fund, from gsi1 (eventually consistent). */
    async listScopeTotals(fundId: string, dimension: 'WARD' | 'DAY', range: { from?: string; to?: string } = {}): Promise<ScopeCounters[]> {
      const gsi1pk = keys.totalsIndexPartition(fundId, dimension);
      const condition =
        range.from || range.to
          ? { KeyConditionExpression: 'gsi1pk = :p AND gsi1sk BETWEEN :from AND :to', ExpressionAttributeValues: { ':p': gsi1pk, ':from': range.from ?? '', ':to': `${range.to ?? '9999-12-31'}#~` } }
          : { KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': gsi1pk } };
      const items = await queryAll({ IndexName: 'gsi1', ...condition });
      return [...sumShardItems(items)].map(([scope, sums]) => ({ scope, sums })).sort((a, b) => a.scope.localeCompare(b.scope));
    },

    /**
     * Every counter of a fund: the fund, its wards and its days. With `consistent`, each scope's
     * shards are read again with a strongly consistent query, so a check never trusts the index.
     */
    async readFundCounters(fundId: string, options: { consistent?: boolean; alsoScopes?: Iterable<string> } = {}): Promise<Map<string, DeltaSums>> {
      const [wards, days] = await Promise.all([
        queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.totalsIndexPartition(fundId, 'WARD') } }),
        queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.totalsIndexPartition(fundId, 'DAY') } }),
      ]);
      const indexed = sumShardItems([...wards, ...days]);
      const scopes = new Set([fundId, ...indexed.keys(), ...(options.alsoScopes ?? [])]);
      const result = new Map<string, DeltaSums>();
      const readScope = async (scope: string) => {
        const items = await queryAll({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': keys.totalsPartition(scope) }, ConsistentRead: true });
        result.set(scope, sumShardItems(items.map((item) => ({ ...item, scope }))).get(scope) ?? emptyDeltaSums());
      };
      if (options.consistent) {
        const list = [...scopes];
        for (let i = 0; i < list.length; i += 16) await Promise.all(list.slice(i, i + 16).map(readScope));
      } else {
        await readScope(fundId);
        for (const [scope, sums] of indexed) result.set(scope, sums);
      }
      return result;
    },

    journalPages: (fundId: string) => dynamoJournalSource().pages(fundId),

    /** Which of these entries (as `fundId#entryId`) carry an applied marker; markers expire after a week. */
    async appliedEntryKeys(entries: readonly Pick<TotalsEntry, 'fundId' | 'entryId'>[]): Promise<Set<string>> {
      const found = new Set<string>();
      const TableName = tableName();
      for (let i = 0; i < entries.length; i += 100) {
        let Keys: Record<string, unknown>[] | undefined = entries.slice(i, i + 100).map((e) => keys.appliedMarker(e.fundId, e.entryId));
        for (let round = 0; Keys?.length; round++) {
          if (round > 0) await sleep(Math.min(1000, 20 * 2 ** round));
          const page = await call(() => dynamo().send(new BatchGetCommand({ RequestItems: { [TableName]: { Keys, ConsistentRead: true, ProjectionExpression: 'fundId, entryId' } } })));
          for (const item of page.Responses?.[TableName] ?? []) found.add(entryKey(item as TotalsEntry));
          Keys = page.UnprocessedKeys?.[TableName]?.Keys as Record<string, unknown>[] | undefined;
        }
      }
      return found;
    },
  };
}

let shared: TotalsPort | undefined;

/** The store every handler of this container shares, with the configured number of shards. */
export function totalsStore(): TotalsPort {
  shared ??= dynamoTotalsStore({ shards: config().TOTALS_SHARDS });
  return shared;
}
