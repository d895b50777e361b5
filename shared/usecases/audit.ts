import { leafEntries, type JournalEntry } from '../domain/journal';
import { parseLineId } from '../domain/statements/statement';
import { NotFoundError } from '../errors';
import type { Page, Stores } from './ports';

export async function journalPage(deps: Pick<Stores, 'funds' | 'journal'>, fundId: string, options: { cursor?: string; limit: number }): Promise<Page<JournalEntry>> {
  if (!(await deps.funds.get(fundId))) throw new NotFoundError(`No fund ${fundId}`);
  return deps.journal.page(fundId, options);
}

/**
 * The full history of one pledge, receipt, disbursement or statement line: who did what, and when.
 * A statement line's receipt was booked in its batch's one entry (DESIGN §9.3): its own leaf of
 * that entry is part of its history.
 */
export async function entityHistory(deps: Pick<Stores, 'journal'>, entityRef: string): Promise<{ entityRef: string; entries: JournalEntry[] }> {
  const line = parseLineId(entityRef);
  const [own, batches] = await Promise.all([deps.journal.entityTrail(entityRef), line ? deps.journal.entityTrail(line.statementId) : Promise.resolve([])]);
  const booked = batches.flatMap(leafEntries).filter((entry) => entry.entityRef === entityRef);
  const entries = [...own, ...booked];
  if (!entries.length) throw new NotFoundError(`No history for ${entityRef}`);
  return { entityRef, entries: entries.sort((a, b) => a.entryId.localeCompare(b.entryId)) };
}
