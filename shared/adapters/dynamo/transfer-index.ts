/**
 * The transfer search index: `TXN#<fundId>#<day>#<amount>` / `<receiptId>`, one small item per
 * gift (DESIGN §7.1). Written by the index consumer from the ledger's stream, read by a donor's
 * search: one Query of one partition, which holds only that day's gifts of that exact amount.
 */
import { PutCommand } from '@aws-sdk/lib-dynamodb';
import type { TransferEntry } from '../../domain/transfers';
import type { TransferIndex } from '../../usecases/ports/transfers';
import { keys } from './keys';
import { call, dynamo, queryAll, tableName, type Item } from './table';

/** Puts at a time: a consumer call holds a few batches of up to 250 lines. */
const CONCURRENT_PUTS = 25;

const partitionOf = keys.transferPartition;

function transferItem(entry: TransferEntry): Item {
  return { pk: partitionOf(entry.fundId, entry.day, entry.amount), sk: entry.receiptId, kind: 'TRANSFER', ...entry };
}

function entryOf(item: Item): TransferEntry {
  const { fundId, day, amount, reportDate, receiptId, source, name, memo } = item as unknown as TransferEntry;
  return { fundId, day, amount: Number(amount), reportDate, receiptId, source, ...(name ? { name } : {}), ...(memo ? { memo } : {}) };
}

export function dynamoTransferIndex(): TransferIndex {
  return {
    async put(entries) {
      // PutItem, not BatchWriteItem: no function may hold a permission to delete (history is never edited).
      const items = entries.map(transferItem);
      for (let i = 0; i < items.length; i += CONCURRENT_PUTS) {
        await Promise.all(items.slice(i, i + CONCURRENT_PUTS).map((Item) => call(() => dynamo().send(new PutCommand({ TableName: tableName(), Item })))));
      }
    },

    async candidates(fundId, day, amount) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': partitionOf(fundId, day, amount) },
      });
      return items.map(entryOf);
    },
  };
}
