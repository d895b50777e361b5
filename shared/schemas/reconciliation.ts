/**
 * Reconciliation: the lines of imported statements, a clerk's decisions on them, and the
 * statement balance against the ledger.
 */
import * as z from 'zod';
import { Beneficiary, FundId, IsoDate, page, PledgeRef, PledgeStatus } from './common';
import { CountAndAmount, Cursor, Limit, StatementId } from './statements';

export const StatementLineParams = z.object({
  id: StatementId,
  lineId: z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be a line id from this statement' }),
});

const LINE_CLASSES = ['COUNTED', 'HELD', 'DUPLICATE', 'NOT_TRANSACTION'] as const;
const HELD_REASONS = ['POSSIBLE_DUPLICATE', 'INFERRED_AMOUNT', 'UNREADABLE'] as const;
const LINE_STATUSES = ['MATCHED', 'UNMATCHED', 'FLAGGED', 'IGNORED'] as const;
const LISTED = [...LINE_CLASSES, ...LINE_STATUSES, ...HELD_REASONS] as const;

export const StatementLinesQuery = z.object({
  status: z.enum(LISTED, { error: `must be one of ${LISTED.join(', ')}` }).optional(),
  cursor: Cursor,
  limit: Limit,
});

const DisbursementRef = z
  .string()
  .transform((s) => s.toUpperCase().replace(/[\s-]/g, ''))
  .refine((s) => /^GN[0-9A-HJKMNP-TV-Z]{7}$/.test(s), { error: 'must be a disbursement reference such as GN5D4PHB9' });

