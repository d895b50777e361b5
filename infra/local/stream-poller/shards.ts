/**
 * The stream's shards and the order they may be read in: a child shard starts only once its
 * parent is read to its end (or has left the stream), so the records of one item stay in order.
 */
import { DescribeStreamCommand, type DynamoDBStreamsClient, type Shard } from '@aws-sdk/client-dynamodb-streams';

export async function describeShards(client: DynamoDBStreamsClient, streamArn: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let ExclusiveStartShardId: string | undefined;
  do {
    const page = await client.send(new DescribeStreamCommand({ StreamArn: streamArn, ExclusiveStartShardId }));
    shards.push(...(page.StreamDescription?.Shards ?? []));
    ExclusiveStartShardId = page.StreamDescription?.LastEvaluatedShardId;
  } while (ExclusiveStartShardId);
  return shards;
}

export interface ShardPlan {
  /** Every shard the stream lists. */
  known: Set<string>;
  /** The shards not yet read to their end. */
  open: Set<string>;
  /** The open shards whose parent is done, in the stream's order: these may be read now. */
  readable: string[];
}

export function planShards(shards: readonly Shard[], isClosed: (shardId: string) => boolean): ShardPlan {
  const known = new Set(shards.map((s) => s.ShardId!));
  const open = new Set<string>();
  const readable: string[] = [];
  for (const shard of shards) {
    const id = shard.ShardId!;
    if (isClosed(id)) continue;
    open.add(id);
    const parent = shard.ParentShardId;
    // A parent that has left the stream (trimmed) cannot hold back its children.
    const parentDone = !parent || !known.has(parent) || isClosed(parent);
    if (parentDone) readable.push(id);
  }
  return { known, open, readable };
}
