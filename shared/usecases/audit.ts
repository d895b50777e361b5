import type { JournalEntry } from '../domain/journal';
import { NotFoundError } from '../errors';
import type { JournalPage, LedgerStore } from './ports';

export async function journalPage(store: LedgerStore, fundId: string, options: { cursor?: string; limit: number }): Promise<JournalPage> {
  if (!(await store.getFund(fundId))) throw new NotFoundError(`No fund ${fundId}`);
  return store.listJournal(fundId, options);
}

/** The full history of one pledge, receipt or disbursement: who did what, and when. */
export async function entityHistory(store: LedgerStore, entityRef: string): Promise<{ entityRef: string; entries: JournalEntry[] }> {
  const entries = await store.listEntityJournal(entityRef);
  if (!entries.length) throw new NotFoundError(`No history for ${entityRef}`);
  return { entityRef, entries: entries.sort((a, b) => a.entryId.localeCompare(b.entryId)) };
}
