/**
 * "Find my transfer" (DESIGN §7.1): a donor's day, exact amount and a few words or digits find
 * their gift among the fund's, masked, with its place in the signed nightly report: the leaf and
 * its inclusion proof once the day's report is out, else the report it will be in and when.
 */
import { NotFoundError, ValidationError } from '../errors';
import { maskTransfer, matchesTransfer, parseTransferQuery, TRANSFER_RESULT_CAP, type MaskedTransfer } from '../domain/transfers';
import { publicationOf } from '../reports/layout';
import type { Hasher } from '../reports/sha256';
import type { FundStore, ReportObjectStore, TransferIndex } from './ports';
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
  transfers: Pick<TransferIndex, 'candidates'>;
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

export async function findTransfers(deps: TransferSearchDeps, input: TransferSearchInput): Promise<TransferSearchResult> {
  const query = parseTransferQuery(input.q);
  if (!query) {
    throw new ValidationError('q must be at least 2 letters of a name or memo, or the last 3 or more digits of the account', [
      { path: 'query.q', message: 'at least 2 letters, or 3 or more digits' },
    ]);
  }
  if (!(await deps.funds.get(input.fundId))) throw new NotFoundError(`Không có quỹ ${input.fundId} / No fund ${input.fundId}`);
  const candidates = await deps.transfers.candidates(input.fundId, input.day, input.amount);
  const matched = candidates.filter((entry) => matchesTransfer(entry, query)).sort((a, b) => (a.receiptId < b.receiptId ? -1 : 1));
  const shown = matched.slice(0, TRANSFER_RESULT_CAP);
  const results = await Promise.all(
    shown.map(async (entry) => ({ ...maskTransfer(entry), report: await reportPlace(deps, input.fundId, entry.reportDate, entry.receiptId) })),
  );
  return { fundId: input.fundId, day: input.day, amount: input.amount, results, more: matched.length > shown.length };
}
