/**
 * The running totals' items.
 * - `TOTAL#<scope>` / `SHARD#<nnn>`: one shard of a scope's counters (readers sum the shards);
 *   ward and day shards also sit on gsi1 `TOTALS#<fundId>#WARD|DAY` by `<value>#<nnn>`.
 * - `CHECKPOINT#<streamArn>#<shardId>` / `FROM#<seq>`: a link of a stream shard's checkpoint chain
 *   (DESIGN §6): the chunk applied from checkpoint `from` up to sequence number `to` (its records
 *   from `first`, the first its delivery held after `from`), put only if
 *   no link from `from` exists, in the same transaction as the chunk's counter updates. The
 *   newest link's `to` is the shard's checkpoint.
 */
import { DELTA_NAMES, emptyDeltaSums } from '../../../domain/journal';
import { parseScope, shardFor, type CheckpointChainLink, type CounterUpdate, type DeltaSums } from '../../../domain/totals';
import type { StreamShard } from '../../../usecases/ports/counters';
import { keys, type Item, type TransactItem } from '../table';

/** DynamoDB stream sequence numbers have at most 40 digits: zero-padded to 40, text order is number order. */
const SEQUENCE_DIGITS = 40;

/**
 * How long a chain link is kept (DESIGN §6): past the 24 hours a stream keeps its records and the
 * 14 days the on-failure queue keeps a discarded batch's position, no delivery or replay can be
 * planned from it. The newest link is renewed by every chunk the shard applies.
 */
export const CHECKPOINT_LINK_TTL_SECONDS = 15 * 24 * 3600;

export const linkKey = (from: string) => `FROM#${from.padStart(SEQUENCE_DIGITS, '0')}`;

/** The checkpoint chain's link for a chunk applied from `from` (`0` for a new shard) up to `to`. */
export function checkpointLinkPut(shard: StreamShard, link: CheckpointLink, nowMs: number, TableName: string): TransactItem {
  const { from, to, first } = link;
  return {
    Put: {
      TableName,
      Item: {
        pk: keys.checkpointChain(shard.stream, shard.shardId),
        sk: linkKey(from),
        kind: 'TOTALS_CHECKPOINT',
        stream: shard.stream,
        shardId: shard.shardId,
        from,
        to,
        ...(first === undefined ? {} : { first }),
        at: new Date(nowMs).toISOString(),
        expiresAt: Math.floor(nowMs / 1000) + CHECKPOINT_LINK_TTL_SECONDS,
      },
      ConditionExpression: 'attribute_not_exists(pk)',
    },
  };
}

export type CheckpointLink = CheckpointChainLink;

export function linkFrom(item: Item | undefined): CheckpointLink | null {
  return item ? { from: String(item.from), to: String(item.to), ...(item.first === undefined ? {} : { first: String(item.first) }) } : null;
}

/** ADD a chunk's sums to one of the scope's `shards` shard items (by its anchor), keeping the attributes that name and index it. */
export function counterUpdate(update: CounterUpdate, shards: number, TableName: string): TransactItem {
  const shard = shardFor(update.anchor, update.scope, shards);
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
    const index = keys.totalsIndex(fundId, dimension, value, shard);
    values[':gsi1pk'] = index.gsi1pk;
    values[':gsi1sk'] = index.gsi1sk;
    sets.push('gsi1pk = :gsi1pk', 'gsi1sk = :gsi1sk');
  }
  return {
    Update: {
      TableName,
      Key: keys.totalsShard(update.scope, shard),
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
