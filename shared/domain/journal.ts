/**
 * The journal: one immutable entry per money event (DESIGN §4). Entries carry signed deltas
 * per bucket; totals are the sum of the journal, per fund, per ward and per day.
 */
export const BUCKETS = ['pledged', 'received', 'approved', 'disbursed', 'confirmed', 'planned', 'goodsReceived', 'goodsHandedOver'] as const;
export const COUNTS = ['pledgeCount', 'receiptCount', 'donorCount'] as const;
export type Bucket = (typeof BUCKETS)[number];
export type CountName = (typeof COUNTS)[number];
export type DeltaName = Bucket | CountName;
export const DELTA_NAMES: readonly DeltaName[] = [...BUCKETS, ...COUNTS];

export type Deltas = Partial<Record<DeltaName, number>>;

export type JournalEntryType =
  | 'PLEDGE_MADE'
  | 'PLEDGE_CANCELLED'
  | 'RECEIPT_RECORDED'
  | 'RECEIPT_REVERSED'
  | 'DISBURSEMENT_REQUESTED'
  | 'DISBURSEMENT_APPROVED'
  | 'DISBURSEMENT_REJECTED'
  | 'DISBURSEMENT_PAID'
  | 'DISBURSEMENT_CONFIRMED'
  | 'DISBURSEMENT_CANCELLED'
  /** A disbursement's evidence file, with its SHA-256: what anyone can check the stored file against. */
  | 'DISBURSEMENT_EVIDENCE_ADDED'
  | 'STATEMENT_LINE_MATCHED'
  | 'STATEMENT_LINE_IGNORED'
  | 'FUND_CREATED'
  | 'FUND_UPDATED'
  | 'FUND_OPENED'
  | 'FUND_RECEIVING_CLOSED'
  | 'FUND_CLOSED'
  | 'PLAN_SET'
  | 'PLAN_OVERRIDDEN'
  | 'GOODS_RECEIVED'
  | 'GOODS_HANDED_OVER'
  /** A statement batch's new receipts: one entry, one element per receipt in `lines` (DESIGN §9.3). */
  | 'STATEMENT_LINES_COUNTED'
  /** A clerk counted a held line (its receipt, if any, is in a STATEMENT_LINES_COUNTED entry). */
  | 'STATEMENT_LINE_COUNTED'
  | 'STATEMENT_LINE_DISCARDED'
  | 'STATEMENT_MAPPING_SAVED'
  /** Public supervision (DESIGN §7.4): a flag raised, answered in public, or its held reason released or rejected. */
  | 'FLAG_RAISED'
  | 'FLAG_ANSWERED'
  | 'FLAG_RELEASED'
  | 'FLAG_REJECTED'
  /** A stranger's pledge name held for moderation, released or rejected by staff. */
  | 'PLEDGE_NAME_RELEASED'
  | 'PLEDGE_NAME_REJECTED'
  /** A donor's name withdrawn from publication (it carries no name: DESIGN §7). */
  | 'NAME_WITHDRAWN';

export const JOURNAL_ENTITY_TYPES = ['pledge', 'receipt', 'disbursement', 'statement-line', 'statement', 'statement-mapping', 'fund', 'plan', 'goods', 'flag'] as const;
export type JournalEntityType = (typeof JOURNAL_ENTITY_TYPES)[number];

/** One receipt of a `STATEMENT_LINES_COUNTED` entry: the report makes it a leaf of its own. */
export interface CountedLineLeaf {
  /** The receipt's id, which is the line's. */
  receiptId: string;
  lineNo: number;
  amount: number;
  /** The donor as the pledge allowed, or the anonymous donor. */
  donor: string;
  pledgeRef?: string;
  /** Arrived after the receiving window, or once the fund closed. */
  late?: true;
  /** The private salt of the donor's name commitment (DESIGN §7, format 3). */
  nameSalt?: string;
}

