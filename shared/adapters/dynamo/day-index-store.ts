/** The day index in DynamoDB (DESIGN §9.2): one partition per account and value date, its head and its chunks, read whole. */
import type { IndexChunk } from '../../domain/statements/identity';
import type { DayIndexStore } from '../../usecases/ports/statement-index';
import { indexChunkFrom } from './items/statement';
import { keys, queryAll } from './table';

export function dynamoDayIndexStore(): DayIndexStore {
  return {
    async read(account, valueDate) {
      const items = await queryAll({ KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': keys.dayIndexPartition(account, valueDate) }, ConsistentRead: true });
      let version = 0;
      const chunks: IndexChunk[] = [];
      for (const item of items) {
        if (item.sk === 'HEAD') version = Number(item.version ?? 0);
        else if (item.kind === 'INDEX_CHUNK') chunks.push(indexChunkFrom(item));
      }
      return { version, chunks };
    },
  };
}
