/**
 * The review queue of a fund, a page at a time: the statement lines that wait for a person,
 * sorted by value date, amount or status, so a clerk can work through thousands of them in an
 * order that makes sense (the largest first, the oldest first) instead of scrolling one long page.
 * Cursors carry the position in the sorted list and the view they belong to.
 */
import type { z } from 'zod';
import { NotFoundError } from '../errors';
import type { ReviewLinePage, ReviewLinesQuery } from '../schemas/reconciliation';
import type { Stores } from './ports';
import { allStatements, linesToReview, type reviewItem } from './statements/reconciliation';
import { decodeCursor, encodeCursor } from './cursor';

export type ReviewQuery = z.output<typeof ReviewLinesQuery>;
export type ReviewPage = z.output<typeof ReviewLinePage>;

/** More lines than any fund has waited with so far; beyond it the list says so through `total`. */
const MAX_LINES = 20_000;

const STATUS_ORDER: Record<string, number> = { HELD: 0, FLAGGED: 1, UNMATCHED: 2 };

const statusOf = (line: Line) => line.status ?? line.class;

type Line = ReturnType<typeof reviewItem>;

function compare(sort: ReviewQuery['sort']): (a: Line, b: Line) => number {
  // A held line may have no date or amount: it sorts first, where it is seen.
  const byDate = (a: Line, b: Line) => (a.valueDate ?? '').localeCompare(b.valueDate ?? '') || a.statementId.localeCompare(b.statementId) || a.lineNo - b.lineNo;
  if (sort === 'amount') return (a, b) => (a.amount ?? -1) - (b.amount ?? -1) || byDate(a, b);
  if (sort === 'status') return (a, b) => (STATUS_ORDER[statusOf(a)] ?? 9) - (STATUS_ORDER[statusOf(b)] ?? 9) || byDate(a, b);
  return byDate;
}

const viewOf = (query: ReviewQuery) => `${query.sort}:${query.order}:${query.status ?? ''}`;

export async function reviewQueue(deps: Pick<Stores, 'funds' | 'statements' | 'statementLines'>, fundId: string, query: ReviewQuery): Promise<ReviewPage> {
  if (!(await deps.funds.get(fundId))) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  const view = viewOf(query);
  const offset = query.cursor
    ? decodeCursor(
        query.cursor,
        (value) => {
          const { v, o } = (value ?? {}) as { v?: unknown; o?: unknown };
          return v === view && Number.isInteger(o) && (o as number) > 0 ? (o as number) : undefined;
        },
        'is not a cursor of this list with this sort, order and status',
      )
    : 0;
  const order = compare(query.sort);
  // Lines exist from the first batch an import writes: an importing statement's wait too.
  const statements = (await allStatements(deps, fundId)).filter((s) => s.status === 'IMPORTING' || s.status === 'COMPLETED');
  const lines = (await linesToReview(deps, statements, MAX_LINES, query.status)).sort((a, b) => (query.order === 'asc' ? order(a, b) : -order(a, b)));
  const items = lines.slice(offset, offset + query.limit);
  const next = offset + items.length;
  return { items, total: lines.length, offset, ...(next < lines.length ? { cursor: encodeCursor({ v: view, o: next }) } : {}) };
}
