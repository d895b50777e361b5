import * as z from 'zod';
import { FieldErrorSchema, FundId, page } from './common';

export const StatementId = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be a statement id (ULID)' });
export const Cursor = z.string().max(2000).optional();
export const Limit = z.coerce
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

/** Which of the fund's accounts the file is, when the file does not say and the fund has several. */
const AccountNumber = z.string().trim().regex(/^[0-9][0-9 .-]{4,30}$/, { error: 'must be an account number' });

export const UploadStatementQuery = z.object({
  fundId: FundId,
  fileName: FileName.default('sao-ke.csv'),
  accountNumber: AccountNumber.optional().meta({ description: 'Which of the fund’s accounts the statement is of, when the file does not say and the fund has several; part of every line’s identity' }),
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
  accountNumber: AccountNumber.optional().meta({ description: 'Which of the fund’s accounts the statement is of, when the file does not say and the fund has several; part of every line’s identity' }),
    },
    { error: (issue) => (issue.code === 'unrecognized_keys' ? `unknown field(s): ${issue.keys.join(', ')}` : 'must be an object') },
  )
  .meta({ id: 'RequestStatementUpload' });

export const StatementParams = z.object({ id: StatementId });
export const ListStatementsQuery = z.object({ fundId: FundId, cursor: Cursor, limit: Limit });

// What the statement routes answer with.

export const CountAndAmount = z.object({ count: z.number().int(), amount: z.number().int() });

const BalanceBreak = z.object({
  row: z.number().int(),
  lineNo: z.number().int(),
  expected: z.number().int().meta({ description: 'The previous balance ± this row’s amount' }),
  found: z.number().int().meta({ description: 'The balance the row prints' }),
});

export const StatementView = z
  .object({
    id: z.string(),
    fundId: FundId,
    account: z.string().meta({ description: 'The fund account the lines are of: `<bank BIN>/<account number>`' }),
    fileName: z.string(),
    contentType: z.string(),
    source: z.enum(['body', 'presigned']).meta({ description: 'The file came as the request body, or by a presigned upload' }),
    status: z.enum(['AWAITING_UPLOAD', 'QUEUED', 'IMPORTING', 'COMPLETED', 'FAILED']),
    uploadedBy: z.string(),
    uploadedAt: z.string(),
    validatedAt: z.string().optional(),
    completedAt: z.string().optional(),
    failedAt: z.string().optional(),
    format: z.string().optional().meta({ description: 'The layout recognised from the header: `bidv`, `mb`, `techcombank`, `vcb`, `vietinbank`, `native`, or `mapping:<id>`' }),
    period: z.object({ from: z.string().optional(), to: z.string().optional() }).optional(),
    size: z.number().int().optional(),
    sha256: z.string().optional(),
    accountNumber: z.string().optional().meta({ description: 'The account number the file’s title rows name' }),
    openingBalance: z.number().int().optional(),
    closingBalance: z.number().int().optional(),
    balanceBreaks: z
      .object({ count: z.number().int(), items: z.array(BalanceBreak) })
      .optional()
      .meta({ description: 'Rows whose running balance does not continue from the previous one (the first 200)' }),
    processing: z.boolean().meta({ description: 'An import holds the statement right now' }),
    progress: z.object({
      linesValidated: z.number().int(),
      linesProcessed: z.number().int(),
      lineCount: z.number().int().nullable(),
      percent: z.number().int().min(0).max(100),
    }),
    summary: z
      .object({
        rows: z.number().int().nullable().meta({ description: 'Every row read: counted + held + duplicates + not transactions + pending' }),
        lines: z.number().int().nullable().meta({ description: 'Transaction rows, damaged ones included' }),
        counted: z.object({ count: z.number().int(), credits: CountAndAmount, debits: CountAndAmount }),
        held: z.object({ count: z.number().int(), credited: z.number().int(), debited: z.number().int() }).meta({ description: 'Waiting for a clerk; the money they carry is held, not lost' }),
        duplicates: z.object({ count: z.number().int(), credited: z.number().int(), debited: z.number().int() }),
        notTransactions: z.object({
          count: z.number().int(),
          title: z.number().int(),
          header: z.number().int(),
          footer: z.number().int(),
          blank: z.number().int(),
          decided: z.number().int().meta({ description: 'Held lines a clerk decided are not transactions' }),
        }),
        pending: z.number().int().meta({ description: 'Lines the import has not reached yet' }),
        balanced: z.boolean().meta({ description: 'rows = counted + held + duplicates + not transactions + pending' }),
        damaged: z.number().int(),
        inferred: z.number().int(),
        matched: z.number().int(),
        unmatched: z.number().int(),
        flagged: z.number().int(),
        ignored: z.number().int(),
        credits: CountAndAmount.nullable().meta({ description: 'The credits of the file’s readable rows' }),
        debits: CountAndAmount.nullable(),
        amounts: z.object({ matched: z.number().int(), unmatched: z.number().int(), flagged: z.number().int(), ignored: z.number().int() }),
        outsideLedger: z
          .object({ credited: z.number().int(), debited: z.number().int() })
          .meta({ description: 'Money the bank moved that no receipt or payout explains' }),
      })
      .meta({ id: 'StatementSummary' }),
    errors: z.array(FieldErrorSchema).optional().meta({ description: 'Why a FAILED file failed' }),
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
