/** Organisations' batches in DynamoDB: the batch, its row chunks, and an organisation's batches on gsi1 (newest first). */
import type { Batch, BatchRowsChunk } from '../../domain/batches';
import type { BatchStore } from '../../usecases/ports/batches';
import { fromItem, getItem, keys, queryPage } from './table';

export function dynamoBatchStore(): BatchStore {
  return {
    get: async (id) => fromItem<Batch>(await getItem(keys.batch(id), true)),
    listByOrganisation: (orgId, { cursor, limit }) =>
      queryPage<Batch>(
        { IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.orgBatchesIndex(orgId) }, ScanIndexForward: false, Limit: limit },
        cursor,
        { index: 'gsi1', partition: keys.orgBatchesIndex(orgId) },
      ),
    chunk: async (batchId, index) => fromItem<BatchRowsChunk>(await getItem(keys.batchRows(batchId, index), true)),
  };
}
