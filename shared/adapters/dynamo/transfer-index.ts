/**
 * The transfer search index: `TXN#<fundId>#<day>#<amount>` / `<receiptId>`, one small item per
 * gift (DESIGN §7.1). Written by the index consumer from the ledger's stream, read by a donor's
 * search: one Query of one partition, which holds only that day's gifts of that exact amount.
 */
import { BatchWriteCommand } from '@aws-sdk/lib-dynamodb';
import type { TransferEntry } from '../../domain/transfers';
import { SoVangError } from '../../errors';
import type { TransferIndex } from '../../usecases/ports/transfers';
import { call, dynamo, keys, queryAll, tableName, type Item } from './table';

const BATCH_WRITE_LIMIT = 25;
const UNPROCESSED_RETRIES = 8;

function transferItem(entry: TransferEntry): Item {
  return { ...keys.transfer(entry.fundId, entry.day, entry.amount, entry.receiptId), kind: 'TRANSFER', ...entry };
}

function entryOf(item: Item): TransferEntry {
  const { fundId, day, amount, reportDate, receiptId, source, name, memo } = item as unknown as TransferEntry;
  return { fundId, day, amount: Number(amount), reportDate, receiptId, source, ...(name ? { name } : {}), ...(memo ? { memo } : {}) };
}

async function writeChunk(items: Item[]): Promise<void> {
  let requests = items.map((Item) => ({ PutRequest: { Item } }));
  for (let attempt = 0; requests.length > 0; attempt++) {
    if (attempt > UNPROCESSED_RETRIES) throw new SoVangError(`transfer index: ${requests.length} items left unwritten after ${UNPROCESSED_RETRIES} retries`);
    if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 50 * 2 ** attempt));
    const answer = await call(() => dynamo().send(new BatchWriteCommand({ RequestItems: { [tableName()]: requests } })));
    requests = (answer.UnprocessedItems?.[tableName()] ?? []) as typeof requests;
  }
}

export function dynamoTransferIndex(): TransferIndex {
  return {
    async put(entries) {
      const items = entries.map(transferItem);
      for (let i = 0; i < items.length; i += BATCH_WRITE_LIMIT) await writeChunk(items.slice(i, i + BATCH_WRITE_LIMIT));
    },

    async candidates(fundId, day, amount) {
      const items = await queryAll({
        KeyConditionExpression: 'pk = :pk',
        ExpressionAttributeValues: { ':pk': keys.transferPartition(fundId, day, amount) },
      });
      return items.map(entryOf);
    },
  };
}
