/**
 * Reads a fund's journal in sort-key order, one DynamoDB page at a time, with the next page
 * already on its way while the caller works on the current one (the report is CPU-bound on
 * hashing, the read is I/O-bound: overlapping them is most of the speed).
 *
 * The bound is on the sort key: entry ids are ULIDs minted from the entry's `at`, so "id time
 * before the cutoff" is "at before the cutoff", and it is a key condition rather than a filter,
 * so the read stops at the cutoff instead of scanning today's entries. It also makes the report
 * order exactly the journal order, which the append-only tree depends on.
 */
import { QueryCommand, type QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import { ulidFloor } from '../../domain/ids';
import type { JournalEntry } from '../../domain/journal';
import type { JournalSource } from '../../usecases/report-ports';
import { dynamo, tableName } from './client';
import { translateDynamoError } from './errors';
import { keys } from './keys';

function toEntry(item: Record<string, unknown>): JournalEntry | null {
  if (item.kind !== 'JOURNAL') return null;
  const { pk: _pk, sk: _sk, kind: _kind, gsi1pk: _g1, gsi1sk: _g2, ...entry } = item;
  return entry as unknown as JournalEntry;
}

export function dynamoJournalSource(options: { pageSize?: number } = {}): JournalSource {
  return {
    async *pages(fundId, beforeMs) {
      const query = (ExclusiveStartKey?: Record<string, unknown>) =>
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
          const entry = toEntry(item);
          if (entry) entries.push(entry);
        }
        yield entries;
      }
    },
  };
}
