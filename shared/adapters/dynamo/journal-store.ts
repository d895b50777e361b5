/**
 * The journal in DynamoDB: a fund's partition in entry-id order, and each aggregate's trail on gsi1.
 *
 * `pages` reads one DynamoDB page at a time, with the next page already on its way while the
 * caller works on the current one (the report is CPU-bound on hashing, the read is I/O-bound:
 * overlapping them is most of the speed). Its bound is on the sort key: entry ids are ULIDs
 * minted from the entry's `at`, so "id time before the cutoff" is "at before the cutoff", and it
 * is a key condition rather than a filter, so the read stops at the cutoff instead of scanning
 * today's entries. It also makes the report order exactly the journal order, which the
 * append-only tree depends on.
 */
import type { QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulidFloor } from '../../domain/ids';
import type { JournalEntry } from '../../domain/journal';
import type { JournalStore } from '../../usecases/ports/journal';
import { journalEntryFrom } from './items/journal';
import { dynamo, fromItem, keys, queryAll, queryPage, tableName, translateDynamoError, type Item } from './table';

export function dynamoJournalStore(options: { pageSize?: number } = {}): JournalStore {
  return {
    page(fundId, { cursor, limit, newestFirst }) {
      const partition = keys.journalPartition(fundId);
      return queryPage<JournalEntry>(
        { KeyConditionExpression: 'pk = :p', ExpressionAttributeValues: { ':p': partition }, Limit: limit, ...(newestFirst ? { ScanIndexForward: false } : {}) },
        cursor,
        { partition },
      );
    },

    async entityTrail(entityRef) {
      const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.entityIndex(entityRef) } });
      return items.map((item) => fromItem<JournalEntry>(item)!);
    },

    async *pages(fundId, beforeMs) {
      const query = (ExclusiveStartKey?: Item) =>
        dynamo()
          .send(
            new QueryCommand({
              TableName: tableName(),
              KeyConditionExpression: beforeMs === undefined ? 'pk = :p' : 'pk = :p AND sk < :before',
              ExpressionAttributeValues: { ':p': keys.journalPartition(fundId), ...(beforeMs === undefined ? {} : { ':before': ulidFloor(beforeMs) }) },
              // Strongly consistent: an entry committed before the cutoff must not be missed by a lagging replica.
              ConsistentRead: true,
              Limit: options.pageSize,
              ExclusiveStartKey,
            }),
          )
          .catch((error: unknown) => {
            throw translateDynamoError(error);
          });
      let pending: Promise<QueryCommandOutput> | null = query();
      while (pending) {
        const page: QueryCommandOutput = await pending;
        pending = page.LastEvaluatedKey ? query(page.LastEvaluatedKey) : null;
        const entries: JournalEntry[] = [];
        for (const item of page.Items ?? []) {
          const entry = journalEntryFrom(item);
          if (entry) entries.push(entry);
        }
        yield entries;
      }
    },
  };
}
