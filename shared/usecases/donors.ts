/**
 * The public donor list of a fund: each pledge as its donor allowed it to be shown (the name, or
 * "Nhà hảo tâm"), its amount and its day, newest first. It reads the journal's published
 * details (the name there is already what the donor consented to), so it carries no personal
 * data, and it is small enough for a phone to page through instead of the report file. A
 * stranger's pledge was journaled without its name (DESIGN §8), and any donor may withdraw their
 * name later (§7): the page asks the pledges, in one batched read, whether money has arrived
 * since and whether the name was withdrawn, and shows the allowed name only while it is allowed.
 */
import type { z } from 'zod';
import { maskContactDetails } from '../domain/masking';
import { NotFoundError } from '../errors';
import type { FundDonors } from '../schemas/funds';
import { ANONYMOUS_DONOR, pledgedDonorName } from '../domain/pledges';
import type { Stores } from './ports';
import { decodeCursor, encodeCursor } from './cursor';

export type DonorPage = z.output<typeof FundDonors>;

/** Journal entries read per store call; and at most this many calls per request, so one request stays cheap. */
const READ_PAGE = 200;
const MAX_READS = 5;

interface Position {
  /** The journal cursor of the page being read (absent: the newest page). */
  c?: string;
  /** Entries of that page already gone through. */
  s: number;
}

/** The position a donor list's cursor names, if it is one. */
function readPosition(value: unknown): Position | undefined {
  const { c, s } = (value ?? {}) as Partial<Position>;
  return Number.isInteger(s) && s! >= 0 && s! < READ_PAGE && (c === undefined || typeof c === 'string') ? { c, s: s! } : undefined;
}

/** Names as the pledges allow them now: a stranger's once money arrived, nobody's once withdrawn. */
async function withPaidNames(deps: Pick<Stores, 'pledges'>, items: DonorPage['items'], strangers: Map<number, string>): Promise<DonorPage['items']> {
  if (strangers.size === 0) return items;
  const pledges = new Map((await deps.pledges.getByRefs([...new Set(strangers.values())])).map((p) => [p.ref, p]));
  for (const [index, ref] of strangers) {
    const pledge = pledges.get(ref);
    // A pledge the journal has and the table lost shows no name: consent cannot be checked.
    items[index] = { ...items[index]!, name: pledge ? pledgedDonorName(pledge) : ANONYMOUS_DONOR };
  }
  return items;
}

export async function publicDonors(deps: Pick<Stores, 'funds' | 'journal' | 'pledges'>, fundId: string, query: { cursor?: string; limit: number }): Promise<DonorPage> {
  if (!(await deps.funds.get(fundId))) throw new NotFoundError(`Không có quỹ ${fundId} / No fund ${fundId}`);
  const items: DonorPage['items'] = [];
  const strangers = new Map<number, string>();
  const page = async (cursor?: string): Promise<DonorPage> => ({ fundId, items: await withPaidNames(deps, items, strangers), ...(cursor ? { cursor } : {}) });
  // Newest first, a cancellation comes before its pledge: one seen in this read hides the pledge.
  const cancelled = new Set<string>();
  let position: Position = query.cursor ? decodeCursor(query.cursor, readPosition) : { s: 0 };
  for (let reads = 0; reads < MAX_READS; reads++) {
    const read = await deps.journal.page(fundId, { cursor: position.c, limit: READ_PAGE, newestFirst: true });
    for (let i = position.s; i < read.items.length; i++) {
      const entry = read.items[i]!;
      if (entry.type === 'PLEDGE_CANCELLED') cancelled.add(entry.entityRef);
      if (entry.type === 'PLEDGE_MADE' && !cancelled.has(entry.entityRef)) {
        const donor = entry.publicDetails.donor;
        strangers.set(items.length, entry.entityRef);
        // Names the journal kept before they were masked on entry are masked as they are read.
        items.push({ name: typeof donor === 'string' && donor ? maskContactDetails(donor) : 'Nhà hảo tâm', amount: entry.deltas.pledged ?? 0, day: entry.day });
        if (items.length === query.limit) {
          const next: Position | null = i + 1 < read.items.length ? { c: position.c, s: i + 1 } : read.cursor ? { c: read.cursor, s: 0 } : null;
          return page(next ? encodeCursor(next) : undefined);
        }
      }
    }
    if (!read.cursor) return page();
    position = { c: read.cursor, s: 0 };
  }
  return page(encodeCursor(position));
}
