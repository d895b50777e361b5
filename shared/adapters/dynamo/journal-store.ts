/**
 * The journal in DynamoDB: a fund's partitions merged in entry-id order (DESIGN §4.2), and each
 * aggregate's trail on gsi1.
 *
 * `pages` bounds every partition's read on the sort key: entry ids are ULIDs minted from the
 * entry's `at`, so "id time before the cutoff" is "at before the cutoff", and it is a key
 * condition rather than a filter, so the read stops at the cutoff instead of scanning today's
 * entries. It also makes the report order exactly the journal order, which the append-only tree
 * depends on.
 */
import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { ulidCeiling, ulidFloor } from '../../domain/ids';
import type { JournalEntry } from '../../domain/journal';
import type { JournalStore } from '../../usecases/ports/journal';
import { journalEntryFrom } from './items/journal';
import { mergeSorted, partitionPages } from './journal-merge';
import { afterCursor, dynamo, fromItem, keys, queryAll, readAfterCursor, tableName, translateDynamoError, type Item } from './table';

/** Entries handed on per page by `pages`: about what one DynamoDB page of journal entries holds. */
const MERGED_PAGE = 1000;
/**
 * The first pages of each partition in a long read, smaller than DynamoDB's 1 MB: the merge needs
 * every partition's first page before it hands on an entry, and full pages (~2,000 entries each,
 * eight partitions) would keep the reader idle until 16,000 entries had arrived. Small pages first
 * fill the pipeline, full pages (no limit) keep it full.
 */
const FIRST_PAGE_LIMITS: readonly number[] = [100, 400];

function entriesOf(items: Item[]): JournalEntry[] {
  const entries: JournalEntry[] = [];
  for (const item of items) {
    const entry = journalEntryFrom(item);
    if (entry) entries.push(entry);
  }
  return entries;
}

export function dynamoJournalStore(options: { pageSize?: number; firstPageLimits?: readonly number[] } = {}): JournalStore {
  /** Each partition of the fund's journal, in pages of entries, within (after, before); newest first with `descending`. */
  function partitions(
    fundId: string,
    range: { after?: string; before?: string },
    read: { limit?: number; firstLimits?: readonly number[]; consistent: boolean; prefetch: boolean; descending?: boolean },
  ) {
    if (range.after !== undefined && range.before !== undefined) throw new Error('a journal read is bounded on one side');
    const condition = range.after !== undefined ? ' AND sk > :after' : range.before !== undefined ? ' AND sk < :before' : '';
    return keys.journalPartitions(fundId).map((partition) => {
      let asked = 0;
      const query = (ExclusiveStartKey: Item | undefined) =>
        dynamo()
          .send(
            new QueryCommand({
              TableName: tableName(),
              KeyConditionExpression: `pk = :p${condition}`,
              ExpressionAttributeValues: {
                ':p': partition,
                ...(range.after !== undefined ? { ':after': range.after } : {}),
                ...(range.before !== undefined ? { ':before': range.before } : {}),
              },
              ConsistentRead: read.consistent,
              Limit: read.limit ?? read.firstLimits?.[asked++],
              ...(read.descending ? { ScanIndexForward: false } : {}),
              ExclusiveStartKey,
            }),
          )
          .catch((error: unknown) => {
            throw translateDynamoError(error);
          });
      return (async function* () {
        for await (const items of partitionPages(query, read.prefetch)) yield entriesOf(items);
      })();
    });
  }

  return {
    async page(fundId, { cursor, limit, newestFirst }) {
      // The two orders are two lists: a cursor names the last entry handed on in its own order.
      const list = newestFirst ? `journal-newest:${fundId}` : `journal:${fundId}`;
      const last = readAfterCursor(cursor, list);
      const range = last === undefined ? {} : newestFirst ? { before: last } : { after: last };
      // Entries spread evenly over the partitions: a little more than a share each fills most pages in one round.
      const perPartition = Math.max(2, Math.ceil((limit * 2) / keys.journalPartitions(fundId).length));
      const items: JournalEntry[] = [];
      const sources = partitions(fundId, range, { limit: perPartition, consistent: false, prefetch: false, descending: newestFirst });
      const merged = mergeSorted(sources, (e) => e.entryId, limit, newestFirst ? 'descending' : 'ascending');
      for await (const batch of merged) {
        items.push(...batch.slice(0, limit - items.length));
        if (items.length >= limit) break;
      }
      const full = items.length === limit && limit > 0;
      return { items, ...(full ? { cursor: afterCursor(list, items.at(-1)!.entryId) } : {}) };
    },

    async entityTrail(entityRef) {
      const items = await queryAll({ IndexName: 'gsi1', KeyConditionExpression: 'gsi1pk = :p', ExpressionAttributeValues: { ':p': keys.entityIndex(entityRef) } });
      return items.map((item) => fromItem<JournalEntry>(item)!);
    },

    async *pages(fundId, range = {}) {
      // Strongly consistent: an entry committed before the cutoff must not be missed by a lagging replica.
      const bounds = {
        ...(range.before === undefined ? {} : { before: ulidFloor(range.before) }),
        // `sk > :after`: the largest id of the millisecond before `from` lets every id of `from` in.
        ...(range.from === undefined ? {} : { after: ulidCeiling(range.from - 1) }),
      };
      const sources = partitions(fundId, bounds, { limit: options.pageSize, firstLimits: options.firstPageLimits ?? FIRST_PAGE_LIMITS, consistent: true, prefetch: true });
      let any = false;
      for await (const page of mergeSorted(sources, (e) => e.entryId, options.pageSize ?? MERGED_PAGE)) {
        any = true;
        yield page;
      }
      if (!any) yield [];
    },
  };
}