export interface JournalEntry {
  /** Time-ordered id (ULID); the sort key within the fund's journal. */
  entryId: string;
  fundId: string;
  type: JournalEntryType;
  /** UTC instant, ISO 8601. */
  at: string;
  /** Calendar day in Vietnam (UTC+7), YYYY-MM-DD: the day bucket of the totals. */
  day: string;
  /** Who caused it: `staff:<user>`, `org:<orgId>`, `public`, `bank:<statementId>`. */
  actor: string;
  /** Public reference of the aggregate: a UH/GN code, a receipt or goods id, a fund id. */
  entityRef: string;
  entityType: JournalEntityType;
  wardCode?: string;
  deltas: Deltas;
  /** What may be published: the donor as the donor allowed, the purpose, a masked memo. */
  publicDetails: Record<string, string | number | boolean>;
  /** A `STATEMENT_LINES_COUNTED` entry's receipts; its deltas are their sum. */
  lines?: CountedLineLeaf[];
  /**
   * Where `publicDetails.donor` names someone: the random salt of the name's commitment in a
   * format-3 report (DESIGN §7). Private: published only beside the name, in names.jsonl.
   */
  nameSalt?: string;
}

/** The day bucket of an entry: its calendar day in Vietnam (UTC+7). */
export { vietnamDay } from './format';

/** The totals scopes an entry contributes to: the fund, its ward (if any), its day. */
export function totalsScopes(entry: Pick<JournalEntry, 'fundId' | 'wardCode' | 'day'>): string[] {
  const scopes = [`${entry.fundId}`, `${entry.fundId}#DAY#${entry.day}`];
  if (entry.wardCode) scopes.push(`${entry.fundId}#WARD#${entry.wardCode}`);
  return scopes;
}

export function hasMoneyEffect(deltas: Deltas): boolean {
  return DELTA_NAMES.some((name) => (deltas[name] ?? 0) !== 0);
}

export interface Totals {
  pledged: number;
  received: number;
  approved: number;
  disbursed: number;
  /** Paid and confirmed by the receiving ward. */
  confirmed: number;
  /** Planned for wards (a ward's planned amount; for the fund, the whole plan). */
  planned: number;
  /** Estimated value of goods received and handed over, in đồng. */
  goodsReceived: number;
  goodsHandedOver: number;
  balance: number;
  available: number;
  pledgeCount: number;
  receiptCount: number;
  donorCount: number;
}

export function emptyDeltaSums(): Record<DeltaName, number> {
  return {
    pledged: 0,
    received: 0,
    approved: 0,
    disbursed: 0,
    confirmed: 0,
    planned: 0,
    goodsReceived: 0,
    goodsHandedOver: 0,
    pledgeCount: 0,
    receiptCount: 0,
    donorCount: 0,
  };
}

/** Derived buckets: balance = received − disbursed; available = balance − approved. */
export function toTotals(sums: Record<DeltaName, number>): Totals {
  return {
    ...sums,
    balance: sums.received - sums.disbursed,
    available: sums.received - sums.disbursed - sums.approved,
  };
}

/**
 * The entries a journal entry publishes, one leaf each (DESIGN §9.3). A statement batch's
 * `STATEMENT_LINES_COUNTED` entry holds its receipts in `lines`: each becomes a receipt's own
 * `RECEIPT_RECORDED` entry (entry id `<entryId>-<n>`, its own deltas, the batch's day, time and
 * actor), so every gift has its own leaf and inclusion proof, and the report's totals per fund,
 * ward and day add up to the batch's. Any other entry is itself. Pure and stable: every later
 * night derives the same leaves from the same entry.
 */
export function leafEntries(entry: JournalEntry): JournalEntry[] {
  if (entry.type !== 'STATEMENT_LINES_COUNTED' || !entry.lines) return [entry];
  return entry.lines.map((line, index) => ({
    entryId: `${entry.entryId}-${String(index + 1).padStart(4, '0')}`,
    fundId: entry.fundId,
    type: 'RECEIPT_RECORDED',
    at: entry.at,
    day: entry.day,
    actor: entry.actor,
    entityRef: line.receiptId,
    entityType: 'receipt',
    deltas: { received: line.amount, receiptCount: 1, ...(line.pledgeRef ? {} : { donorCount: 1 }) },
    publicDetails: {
      donor: line.donor,
      method: 'bank',
      ...(line.pledgeRef ? { pledgeRef: line.pledgeRef } : {}),
      ...(line.late ? { late: true } : {}),
      statementId: entry.entityRef,
      lineNo: line.lineNo,
    },
    ...(line.nameSalt ? { nameSalt: line.nameSalt } : {}),
  }));
}