const strictMessage = { error: (issue: { code: string; keys?: string[] }) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys?.join(', ')}` : 'must be an object') };

export const MatchLineBody = z
  .union([z.strictObject({ pledgeRef: PledgeRef }, strictMessage), z.strictObject({ disbursementRef: DisbursementRef }, strictMessage)], {
    error: 'must be { pledgeRef } or { disbursementRef }',
  })
  .meta({ id: 'MatchStatementLine' });

const Direction = z.enum(['CREDIT', 'DEBIT']);

/** Counting a held line: nothing more for an inferred amount or a possible duplicate; what the clerk read on the bank's own copy for an unreadable row. */
export const CountLineBody = z
  .strictObject(
    {
      amount: z.number({ error: 'must be a number' }).int({ error: 'must be a whole number of đồng' }).positive({ error: 'must be greater than 0' }).max(1e15, { error: 'is too large' }).optional(),
      direction: Direction.optional(),
      valueDate: IsoDate.optional(),
      note: z.string().trim().max(500, { error: 'must be at most 500 characters' }).optional(),
    },
    strictMessage,
  )
  .meta({ id: 'CountStatementLine' });

/** Discarding a line: as a duplicate (of the line it may duplicate, or of another), or as not a transaction; always with a reason. */
export const DiscardLineBody = z
  .strictObject(
    {
      as: z.enum(['DUPLICATE', 'NOT_TRANSACTION'], { error: 'must be DUPLICATE or NOT_TRANSACTION' }),
      reason: z.string().trim().min(3, { error: 'must say why (at least 3 characters)' }).max(500, { error: 'must be at most 500 characters' }),
    },
    strictMessage,
  )
  .meta({ id: 'DiscardStatementLine' });

// What the reconciliation routes answer with.

const LINE_FLAGS = [
  'UNKNOWN_CODE',
  'NEAR_MISS',
  'UNKNOWN_DEBIT',
  'MULTIPLE_CODES',
  'WRONG_DIRECTION',
  'AMOUNT_MISMATCH',
  'ALREADY_PAID',
  'PLEDGE_CANCELLED',
  'DISBURSEMENT_NOT_PAYABLE',
  'PAYOUT_REF_USED',
] as const;
const LineStatus = z.enum(LINE_STATUSES);
const LedgerEffect = z.enum(['RECEIPT', 'DISBURSEMENT_PAID', 'NONE']).meta({ description: 'What the line did to the ledger' });
const LineRef = z.object({
  statementId: z.string(),
  lineNo: z.number().int(),
  lineId: z.string(),
  fileName: z.string().optional().meta({ description: "The other file's name, as it was uploaded" }),
});
const FieldProblem = z.object({ path: z.string(), message: z.string() });

export const StatementLineView = z
  .object({
    lineId: z.string().optional().meta({ description: "The line's id, which is also its receipt's; absent on the file's non-transaction rows" }),
    statementId: z.string(),
    fundId: FundId,
    lineNo: z.number().int().optional(),
    row: z.number().int().meta({ description: 'The row as a spreadsheet numbers it' }),
    class: z.enum(LINE_CLASSES),
    rowKind: z.enum(['TITLE', 'HEADER', 'FOOTER', 'BLANK']).optional().meta({ description: 'A row that is not a transaction: which kind' }),
    text: z.string().optional().meta({ description: "A non-transaction row's text" }),
    status: LineStatus.optional(),
    heldReason: z.enum(HELD_REASONS).optional(),
    candidate: LineRef.optional().meta({ description: 'Held as a possible duplicate: the line it may duplicate' }),
    duplicateOf: z.union([LineRef, z.object({ receiptId: z.string() })]).optional().meta({ description: 'The line (or receipt recorded by hand) it duplicates' }),
    inferred: z.boolean().optional().meta({ description: 'The direction and amount are the running balance’s difference' }),
    raw: z.string().optional(),
    problems: z.array(FieldProblem).optional(),
    valueDate: z.string().optional(),
    bookedAt: z.string().optional(),
    time: z.string().optional(),
    precision: z.enum(['second', 'minute']).optional(),
    direction: Direction.optional(),
    amount: z.number().int().optional(),
    bankRef: z.string().optional(),
    memo: z.string().optional(),
    balance: z.number().int().optional(),
    counterparty: z.string().optional(),
    effect: LedgerEffect.optional(),
    receiptId: z.string().optional(),
    receiptStatus: z.enum(['RECORDED', 'REVERSED']).optional(),
    receipt: z.enum(['RECORDED', 'REVERSED']).optional(),
    late: z.literal(true).optional().meta({ description: 'The receipt arrived after the receiving window, or once the fund closed' }),
    receiptReversedAt: z.string().optional(),
    receiptReversedBy: z.string().optional(),
    receiptReversalReason: z.string().optional(),
    replacedBy: z.string().optional(),
    reasons: z.array(z.enum(LINE_FLAGS)).optional(),
    codes: z.array(z.string()).optional(),
    nearMisses: z.array(z.object({ raw: z.string(), prefix: z.enum(['UH', 'GN']), suggestions: z.array(z.string()) })).optional(),
    amountCheck: z.enum(['EXACT', 'PARTIAL', 'OVERPAID']).optional(),
    expectedAmount: z.number().int().optional(),
    pledgeRef: z.string().optional(),
    disbursementRef: z.string().optional(),
    decidedBy: z.string().optional(),
    decidedAt: z.string().optional(),
    ignoreReason: z.string().optional(),
    discardReason: z.string().optional(),
    importedAt: z.string().optional(),
  })
  .meta({ id: 'StatementLine' });

export const StatementLinePage = page(StatementLineView).meta({ id: 'StatementLinePage' });

/** A line waiting for a person (HELD, UNMATCHED or FLAGGED), with the codes the matcher suggests. */
export const ReviewLine = z
  .object({
    statementId: z.string(),
    fileName: z.string(),
    lineId: z.string(),
    lineNo: z.number().int(),
    valueDate: z.string().optional().meta({ description: 'Absent when the bank row had no readable date (a held line)' }),
    direction: Direction.optional(),
    amount: z.number().int().optional().meta({ description: 'Absent when the bank row had no readable amount (a held line)' }),
    class: z.enum(LINE_CLASSES),
    status: LineStatus.optional(),
    heldReason: z.enum(HELD_REASONS).optional(),
    effect: LedgerEffect,
    reasons: z.array(z.enum(LINE_FLAGS)),
    memo: z.string(),
    suggestions: z.array(z.string()),
  })
  .meta({ id: 'ReviewLine' });

export const REVIEW_SORTS = ['date', 'amount', 'status'] as const;

export const ReviewLinesQuery = z.object({
  sort: z.enum(REVIEW_SORTS, { error: `must be one of ${REVIEW_SORTS.join(', ')}` }).default('date'),
  order: z.enum(['asc', 'desc'], { error: 'must be asc or desc' }).default('asc'),
  status: z.enum(['HELD', 'UNMATCHED', 'FLAGGED'], { error: 'must be HELD, UNMATCHED or FLAGGED' }).optional(),
  cursor: Cursor,
  limit: z.coerce.number({ error: 'must be a number' }).int().min(1, { error: 'must be from 1 to 200' }).max(200, { error: 'must be from 1 to 200' }).default(25),
});

export const ReviewLinePage = z
  .object({
    items: z.array(ReviewLine),
    total: z.number().int().meta({ description: 'Lines waiting in this view (status filter applied)' }),
    offset: z.number().int().meta({ description: 'Position of the first item in the whole sorted list' }),
    cursor: z.string().optional().meta({ description: 'Pass it back, with the same sort, order and status, for the next page; absent on the last' }),
  })
  .meta({ id: 'ReviewLinePage' });

export const Reconciliation = z
  .object({
    fundId: FundId,
    asOf: z.string(),
    statementBalance: z.union([
      z.object({ amount: z.number().int(), basis: z.literal('closingBalance'), statementId: z.string(), asOf: z.string().optional() }),
      z.object({ amount: z.number().int(), basis: z.literal('countedCreditsMinusDebits'), asOf: z.string().optional() }),
    ]),
    ledgerBalance: z.object({
      amount: z.number().int().meta({ description: 'received − disbursed' }),
      received: z.number().int(),
      disbursed: z.number().int(),
      approved: z.number().int(),
      available: z.number().int(),
    }),
    difference: z.number().int().meta({ description: 'Statement balance − ledger balance' }),
    statements: z.object({
      count: z.number().int(),
      imported: z.number().int(),
      failed: z.number().int(),
      pending: z.number().int(),
      counted: z.number().int(),
      held: CountAndAmount.meta({ description: 'Lines held for a clerk, with the money they carry' }),
      duplicates: z.number().int(),
      credits: CountAndAmount,
      debits: CountAndAmount,
    }),
    lines: z.object({
      matched: CountAndAmount,
      unmatched: CountAndAmount,
      flagged: CountAndAmount,
      ignored: CountAndAmount,
      outsideLedger: z.object({ credited: z.number().int(), debited: z.number().int() }),
      toReview: z.array(ReviewLine),
      toReviewTruncated: z.boolean(),
    }),
    overduePledges: z.object({
      count: z.number().int(),
      outstanding: z.number().int(),
      items: z.array(
        z.object({
          ref: z.string(),
          amount: z.number().int(),
          received: z.number().int(),
          outstanding: z.number().int(),
          dueDate: z.string().optional(),
          status: PledgeStatus,
        }),
      ),
    }),
    approvedNotPaid: z.object({
      count: z.number().int(),
      amount: z.number().int(),
      items: z.array(
        z.object({ ref: z.string(), amount: z.number().int(), purpose: z.string(), approvedAt: z.string().optional(), beneficiary: Beneficiary }),
      ),
    }),
  })
  .meta({ id: 'Reconciliation' });
