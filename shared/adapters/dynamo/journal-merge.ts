/**
 * Reading a fund's journal across its partitions (DESIGN §4.2): each `JOURNAL#<fundId>#<n>` is
 * sorted by entry id, and the merge hands the entries on in entry-id order, every entry once,
 * as if they were one partition.
 *
 * A partition is read a DynamoDB page at a time; with `prefetch`, its next page is already on
 * its way while the merge works through the current one (the report is CPU-bound on hashing, the
 * read I/O-bound: overlapping them is most of the speed). The merge only waits when a partition's
 * page runs out, so the awaits are per page, not per entry.
 */
import type { QueryCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { Item } from './table';

/** One query of a partition from a start key: the caller's key conditions and limit. */
export type PartitionQuery = (exclusiveStartKey: Item | undefined) => Promise<QueryCommandOutput>;

/** A partition's items, page by page; with `prefetch`, each next page is asked for as soon as the previous one arrives. */
export async function* partitionPages(query: PartitionQuery, prefetch: boolean): AsyncGenerator<Item[]> {
  let pending: Promise<QueryCommandOutput> | null = query(undefined);
  while (pending) {
    const page: QueryCommandOutput = await pending;
    const next = page.LastEvaluatedKey;
    if (prefetch && next) {
      pending = query(next);
      // Awaited on the next turn; marked handled now, so a reader that stops early leaves no unhandled rejection behind.
      pending.catch(() => undefined);
    } else {
      pending = null;
    }
    yield page.Items ?? [];
    if (!prefetch && next) pending = query(next);
  }
}

interface Head<T> {
  source: AsyncIterator<T[]>;
  buffer: T[];
  at: number;
  done: boolean;
}

async function refill<T>(head: Head<T>): Promise<void> {
  while (!head.done && head.at >= head.buffer.length) {
    const result = await head.source.next();
    if (result.done) head.done = true;
    else {
      head.buffer = result.value;
      head.at = 0;
    }
  }
}

/**
 * Merges sources that are each sorted by `key` into one sequence in `key` order (or each sorted
 * and merged largest first, `descending`), handed on in arrays of up to `batch`. Keys are unique
 * across sources (an entry lives in one partition).
 */
export async function* mergeSorted<T>(
  sources: AsyncIterator<T[]>[],
  key: (value: T) => string,
  batch: number,
  order: 'ascending' | 'descending' = 'ascending',
): AsyncGenerator<T[]> {
  const before = order === 'ascending' ? (a: string, b: string) => a < b : (a: string, b: string) => a > b;
  const heads: Head<T>[] = sources.map((source) => ({ source, buffer: [], at: 0, done: false }));
  try {
    await Promise.all(heads.map(refill));
    let out: T[] = [];
    for (;;) {
      let best: Head<T> | undefined;
      let bestKey = '';
      for (const head of heads) {
        if (head.at >= head.buffer.length) continue;
        const k = key(head.buffer[head.at]!);
        if (best === undefined || before(k, bestKey)) {
          best = head;
          bestKey = k;
        }
      }
      if (!best) break;
      out.push(best.buffer[best.at++]!);
      if (out.length >= batch) {
        yield out;
        out = [];
      }
      if (best.at >= best.buffer.length) await refill(best);
    }
    if (out.length) yield out;
  } finally {
    await Promise.all(heads.map((head) => (head.done ? undefined : head.source.return?.())));
  }
}
