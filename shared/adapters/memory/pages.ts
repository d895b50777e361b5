/**
 * Lists and pages as the DynamoDB adapters give them: items in sort-key order, `limit` at a
 * time, an opaque cursor whenever a page is full (DynamoDB stops at its limit without knowing
 * whether more follows), and ValidationError for a cursor that is not one of this list's.
 */
import { ValidationError } from '../../errors';
import type { Page } from '../../usecases/ports/page';

export interface Sorted<T> {
  key: string;
  value: T;
}

function encode(list: string, after: string): string {
  return Buffer.from(JSON.stringify({ list, after })).toString('base64url');
}

function decode(cursor: string, list: string): string {
  try {
    const parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { list?: unknown; after?: unknown };
    if (parsed.list === list && typeof parsed.after === 'string' && Object.keys(parsed).length === 2) return parsed.after;
  } catch {
    // Reported below, as for any cursor of another list.
  }
  throw new ValidationError('Invalid cursor', [{ path: 'query.cursor', message: 'is not a cursor from this list' }]);
}

/** Ascending by key (`descending` for newest first). */
export function sortByKey<T>(items: Sorted<T>[], descending = false): Sorted<T>[] {
  const sorted = items.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return descending ? sorted.reverse() : sorted;
}

/** One page of a sorted list named `list`, after the cursor's key. */
export function page<T>(list: string, items: Sorted<T>[], options: { cursor?: string; limit: number; descending?: boolean }): Page<T> {
  const sorted = sortByKey(items, options.descending);
  const after = options.cursor === undefined || options.cursor === '' ? undefined : decode(options.cursor, list);
  const rest = after === undefined ? sorted : sorted.filter((item) => (options.descending ? item.key < after : item.key > after));
  const taken = rest.slice(0, options.limit);
  const full = taken.length === options.limit && taken.length > 0;
  return { items: taken.map((item) => structuredClone(item.value)), ...(full ? { cursor: encode(list, taken.at(-1)!.key) } : {}) };
}
