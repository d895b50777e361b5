/**
 * The transfer search index (DESIGN §7.1): one small item per search key of each gift,
 * `TXN#<fundId>#<day>#<amount>#<key's first 4 characters>` / `<key>#<giftId>`. Written by the
 * index consumer from the ledger's stream, read by a donor's search: a Query of the key's start in
 * one partition, which holds only that day's gifts of that exact amount with keys alike.
 */
import { PutCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import { TRANSFER_KEY_PARTITION_CHARS, transferKeysOf, type TransferEntry } from '../../domain/transfers';
import type { TransferIndex } from '../../usecases/ports/transfers';
import { keys } from './keys';
import { call, dynamo, tableName, type Item } from './table';

/** Puts at a time: a consumer call holds a few batches of up to 250 lines, each line a few items. */
const CONCURRENT_PUTS = 50;

const partitionOf = (fundId: string, day: string, amount: number, key: string) => keys.transferPartition(fundId, day, amount, key.slice(0, TRANSFER_KEY_PARTITION_CHARS));

/** The items of one gift, one per search key, each carrying the whole entry so a read needs nothing else. */
export function transferItems(entry: TransferEntry): Item[] {
  return transferKeysOf(entry).map((key) => ({ pk: partitionOf(entry.fundId, entry.day, entry.amount, key), sk: `${key}#${entry.giftId}`, kind: 'TRANSFER', ...entry }));
}

function entryOf(item: Item): TransferEntry {
  const { fundId, day, amount, reportDate, giftId, receiptId, source, name, memo, reversed } = item as unknown as TransferEntry;
  return {
    fundId,
    day,
    amount: Number(amount),
    reportDate,
    giftId,
    receiptId,
    source,
    ...(name ? { name } : {}),
    ...(memo ? { memo } : {}),
    ...(reversed ? { reversed: true as const } : {}),
  };
}

export function dynamoTransferIndex(): TransferIndex {
  return {
    async put(entries) {
      // A stream batch may hold a gift twice (a receipt recorded, then reversed): concurrent puts
      // of both could land in either order, so only the later is written.
      const latest = new Map(entries.map((entry) => [`${entry.fundId}#${entry.giftId}`, entry]));
      // PutItem, not BatchWriteItem: no function may hold a permission to delete (history is never edited).
      const items = [...latest.values()].flatMap(transferItems);
      for (let i = 0; i < items.length; i += CONCURRENT_PUTS) {
        await Promise.all(items.slice(i, i + CONCURRENT_PUTS).map((Item) => call(() => dynamo().send(new PutCommand({ TableName: tableName(), Item })))));
      }
    },

    async withKey(fundId, day, amount, keyStart, { limit, after }) {
      const pk = partitionOf(fundId, day, amount, keyStart);
      const page = await call(() =>
        dynamo().send(
          new QueryCommand({
            TableName: tableName(),
            KeyConditionExpression: 'pk = :pk AND begins_with(sk, :key)',
            ExpressionAttributeValues: { ':pk': pk, ':key': keyStart },
            Limit: limit,
            ...(after ? { ExclusiveStartKey: { pk, sk: after } } : {}),
          }),
        ),
      );
      return { entries: (page.Items ?? []).map(entryOf), ...(page.LastEvaluatedKey ? { after: String(page.LastEvaluatedKey.sk) } : {}) };
    },
  };
}
