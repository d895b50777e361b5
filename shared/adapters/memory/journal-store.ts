/** The journal over the in-memory state: entry-id order, as the table's sort key gives it. */
import { ulidFloor } from '../../domain/ids';
import type { JournalEntry } from '../../domain/journal';
import type { JournalStore } from '../../usecases/ports/journal';
import { page, sortByKey } from './pages';
import { copy, type MemoryState } from './state';

function inOrder(entries: Iterable<JournalEntry>): JournalEntry[] {
  return sortByKey([...entries].map((entry) => ({ key: entry.entryId, value: entry }))).map((item) => item.value);
}

export function memoryJournalStore(state: MemoryState, options: { pageSize?: number } = {}): JournalStore {
  const pageSize = options.pageSize ?? 1000;
  return {
    page: async (fundId, { cursor, limit, newestFirst }) =>
      page(
        `journal:${fundId}`,
        [...(state.journal.get(fundId)?.values() ?? [])].map((entry) => ({ key: entry.entryId, value: entry })),
        { cursor, limit, descending: newestFirst },
      ),

    entityTrail: async (entityRef) => inOrder([...state.journal.values()].flatMap((entries) => [...entries.values()].filter((e) => e.entityRef === entityRef))).map(copy),

    async *pages(fundId, range = {}) {
      const before = range.before === undefined ? undefined : ulidFloor(range.before);
      const from = range.from === undefined ? undefined : ulidFloor(range.from);
      // Read at the start, as one query would: entries committed meanwhile are not in this pass.
      const entries = inOrder(state.journal.get(fundId)?.values() ?? []).filter(
        (entry) => (before === undefined || entry.entryId < before) && (from === undefined || entry.entryId >= from),
      );
      if (entries.length === 0) yield [];
      for (let i = 0; i < entries.length; i += pageSize) {
        yield entries.slice(i, i + pageSize).map(copy);
        // A page arrives over the network: the caller's other work gets a turn, as with the real store.
        await new Promise((resolve) => setImmediate(resolve));
      }
    },
  };
}
