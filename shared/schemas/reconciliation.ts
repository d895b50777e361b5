/**
 * Reconciliation: the lines of imported statements, a clerk's decisions on them, and the
 * statement balance against the ledger.
 */
import * as z from 'zod';
import { Beneficiary, FundId, page, PledgeRef, PledgeStatus } from './common';
import { CountAndAmount, Cursor, Limit, StatementId } from './statements';

export const StatementLineParams = z.object({
  id: StatementId,
  lineId: z.string().regex(/^[0-9a-f]{32}-\d{1,9}$/, { error: 'must be a line id from this statement' }),
});

export const StatementLinesQuery = z.object({
  status: z.enum(['MATCHED', 'UNMATCHED', 'FLAGGED', 'IGNORED'], { error: 'must be MATCHED, UNMATCHED, FLAGGED or IGNORED' }).optional(),
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
  'BANK_REF_RECORDED',
  'FUND_CLOSED',
] as const;
const LineStatus = z.enum(['MATCHED', 'UNMATCHED', 'FLAGGED', 'IGNORED']);
const LedgerEffect = z.enum(['RECEIPT', 'DISBURSEMENT_PAID', 'NONE']).meta({ description: 'What the line did to the ledger' });
const Direction = z.enum(['CREDIT', 'DEBIT']);

export const StatementLine = z
  .object({
    lineId: z.string(),
    fundId: FundId,
    statementId: z.string().meta({ description: 'The statement that imported the line first' }),
    lineNo: z.number().int(),
    occurrence: z.number().int(),
    bookedAt: z.string(),
    valueDate: z.string(),
    direction: Direction,
    amount: z.number().int(),
    bankRef: z.string(),
    memo: z.string(),
    balance: z.number().int().optional(),
    counterparty: z.string().optional(),
    status: LineStatus,
    effect: LedgerEffect,
    reasons: z.array(z.enum(LINE_FLAGS)),
    codes: z.array(z.string()),
    nearMisses: z.array(z.object({ raw: z.string(), prefix: z.enum(['UH', 'GN']), suggestions: z.array(z.string()) })),
    amountCheck: z.enum(['EXACT', 'PARTIAL', 'OVERPAID']).optional(),
    expectedAmount: z.number().int().optional(),
    pledgeRef: z.string().optional(),
    disbursementRef: z.string().optional(),
    receiptId: z.string().optional(),
    decidedBy: z.string().optional(),
    decidedAt: z.string().optional(),
    ignoreReason: z.string().optional(),
    importedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: 'StatementLine' });

export const StatementLinePage = page(StatementLine).meta({ id: 'StatementLinePage' });

/** A line waiting for a person (UNMATCHED or FLAGGED), with the codes the matcher suggests. */
export const ReviewLine = z
  .object({
    statementId: z.string(),
    lineId: z.string(),
    lineNo: z.number().int(),
    valueDate: z.string(),
    direction: Direction,
    amount: z.number().int(),
    status: LineStatus,
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
  status: z.enum(['UNMATCHED', 'FLAGGED'], { error: 'must be UNMATCHED or FLAGGED' }).optional(),
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
      z.object({ amount: z.number().int(), basis: z.literal('importedCreditsMinusDebits'), asOf: z.string().optional() }),
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
      lines: z.number().int(),
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
