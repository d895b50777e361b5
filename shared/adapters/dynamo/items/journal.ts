/** A journal entry (`JOURNAL#<fundId>` / `<entryId>`), on gsi1 under its aggregate (`ENTITY#<entityRef>`) by entry id. */
import type { JournalEntry } from '../../../domain/journal';
import { fromItem, keys, type Item } from '../table';

export function journalItem(entry: JournalEntry): Item {
  return {
    ...keys.journal(entry.fundId, entry.entryId),
    kind: 'JOURNAL',
    gsi1pk: keys.entityIndex(entry.entityRef),
    gsi1sk: entry.entryId,
    ...entry,
  };
}

/** The entry an item holds; null for any other item. */
export function journalEntryFrom(item: Item): JournalEntry | null {
  return item.kind === 'JOURNAL' ? fromItem<JournalEntry>(item) : null;
}
