/**
 * The transfer index consumer (DESIGN §7.1): the ledger's stream, filtered to statement line
 * batches and receipts (shared/resources.ts), puts one search item per gift they hold. Puts are
 * idempotent, so a redelivered or replayed batch changes nothing; a failure retries the batch.
 */
import middy from '@middy/core';
import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { Context, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { batchFrom } from '../../shared/adapters/dynamo/items/statement';
import { dynamoTransferIndex } from '../../shared/adapters/dynamo/transfer-index';
import type { Receipt } from '../../shared/domain/receipts';
import { transferOfReceipt, transfersOfBatch, type TransferEntry } from '../../shared/domain/transfers';
import type { TransferIndex } from '../../shared/usecases/ports/transfers';
import { powertoolsMiddlewares } from '../../shared/observability';

export function transfersOfRecord(record: DynamoDBRecord): TransferEntry[] {
  const image = record.dynamodb?.NewImage;
  if ((record.eventName !== 'INSERT' && record.eventName !== 'MODIFY') || !image) return [];
  const item = unmarshall(image as Record<string, AttributeValue>);
  if (item.kind === 'STATEMENT_BATCH') return transfersOfBatch(batchFrom(item));
  if (item.kind === 'RECEIPT') {
    const entry = transferOfReceipt(item as unknown as Receipt);
    return entry ? [entry] : [];
  }
  return [];
}

/** How many gifts an instance remembers as indexed: about 10 MB. */
const REMEMBERED_GIFTS = 100_000;

/**
 * A line batch is written again each time one of its 250 lines changes, and each gift costs a
 * few index items (DESIGN §7.1): an instance skips the gifts it has already put exactly as they are
 * now. Only a put that succeeded is remembered, so a skipped gift is one that is in the index.
 */
export const transferIndexHandler = (index: Pick<TransferIndex, 'put'>) => {
  const indexed = new Map<string, string>();
  return async (event: DynamoDBStreamEvent): Promise<DynamoDBBatchResponse> => {
    const changed = event.Records.flatMap(transfersOfRecord)
      .map((entry) => ({ entry, seen: JSON.stringify(entry) }))
      .filter(({ entry, seen }) => indexed.get(entry.giftId) !== seen);
    await index.put(changed.map(({ entry }) => entry));
    for (const { entry, seen } of changed) {
      indexed.delete(entry.giftId);
      indexed.set(entry.giftId, seen);
    }
    // Oldest first: a Map iterates in insertion order.
    for (const giftId of indexed.keys()) {
      if (indexed.size <= REMEMBERED_GIFTS) break;
      indexed.delete(giftId);
    }
    return { batchItemFailures: [] };
  };
};

// Logs, metrics and traces as every deployed function has them.
export const handler = middy<DynamoDBStreamEvent, DynamoDBBatchResponse, Error, Context>()
  .use(powertoolsMiddlewares())
  .handler(transferIndexHandler(dynamoTransferIndex()));
