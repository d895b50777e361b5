import * as z from 'zod';
import { Beneficiary, FieldErrorSchema, FundId, page, PledgeRef, PledgeStatus } from './common';

const StatementId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be a statement id (ULID)' });
const Cursor = z.string().max(2000).optional();
const Limit = z.coerce
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(1, { error: 'must be from 1 to 500' })
  .max(500, { error: 'must be from 1 to 500' })
  .default(100);

/** The file types a clerk may upload; the content decides CSV or XLSX, whatever the type claims. */
export const STATEMENT_FILE_TYPES = [
  'text/csv',
  'application/csv',
  'text/plain',
  'text/tab-separated-values',
  // What Windows browsers call a .csv when Excel is installed.
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/octet-stream',
] as const;

export const FileName = z
  .string()
  .trim()
  .min(1, { error: 'is required' })
  .max(200, { error: 'must be at most 200 characters' })
  // eslint-disable-next-line no-control-regex
  .refine((s) => !/[\u0000-\u001f]/.test(s), { error: 'must not hold control characters' });

export const UploadStatementQuery = z.object({
  fundId: FundId,
  fileName: FileName.default('sao-ke.csv'),
});

export const RequestStatementUploadBody = z
  .strictObject(
    {
      fundId: FundId,
      fileName: FileName,
      contentType: z.enum(STATEMENT_FILE_TYPES, { error: `must be one of ${STATEMENT_FILE_TYPES.join(', ')}` }),
      size: z
        .number({ error: 'must be a number' })
        .int({ error: 'must be a whole number of bytes' })
        .positive({ error: 'must be greater than 0' })
        .max(100 * 1024 * 1024, { error: 'must be at most 100 MB (104857600 bytes)' }),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : 'must be an object') },
  )
  .meta({ id: 'RequestStatementUpload' });

export const StatementParams = z.object({ id: StatementId });
export const StatementLineParams = z.object({
  id: StatementId,
  lineId: z.string().regex(/^[0-9a-f]{32}-\d{1,9}$/, { error: 'must be a line id from this statement' }),
});

export const ListStatementsQuery = z.object({ fundId: FundId, cursor: Cursor, limit: Limit });

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

// What the statement routes answer with.

const CountAndAmount = z.object({ count: z.number().int(), amount: z.number().int() });

export const StatementView = z
  .object({
    id: z.string(),
    fundId: FundId,
    fileName: z.string(),
    contentType: z.string(),
    source: z.enum(['body', 'presigned']).meta({ description: 'The file came as the request body, or by a presigned upload' }),
    status: z.enum(['AWAITING_UPLOAD', 'QUEUED', 'IMPORTING', 'COMPLETED', 'FAILED']),
    uploadedBy: z.string(),
    uploadedAt: z.string(),
    validatedAt: z.string().optional(),
    completedAt: z.string().optional(),
    failedAt: z.string().optional(),
    format: z.string().optional().meta({ description: 'The layout recognised from the header: `native`, `vcb`, `vietinbank`…' }),
    period: z.object({ from: z.string().optional(), to: z.string().optional() }).optional(),
    size: z.number().int().optional(),
    sha256: z.string().optional(),
    openingBalance: z.number().int().optional(),
    closingBalance: z.number().int().optional(),
    processing: z.boolean().meta({ description: 'An import holds the statement right now' }),
    progress: z.object({
      linesValidated: z.number().int(),
      linesProcessed: z.number().int(),
      lineCount: z.number().int().nullable(),
      percent: z.number().int().min(0).max(100),
    }),
    summary: z.object({
      lines: z.number().int().nullable(),
      imported: z.number().int(),
      duplicates: z.number().int().meta({ description: 'Lines an earlier statement imported already' }),
      matched: z.number().int(),
      unmatched: z.number().int(),
      flagged: z.number().int(),
      ignored: z.number().int(),
      credits: CountAndAmount.nullable(),
      debits: CountAndAmount.nullable(),
      importedCredits: CountAndAmount,
      importedDebits: CountAndAmount,
      amounts: z.object({ matched: z.number().int(), unmatched: z.number().int(), flagged: z.number().int(), ignored: z.number().int() }),
      outsideLedger: z
        .object({ credited: z.number().int(), debited: z.number().int() })
        .meta({ description: 'Money the bank moved that no receipt or payout explains' }),
    }),
    errors: z.array(FieldErrorSchema).optional().meta({ description: 'Why a FAILED file failed: row and column' }),
  })
  .meta({ id: 'Statement' });

export const StatementPage = page(StatementView).meta({ id: 'StatementPage' });

export const StatementUploadRequested = z
  .object({
    statement: StatementView,
    upload: z.object({
      method: z.literal('PUT'),
      url: z.string(),
      headers: z.object({ 'content-type': z.string() }),
      expiresIn: z.number().int().meta({ description: 'Seconds the URL stays valid' }),
    }),
  })
  .meta({ id: 'StatementUploadRequested' });

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
      toReview: z.array(
        z.object({
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
        }),
      ),
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
