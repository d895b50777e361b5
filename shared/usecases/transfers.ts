/**
 * "Find my transfer" (DESIGN §7.1): a donor's day, exact amount and a few words or digits find
 * their gift among the fund's, masked, with its place in the signed nightly report: the leaf and
 * its inclusion proof once the day's report is out, else the report it will be in and when.
 */
import { NotFoundError, ValidationError } from '../errors';
import {
  maskTransfer,
  matchesTransfer,
  parseTransferQuery,
  standsForReplacement,
  TRANSFER_RESULT_CAP,
  transferQueryKeys,
  type MaskedTransfer,
  type TransferEntry,
  type TransferQuery,
} from '../domain/transfers';
import { publicationOf } from '../reports/layout';
import type { Hasher } from '../reports/sha256';
import type { FundStore, ReceiptStore, ReportObjectStore, TransferIndex } from './ports';
import { getInclusionProofs, type InclusionProofView } from './reports';

export interface TransferSearchInput {
  fundId: string;
  day: string;
  amount: number;
  q: string;
}

export type TransferReportPlace =
  | { status: 'published'; date: string; leafIndex: number; leafHash: string; proof: InclusionProofView }
  | { status: 'pending'; date: string; publishedAt: string };

export interface TransferResult extends MaskedTransfer {
  report: TransferReportPlace;
}

export interface TransferSearchResult {
  fundId: string;
  day: string;
  amount: number;
  results: TransferResult[];
  /** More gifts matched than the answer lists: the donor should add words or digits. */
  more: boolean;
}

export interface TransferSearchDeps {
  funds: Pick<FundStore, 'get'>;
  transfers: Pick<TransferIndex, 'withKey'>;
  /** Read only for a line matched to a pledge by hand: the receipt that replaced its own. */
  receipts: Pick<ReceiptStore, 'get'>;
  reports: ReportObjectStore;
  hasher?: Hasher;
}

async function reportPlace(deps: TransferSearchDeps, fundId: string, day: string, receiptId: string): Promise<TransferReportPlace> {
  try {
    const proof = await getInclusionProofs(deps.reports, { fundId, date: day, ref: receiptId }, deps.hasher);
    const leaf = proof.entries.find((entry) => entry.entry.entityRef === receiptId) ?? proof.entries[0]!;
    return { status: 'published', date: day, leafIndex: leaf.leafIndex, leafHash: leaf.leafHash, proof: { ...proof, entries: [leaf] } };
  } catch (error) {
    // The night is not published yet, or was built before this gift was indexed (a receipt recorded
    // late for an earlier day): either way the gift is in no published report of that day.
    if (error instanceof NotFoundError) return { status: 'pending', date: day, publishedAt: publicationOf(day) };
    throw error;
  }
}

/** Items in the first read of each key: a rare key is one read, a common one is not read far. */
const FIRST_PAGE = 100;
/** Items per later read of the one key still read, doubling from the first page up to this. */
const LARGEST_PAGE = 800;

/**
 * Reversing a receipt that replaced a line's own changes nothing the index is fed from
 * (`standsForReplacement`): for those gifts only, the receipt's status is read, once per search,
 * and a reversed one is not a match.
 */
function offeredGifts(deps: TransferSearchDeps): (entries: TransferEntry[]) => Promise<TransferEntry[]> {
  const reversed = new Map<string, Promise<boolean>>();
  const isReversed = (receiptId: string) => {
    if (!reversed.has(receiptId)) reversed.set(receiptId, deps.receipts.get(receiptId).then((receipt) => receipt?.status === 'REVERSED'));
    return reversed.get(receiptId)!;
  };
  return async (entries) => {
    const kept = await Promise.all(entries.map(async (entry) => !standsForReplacement(entry) || !(await isReversed(entry.receiptId))));
    return entries.filter((_, i) => kept[i]);
  };
}

/**
 * The gifts the query matches, or more than the cap of them. Every match has a key starting with
 * each of the query's key starts, so any one of them, read to its end, holds every match. The
 * first page of each is read at once: one that runs out there holds every match, and one that has
 * matched more than the cap already says there are more. Otherwise the one with the most matches
 * so far (the nearest to an answer) is read on alone, in growing pages. So a search reads about as
 * far as its rarest key goes, and a common query stops at its first page.
 */
async function matchingGifts(deps: TransferSearchDeps, input: TransferSearchInput, query: TransferQuery): Promise<{ matched: TransferEntry[]; more: boolean }> {
  const offered = offeredGifts(deps);
  let readers = transferQueryKeys(query).map((key) => ({ key, after: undefined as string | undefined, done: false, matched: new Map<string, TransferEntry>() }));
  for (let limit = FIRST_PAGE; ; limit = Math.min(limit * 2, LARGEST_PAGE)) {
    await Promise.all(
      readers.map(async (reader) => {
        const page = await deps.transfers.withKey(input.fundId, input.day, input.amount, reader.key, { limit, ...(reader.after ? { after: reader.after } : {}) });
        for (const entry of await offered(page.entries.filter((entry) => matchesTransfer(entry, query)))) reader.matched.set(entry.giftId, entry);
        reader.after = page.after;
        reader.done = !page.after;
      }),
    );
    const complete = readers.find((reader) => reader.done);
    if (complete) return { matched: [...complete.matched.values()], more: complete.matched.size > TRANSFER_RESULT_CAP };
    const enough = readers.find((reader) => reader.matched.size > TRANSFER_RESULT_CAP);
    if (enough) return { matched: [...enough.matched.values()], more: true };
    readers = [readers.reduce((nearest, reader) => (reader.matched.size > nearest.matched.size ? reader : nearest))];
  }
}

export async function findTransfers(deps: TransferSearchDeps, input: TransferSearchInput): Promise<TransferSearchResult> {
  const query = parseTransferQuery(input.q);
  if (!query) {
    throw new ValidationError('q must be the start of a word of 2 letters or more of a name or memo, or the last 3 or more digits of the account', [
      { path: 'query.q', message: 'a word of at least 2 letters, or 3 or more digits' },
    ]);
  }
  if (!(await deps.funds.get(input.fundId))) throw new NotFoundError(`Không có quỹ ${input.fundId} / No fund ${input.fundId}`);
  const { matched, more } = await matchingGifts(deps, input, query);
  const shown = matched.sort((a, b) => (a.giftId < b.giftId ? -1 : 1)).slice(0, TRANSFER_RESULT_CAP);
  const results = await Promise.all(
    shown.map(async (entry) => ({ ...maskTransfer(entry), report: await reportPlace(deps, input.fundId, entry.reportDate, entry.receiptId) })),
  );
  return { fundId: input.fundId, day: input.day, amount: input.amount, results, more };
}
