/**
 * The running totals' items.
 * - `TOTAL#<scope>` / `SHARD#<nnn>`: one shard of a scope's counters (readers sum the shards);
 *   ward and day shards also sit on gsi1 `TOTALS#<fundId>#WARD|DAY` by `<value>#<nnn>`.
 * - `APPLIED#<fundId>#<entryId>` / `TOTALS`: "this journal entry is in the counters", put with
 *   attribute_not_exists in the same transaction as the counter updates; read never, except by
 *   the drift check; expired by TTL after a week.
 */
import { DELTA_NAMES, emptyDeltaSums } from '../../../domain/journal';
import { parseScope, type CounterUpdate, type DeltaSums, type TotalsEntry } from '../../../domain/totals';
import { streamConsumers } from '../../../resources';
import { keys, type Item, type TransactItem } from '../table';

/** DynamoDB keeps stream records for 24 hours. */
export const STREAM_RETENTION_SECONDS = 24 * 3600;

/**
 * A marker must outlive every possible redelivery of its record: the stream's retention plus the
 * consumer's maximum record age. A week covers both with room for a hand redrive.
 */
export const APPLIED_MARKER_TTL_SECONDS = 7 * 24 * 3600;

/** Checked when a counter store is built: a marker that expires before its record's last redelivery would let it count twice. */
export function assertMarkersOutliveRedelivery(): void {
  const longestRedelivery = STREAM_RETENTION_SECONDS + Math.max(...streamConsumers.map((c) => c.maxRecordAgeSeconds));
  if (APPLIED_MARKER_TTL_SECONDS <= longestRedelivery) {
    throw new Error('Applied markers must live longer than the stream retention plus the maximum record age');
  }
}

export function appliedMarkerPut(entry: Pick<TotalsEntry, 'fundId' | 'entryId'>, nowMs: number, TableName: string): TransactItem {
  return {
    Put: {
      TableName,
      Item: {
        ...keys.appliedMarker(entry.fundId, entry.entryId),
        kind: 'TOTALS_APPLIED',
        fundId: entry.fundId,
        entryId: entry.entryId,
        appliedAt: new Date(nowMs).toISOString(),
        expiresAt: Math.floor(nowMs / 1000) + APPLIED_MARKER_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

/** ADD a chunk's sums to one shard, keeping the attributes that name and index it. */
export function counterUpdate(update: CounterUpdate, TableName: string): TransactItem {
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

/** Shard items summed per scope. */
export function sumShards(items: Item[]): Map<string, DeltaSums> {
  const byScope = new Map<string, DeltaSums>();
  for (const item of items) {
    const scope = String(item.scope ?? String(item.pk).slice('TOTAL#'.length));
    let sums = byScope.get(scope);
    if (!sums) byScope.set(scope, (sums = emptyDeltaSums()));
    for (const name of DELTA_NAMES) sums[name] += Number(item[name] ?? 0);
  }
  return byScope;
}
