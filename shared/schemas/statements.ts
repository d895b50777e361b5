import * as z from 'zod';
import { FundId, PledgeRef } from './common';

const Ulid = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, { error: 'must be a statement id (ULID)' });
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

export const StatementParams = z.object({ id: Ulid });
export const StatementLineParams = z.object({
  id: Ulid,
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
