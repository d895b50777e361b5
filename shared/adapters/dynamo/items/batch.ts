/**
 * An organisation's batch (`BATCH#<id>` / `META`, on gsi1 under the organisation by upload time:
 * a batch id is derived from its upload, not time-ordered) and its rows in chunks (`ROWS#nnnn`).
 */
import type { Batch, BatchRowsChunk } from '../../../domain/batches';
import { keys, type Item } from '../table';

export function batchItem(batch: Batch): Item {
  return { ...keys.batch(batch.id), kind: 'BATCH', gsi1pk: keys.orgBatchesIndex(batch.orgId), gsi1sk: `${batch.uploadedAt}#${batch.id}`, ...batch };
}

export function batchRowsItem(chunk: BatchRowsChunk): Item {
  return { ...keys.batchRows(chunk.batchId, chunk.index), kind: 'BATCH_ROWS', ...chunk };
}
