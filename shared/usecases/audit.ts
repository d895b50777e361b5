import type { JournalEntry } from '../domain/journal';
import { NotFoundError } from '../errors';
import type { Page, Stores } from './ports';

export async function journalPage(deps: Pick<Stores, 'funds' | 'journal'>, fundId: string, options: { cursor?: string; limit: number }): Promise<Page<JournalEntry>> {
  if (!(await deps.funds.get(fundId))) throw new NotFoundError(`No fund ${fundId}`);
  return deps.journal.page(fundId, options);
}

/** The full history of one pledge, receipt or disbursement: who did what, and when. */
export async function entityHistory(deps: Pick<Stores, 'journal'>, entityRef: string): Promise<{ entityRef: string; entries: JournalEntry[] }> {
  const entries = await deps.journal.entityTrail(entityRef);
  if (!entries.length) throw new NotFoundError(`No history for ${entityRef}`);
  return { entityRef, entries: entries.sort((a, b) => a.entryId.localeCompare(b.entryId)) };
}
